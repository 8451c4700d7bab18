package io.smile.federation;

import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Evaluator;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The checks a member makes before it produces any decryption share: the aggregate must be exactly
 * the homomorphic sum of the contributions broadcast with it, they must be fresh encryptions from at
 * least {@code minContributors} distinct members, and the entry under this member's id, if any,
 * must be byte-identical to what it sent. So a coordinator that asks for the decryption of one
 * site's ciphertext (or of anything but such a sum) is refused.
 */
final class AggregateVerifier {
    private final MemberChannel ch;
    private final Evaluator eval;

    AggregateVerifier(MemberChannel ch) {
        this.ch = ch;
        this.eval = new Evaluator(ch.ctx, null);
    }

    /**
     * @param mine the ciphertexts this member sent to the round, null if none
     * @throws IllegalArgumentException naming the reason to refuse
     */
    void verify(Payloads.Aggregate a, int round, List<byte[]> mine) {
        SortedMap<Integer, byte[]> contributions = a.contributions();
        if (contributions.size() < ch.minContributors) {
            throw new IllegalArgumentException("refused to decrypt: the aggregate has " + contributions.size()
                    + " contribution(s), at least " + ch.minContributors + " are required");
        }
        if (!ch.members.containsAll(contributions.keySet())) {
            throw new IllegalArgumentException("refused to decrypt: contributors " + contributions.keySet()
                    + " include non-members");
        }
        if (contributions.containsKey(ch.id)) {
            List<byte[]> listed = Payloads.readList(contributions.get(ch.id));
            if (mine == null || listed.size() != mine.size()) {
                throw new IllegalArgumentException("refused to decrypt: a contribution is listed under my id that I did not send");
            }
            for (int i = 0; i < listed.size(); i++) {
                if (!Arrays.equals(listed.get(i), mine.get(i))) {
                    throw new IllegalArgumentException("refused to decrypt: the contribution listed under my id is not mine");
                }
            }
        } else if (mine != null) {
            ch.log.accept("member " + ch.id + ": my contribution to round " + round + " was left out (late?)");
        }
        int n = ch.ctsPerContribution;
        Ciphertext[] sum = new Ciphertext[n];
        for (Map.Entry<Integer, byte[]> c : contributions.entrySet()) {
            List<byte[]> cts = Payloads.readList(c.getValue());
            if (cts.size() != n) {
                throw new IllegalArgumentException("refused to decrypt: member " + c.getKey() + "'s contribution has "
                        + cts.size() + " ciphertexts, expected " + n);
            }
            for (int i = 0; i < cts.size(); i++) {
                Ciphertext ct = ch.ser.readCiphertext(cts.get(i));
                if (ct.size() != 2 || ct.level() != ch.ctx.parameters().maxLevel()) {
                    throw new IllegalArgumentException("refused to decrypt: member " + c.getKey()
                            + "'s ciphertext is not a fresh encryption");
                }
                sum[i] = sum[i] == null ? ct : eval.add(sum[i], ct);
            }
        }
        List<byte[]> aggregate = Payloads.readList(a.aggregate());
        if (aggregate.size() != n) {
            throw new IllegalArgumentException("refused to decrypt: aggregate has " + aggregate.size() + " ciphertexts");
        }
        for (int i = 0; i < n; i++) {
            if (!Arrays.equals(ch.ser.writeCiphertext(sum[i]), aggregate.get(i))) {
                throw new IllegalArgumentException("refused to decrypt: ciphertext " + i
                        + " of the aggregate is not the sum of the broadcast contributions " + contributions.keySet());
            }
        }
    }
}

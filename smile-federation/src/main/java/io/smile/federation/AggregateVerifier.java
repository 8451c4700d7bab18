package io.smile.federation;

import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Evaluator;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The checks a member makes on a round's aggregate before it produces any decryption share: every
 * listed contribution must be its author's signed CONTRIBUTION for this federation, this round and
 * this collective key (so none is forged, re-attributed or replayed from another round); they must
 * come from at least {@code minContributors} distinct members, be fresh encryptions, and the
 * aggregate must be exactly their homomorphic sum; the coordinator's message must name their hash.
 * So a coordinator that asks for the decryption of one site's ciphertext, of anything but such a
 * sum, or of a sum it padded with its own encryptions, is refused.
 */
final class AggregateVerifier {
    /** A verified aggregate: its hash, its contributors and ciphertexts (by member), and the sum. */
    record Verified(byte[] hash, SortedMap<Integer, byte[]> contributions, List<Ciphertext> sum) {
    }

    private final MemberChannel ch;
    private final Evaluator eval;

    AggregateVerifier(MemberChannel ch) {
        this.ch = ch;
        this.eval = new Evaluator(ch.ctx, null);
    }

    /** @throws IllegalArgumentException naming the reason to refuse */
    Verified verify(Envelope e, Payloads.Aggregate a, int round) {
        SortedMap<Integer, byte[]> signed = a.contributions();
        if (signed.size() < ch.minContributors) {
            throw new IllegalArgumentException("refused to decrypt: the aggregate has " + signed.size()
                    + " contribution(s), at least " + ch.minContributors + " are required");
        }
        if (!ch.members.containsAll(signed.keySet())) {
            throw new IllegalArgumentException("refused to decrypt: contributors " + signed.keySet() + " include non-members");
        }
        SortedMap<Integer, byte[]> contributions = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> c : signed.entrySet()) {
            try {
                contributions.put(c.getKey(), Transcript.openRelayed(c.getValue(), ch.roster, ch.federation,
                        Envelope.Kind.CONTRIBUTION, c.getKey(), round, ch.keyHash).payload());
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException("refused to decrypt: " + x.getMessage());
            }
        }
        byte[] hash = Transcript.ofMembers("aggregate", ch.federation, round, contributions);
        if (!e.dependsOn(hash)) {
            throw new IllegalArgumentException("refused to decrypt: the AGGREGATE names another aggregate hash than that "
                    + "of the contributions it lists");
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
        return new Verified(hash, contributions, List.of(sum));
    }
}

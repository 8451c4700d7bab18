package io.smile.federation;

import io.smile.he.bgv.Ciphertext;
import io.smile.he.multiparty.ActiveSet;
import io.smile.he.multiparty.Collective;
import io.smile.he.multiparty.ShareAggregator;
import io.smile.he.multiparty.ShareType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Member, each round after the contributions: one sum per round. It verifies the aggregate
 * ({@link AggregateVerifier}) and then holds the round to it:
 * <ul>
 *   <li>the first verified aggregate of a round is the round's aggregate; any other (another hash:
 *       another contribution set) is refused, so retries can change only the decrypting set;</li>
 *   <li>an aggregate that leaves out this member's own contribution is refused (no share);</li>
 *   <li>it produces decryption shares for at most one attempt of a round, even for the same
 *       aggregate: two shares of one ciphertext with two Lagrange weights λ_T, λ_T' give two noisy
 *       multiples of s_i·c whose lattice reveals s_i·c when the smudging noise is not far above
 *       √q.</li>
 * </ul>
 * After the release it recombines the signed shares the result carries over the aggregate it
 * verified and refuses a released sum that is not their decryption.
 */
final class MemberDecryption {
    private final MemberChannel ch;
    private final AggregateVerifier verifier;
    private int verifiedRound = -1;
    private AggregateVerifier.Verified verified;
    private int answeredRound = -1;
    private int answeredAttempt = -1;

    MemberDecryption(MemberChannel ch) {
        this.ch = ch;
        this.verifier = new AggregateVerifier(ch);
    }

    /**
     * @param mine  the signed CONTRIBUTION this member sent to {@code round}, null if none
     * @param setup this member's completed threshold setup
     */
    void onAggregate(Envelope e, int round, byte[] mine, MemberThresholdSetup setup) {
        Payloads.Aggregate a = Payloads.readAggregate(e.payload());
        if (e.round() != round) {
            throw new IllegalArgumentException("refused to decrypt: aggregate for round " + e.round() + ", the current round is "
                    + round);
        }
        if (a.attempt() != e.attempt()) {
            throw new IllegalArgumentException("aggregate payload names attempt " + a.attempt() + ", its envelope " + e.attempt());
        }
        TreeSet<Integer> decryptors = new TreeSet<>(a.decryptors());
        if (!ch.members.containsAll(decryptors) || decryptors.size() != a.decryptors().size()) {
            throw new IllegalArgumentException("decrypting set " + a.decryptors() + " is not a set of members");
        }
        if (decryptors.size() < ch.threshold) {
            throw new IllegalArgumentException("refused to decrypt: decrypting set " + decryptors + " has fewer than t = "
                    + ch.threshold + " members");
        }
        if (verifiedRound == round && !java.security.MessageDigest.isEqual(verified.hash(), e.dependsOn())) {
            throw new IllegalArgumentException("refused to decrypt: a second aggregate for round " + round + " (hash "
                    + Transcript.hex(e.dependsOn()) + ", the round's is " + Transcript.hex(verified.hash())
                    + "): one sum per round");
        }
        AggregateVerifier.Verified v = verifier.verify(e, a, round);
        // a valid aggregate that leaves me out is still the round's one aggregate: I check its release, I do not decrypt it
        verifiedRound = round;
        verified = v;
        if (mine != null) {
            byte[] listed = a.contributions().get(ch.id);
            if (listed == null) {
                throw new IllegalArgumentException("refused to decrypt: the aggregate of round " + round
                        + " leaves out my contribution");
            }
            if (!Arrays.equals(listed, mine)) {
                throw new IllegalArgumentException("refused to decrypt: the contribution listed under my id is not mine");
            }
        } else if (a.contributions().containsKey(ch.id)) {
            throw new IllegalArgumentException("refused to decrypt: a contribution is listed under my id that I did not send");
        }
        if (!decryptors.contains(ch.id)) {
            return;
        }
        if (answeredRound == round) {
            throw new IllegalArgumentException("refused to decrypt: I already produced decryption shares for round " + round
                    + " (attempt " + answeredAttempt + "); a second set of shares under another decrypting set would expose "
                    + "my key share");
        }
        answeredRound = round;
        answeredAttempt = a.attempt();
        ActiveSet set = new ActiveSet(decryptors);
        int bits = FederationParameters.smudgingBits(ch.ctx, ch.ctx.parameters().maxLevel(), ch.members.size());
        List<byte[]> shares = new ArrayList<>();
        for (int i = 0; i < v.sum().size(); i++) {
            shares.add(ch.codec.encode(setup.party().decryptionShare(Topics.decryptionProtocol(round, a.attempt(), i),
                    v.sum().get(i), bits, set)));
        }
        ch.publish(ch.topics.decryptionShare(round, ch.id), Envelope.Kind.DECRYPTION_SHARE, round, a.attempt(), v.hash(),
                Payloads.list(shares));
    }

    /**
     * Checks a RESULT against the aggregate this member verified for {@code round}: the result names
     * its hash, carries a signed decryption share (for that hash and attempt) from every member of a
     * set of at least t, and the sum is exactly their decryption of the aggregate.
     *
     * @throws IllegalArgumentException naming why the release is refused
     */
    void verifyRelease(Envelope e, Payloads.Result r, int round) {
        if (verifiedRound != round) {
            throw new IllegalArgumentException("refused the result of round " + round + ": I verified no aggregate for it");
        }
        if (!java.security.MessageDigest.isEqual(verified.hash(), e.dependsOn())) {
            throw new IllegalArgumentException("refused the result of round " + round + ": it names another aggregate (hash "
                    + Transcript.hex(e.dependsOn()) + ", the round's is " + Transcript.hex(verified.hash()) + ")");
        }
        if (!r.contributors().equals(List.copyOf(verified.contributions().keySet()))) {
            throw new IllegalArgumentException("refused the result of round " + round + ": contributors " + r.contributors()
                    + " are not the aggregate's " + verified.contributions().keySet());
        }
        TreeSet<Integer> set = new TreeSet<>(r.decryptors());
        if (set.size() != r.decryptors().size() || set.size() < ch.threshold || !ch.members.containsAll(set)
                || !r.shares().keySet().equals(set)) {
            throw new IllegalArgumentException("refused the result of round " + round + ": decrypting set " + r.decryptors()
                    + " with shares from " + r.shares().keySet() + " is not t = " + ch.threshold + " or more members");
        }
        ActiveSet active = new ActiveSet(set);
        int n = verified.sum().size();
        List<ShareAggregator> combiners = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            combiners.add(ShareAggregator.forActiveSet(ch.ctx, ShareType.DECRYPT, verified.sum().get(i).level(),
                    Topics.decryptionProtocol(round, e.attempt(), i), active));
        }
        for (Map.Entry<Integer, byte[]> s : r.shares().entrySet()) {
            Envelope share = Transcript.openRelayed(s.getValue(), ch.roster, ch.federation, Envelope.Kind.DECRYPTION_SHARE,
                    s.getKey(), round, verified.hash());
            if (share.attempt() != e.attempt()) {
                throw new IllegalArgumentException("refused the result of round " + round + ": member " + s.getKey()
                        + "'s share is for attempt " + share.attempt() + ", the result's is " + e.attempt());
            }
            List<byte[]> parts = Payloads.readList(share.payload());
            if (parts.size() != n) {
                throw new IllegalArgumentException("refused the result of round " + round + ": member " + s.getKey()
                        + " sent " + parts.size() + " shares, expected " + n);
            }
            for (int i = 0; i < n; i++) {
                combiners.get(i).add(s.getKey(), parts.get(i));
            }
        }
        int slots = ch.ctx.parameters().slotCount();
        long[] all = new long[n * slots];
        for (int i = 0; i < n; i++) {
            Ciphertext ct = verified.sum().get(i);
            long[] dec = ch.ctx.encoder().decode(Collective.decrypt(ch.ctx, ct, combiners.get(i).combine()));
            System.arraycopy(dec, 0, all, i * slots, slots);
        }
        if (!Arrays.equals(Arrays.copyOf(all, r.sum().length), r.sum())) {
            throw new IllegalArgumentException("refused the result of round " + round + ": the released sum is not the "
                    + "decryption of the aggregate I verified");
        }
    }

    /** True if this member answered an attempt of {@code round}. */
    boolean answered(int round) {
        return answeredRound == round;
    }
}

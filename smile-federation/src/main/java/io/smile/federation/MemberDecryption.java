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
 *   <li>attempt k never decrypts the aggregate itself but ct_k = aggregate + Enc_pk(0; ρ_k), which
 *       this member derives from the aggregate it verified ({@link AttemptCiphertexts}; ρ_k is
 *       expanded from the aggregate hash, r and k, so nobody chooses it): two shares of one
 *       ciphertext under two Lagrange weights would expose its Shamir share, two shares of ct_j and
 *       ct_k do not (docs/multiparty.md);</li>
 *   <li>it answers each (round, attempt) at most once, and only attempts below
 *       {@link FederationParameters#MAX_DECRYPTION_ATTEMPTS}; it may answer several attempts of a
 *       round (each a different c1).</li>
 * </ul>
 * After the release it recombines the signed shares the result carries over ct_k of the released
 * attempt and refuses a released sum that is not their decryption.
 */
final class MemberDecryption {
    private final MemberChannel ch;
    private final AggregateVerifier verifier;
    private int verifiedRound = -1;
    private AggregateVerifier.Verified verified;
    private int answeredRound = -1;
    /** The last derived ct_k (its round and attempt): the release check reuses the ciphertexts the share was made for. */
    private int derivedRound = -1;
    private int derivedAttempt = -1;
    private List<Ciphertext> derived;
    /** The attempts of {@code answeredRound} this member produced shares for. */
    private final java.util.SortedSet<Integer> answeredAttempts = new TreeSet<>();

    MemberDecryption(MemberChannel ch) {
        this.ch = ch;
        this.verifier = new AggregateVerifier(ch);
    }

    /**
     * @param mine  the signed CONTRIBUTION this member sent to {@code round}, null if none
     * @param setup this member's completed threshold setup
     */
    void onAggregate(Envelope e, int round, byte[] mine, MemberThresholdSetup setup, io.smile.he.rlwe.PublicKey pk) {
        Payloads.Aggregate a = Payloads.readAggregate(e.payload());
        if (e.round() != round) {
            throw new IllegalArgumentException("refused to decrypt: aggregate for round " + e.round() + ", the current round is "
                    + round);
        }
        if (a.attempt() != e.attempt()) {
            throw new IllegalArgumentException("aggregate payload names attempt " + a.attempt() + ", its envelope " + e.attempt());
        }
        if (a.attempt() < 0 || a.attempt() >= FederationParameters.MAX_DECRYPTION_ATTEMPTS) {
            throw new IllegalArgumentException("refused to decrypt: attempt " + a.attempt() + " of round " + round
                    + " is beyond the " + FederationParameters.MAX_DECRYPTION_ATTEMPTS + " decryption attempts of a round");
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
        if (answeredRound != round) {
            answeredRound = round;
            answeredAttempts.clear();
        }
        if (answeredAttempts.contains(a.attempt())) {
            throw new IllegalArgumentException("refused to decrypt: I already produced decryption shares for attempt "
                    + a.attempt() + " of round " + round + "; shares of that attempt's ciphertext under another decrypting "
                    + "set would expose my key share");
        }
        answeredAttempts.add(a.attempt());
        List<Ciphertext> attemptCts = attemptCiphertexts(pk, round, a.attempt());
        ActiveSet set = new ActiveSet(decryptors);
        int bits = FederationParameters.smudgingBits(ch.ctx, ch.ctx.parameters().maxLevel(), ch.members.size());
        List<byte[]> shares = new ArrayList<>();
        for (int i = 0; i < attemptCts.size(); i++) {
            shares.add(ch.codec.encode(setup.party().decryptionShare(Topics.decryptionProtocol(round, a.attempt(), i),
                    attemptCts.get(i), bits, set)));
        }
        ch.publish(ch.topics.decryptionShare(round, ch.id), Envelope.Kind.DECRYPTION_SHARE, round, a.attempt(), v.hash(),
                Payloads.list(shares));
    }

    /**
     * Checks a RESULT against the aggregate this member verified for {@code round}: the result names
     * its hash, carries a signed decryption share (for that hash and attempt) from every member of a
     * set of at least t, and the sum is exactly their decryption of ct_k, the released attempt's
     * re-randomization of the aggregate, which this member derives itself.
     *
     * @throws IllegalArgumentException naming why the release is refused
     */
    void verifyRelease(Envelope e, Payloads.Result r, int round, io.smile.he.rlwe.PublicKey pk) {
        if (verifiedRound != round) {
            throw new IllegalArgumentException("refused the result of round " + round + ": I verified no aggregate for it");
        }
        if (e.attempt() < 0 || e.attempt() >= FederationParameters.MAX_DECRYPTION_ATTEMPTS) {
            throw new IllegalArgumentException("refused the result of round " + round + ": attempt " + e.attempt()
                    + " is beyond the " + FederationParameters.MAX_DECRYPTION_ATTEMPTS + " decryption attempts of a round");
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
        List<Ciphertext> attemptCts = attemptCiphertexts(pk, round, e.attempt());
        int slots = ch.ctx.parameters().slotCount();
        long[] all = new long[n * slots];
        for (int i = 0; i < n; i++) {
            Ciphertext ct = attemptCts.get(i);
            long[] dec = ch.ctx.encoder().decode(Collective.decrypt(ch.ctx, ct, combiners.get(i).combine()));
            System.arraycopy(dec, 0, all, i * slots, slots);
        }
        if (!Arrays.equals(Arrays.copyOf(all, r.sum().length), r.sum())) {
            throw new IllegalArgumentException("refused the result of round " + round + ": the released sum is not the "
                    + "decryption of the aggregate I verified (attempt " + e.attempt() + ")");
        }
    }

    /** ct_k of the round's verified aggregate, derived once per (round, attempt). */
    private List<Ciphertext> attemptCiphertexts(io.smile.he.rlwe.PublicKey pk, int round, int attempt) {
        if (derivedRound != round || derivedAttempt != attempt) {
            derived = AttemptCiphertexts.of(ch.ctx, pk, verified.sum(), verified.hash(), round, attempt);
            derivedRound = round;
            derivedAttempt = attempt;
        }
        return derived;
    }

    /** True if this member answered an attempt of {@code round}. */
    boolean answered(int round) {
        return answeredRound == round;
    }
}

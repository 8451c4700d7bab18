package io.smile.federation;

import io.smile.he.bgv.Ciphertext;
import io.smile.he.multiparty.ActiveSet;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Member, each round after the contributions: checks the decrypting set T and the aggregate, then,
 * if this member is in T, publishes its smudged threshold decryption shares. It answers only if
 * every listed contributor is in T, so each listed contribution is vouched for by its owner, whose
 * share is needed; and each (round, attempt) at most once.
 */
final class MemberDecryption {
    private final MemberChannel ch;
    private final AggregateVerifier verifier;
    private int answeredRound = -1;
    private int answeredAttempt = -1;

    MemberDecryption(MemberChannel ch) {
        this.ch = ch;
        this.verifier = new AggregateVerifier(ch);
    }

    /**
     * @param mine  the ciphertexts this member sent to {@code round}, null if none
     * @param setup this member's completed threshold setup
     */
    void onAggregate(Envelope e, int round, List<byte[]> mine, MemberThresholdSetup setup) {
        Payloads.Aggregate a = Payloads.readAggregate(e.payload());
        if (e.round() != round || (answeredRound == round && a.attempt() <= answeredAttempt)) {
            throw new IllegalArgumentException("aggregate for round " + e.round() + " attempt " + a.attempt()
                    + " not expected (current round " + round
                    + (answeredRound == round ? ", attempt " + answeredAttempt + " already answered" : "") + ")");
        }
        TreeSet<Integer> decryptors = new TreeSet<>(a.decryptors());
        if (!ch.members.containsAll(decryptors) || decryptors.size() != a.decryptors().size()) {
            throw new IllegalArgumentException("decrypting set " + a.decryptors() + " is not a set of members");
        }
        if (decryptors.size() < ch.threshold) {
            throw new IllegalArgumentException("refused to decrypt: decrypting set " + decryptors + " has fewer than t = "
                    + ch.threshold + " members");
        }
        if (!decryptors.containsAll(a.contributions().keySet())) {
            throw new IllegalArgumentException("refused to decrypt: contributors " + a.contributions().keySet()
                    + " are not all in the decrypting set " + decryptors + " (no owner could object to a forged entry)");
        }
        verifier.verify(a, round, mine);
        List<byte[]> aggregate = Payloads.readList(a.aggregate());
        answeredRound = round;
        answeredAttempt = a.attempt();
        if (!decryptors.contains(ch.id)) {
            return;
        }
        ActiveSet set = new ActiveSet(decryptors);
        int bits = FederationParameters.smudgingBits(ch.ctx, ch.ctx.parameters().maxLevel(), ch.members.size());
        List<byte[]> shares = new ArrayList<>();
        for (int i = 0; i < aggregate.size(); i++) {
            Ciphertext ct = ch.ser.readCiphertext(aggregate.get(i));
            shares.add(ch.codec.encode(setup.party().decryptionShare(Topics.decryptionProtocol(round, a.attempt(), i), ct,
                    bits, set)));
        }
        ch.publish(ch.topics.decryptionShare(round, ch.id), Envelope.Kind.DECRYPTION_SHARE, round, Payloads.list(shares));
    }

    /** True if this member answered the current attempt of {@code round}. */
    boolean answered(int round) {
        return answeredRound == round;
    }
}

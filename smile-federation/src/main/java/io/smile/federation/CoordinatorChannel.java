package io.smile.federation;

import io.smile.he.bgv.BgvContext;
import io.smile.he.wire.BgvSerializer;
import io.smile.federation.identity.Roster;
import io.smile.federation.identity.SigningIdentity;
import io.smile.federation.transport.Transport;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the coordinator's phases share: the federation's fixed settings, the engine (public
 * material only), the roster and the coordinator's signing identity (it signs what it authors; it
 * relays the members' signed messages unchanged), the transcript hashes, the way to publish to the
 * members and the way to fail the run.
 */
final class CoordinatorChannel {
    final String federation;
    final List<Integer> members;
    final int threshold;
    final int minContributors;
    final BgvContext ctx;
    final BgvSerializer ser;
    final Topics topics;
    final int ctsPerContribution;
    final Consumer<String> log;
    final Roster roster;
    /** Signs the coordinator's own messages only; it decrypts nothing. */
    private final SigningIdentity identity;
    byte[] keyHash;
    /** The collective public key (public material): the coordinator derives every attempt's ciphertext with it. */
    io.smile.he.rlwe.PublicKey publicKey;
    byte[] transportHash;
    private final Transport transport;
    private final Consumer<String> failure;

    CoordinatorChannel(String federation, List<Integer> members, int threshold, int minContributors, BgvContext ctx,
                       int width, Transport transport, SigningIdentity identity, Roster roster, Consumer<String> log,
                       Consumer<String> failure) {
        this.federation = federation;
        this.members = members;
        this.threshold = threshold;
        this.minContributors = minContributors;
        this.ctx = ctx;
        this.ser = new BgvSerializer(ctx);
        this.topics = new Topics(federation);
        this.ctsPerContribution = Slots.ciphertexts(width, ctx.parameters().slotCount());
        this.transport = transport;
        this.identity = identity;
        this.roster = roster;
        this.log = log;
        this.failure = failure;
    }

    /** Signs (as the coordinator) and publishes. */
    void publish(String topic, Envelope.Kind kind, int round, int attempt, byte[] dependsOn, byte[] payload) {
        transport.publish(topic, Envelope.of(kind, federation, round, attempt, Envelope.COORDINATOR, dependsOn, payload)
                .signedBy(identity).encode());
    }

    /** Ends the run as failed (the coordinator logs the reason). */
    void fail(String reason) {
        failure.accept(reason);
    }

    /**
     * A member's message: the sender (from the topic) must be a member, the envelope must agree with
     * the topic and carry the sender's signature.
     */
    Envelope open(String topic, byte[] bytes) {
        int sender = Topics.memberOf(topic);
        if (!members.contains(sender)) {
            throw new IllegalArgumentException("not a member of federation " + federation);
        }
        Envelope e = Envelope.decode(bytes);
        if (!e.federation().equals(federation)) {
            throw new IllegalArgumentException("message for federation " + e.federation() + ", this is " + federation);
        }
        if (e.member() != sender) {
            throw new IllegalArgumentException("envelope claims member " + e.member() + " on member " + sender + "'s topic");
        }
        int topicRound = Topics.roundOf(topic);
        if (topicRound >= 0 && topicRound != e.round()) {
            throw new IllegalArgumentException("envelope round " + e.round() + " differs from the topic's round " + topicRound);
        }
        e.verify(roster);
        return e;
    }
}

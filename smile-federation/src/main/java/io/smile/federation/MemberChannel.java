package io.smile.federation;

import io.smile.he.bgv.BgvContext;
import io.smile.he.multiparty.ShareCodec;
import io.smile.he.wire.BgvSerializer;
import io.smile.federation.identity.Roster;
import io.smile.federation.identity.SigningIdentity;
import io.smile.federation.transport.Transport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What a member's phases share: the federation's fixed settings, the engine, this member's signing
 * identity and the roster, the way to publish (signed) to the coordinator, the transcript hashes
 * agreed so far, and the record of refused messages.
 */
final class MemberChannel {
    final String federation;
    final int id;
    final List<Integer> members;
    final int threshold;
    final int minContributors;
    final BgvContext ctx;
    final BgvSerializer ser;
    final ShareCodec codec;
    final Topics topics;
    final int ctsPerContribution;
    final Consumer<String> log;
    final Roster roster;
    private final SigningIdentity identity;
    /** Hash of every member's CKG share, once the collective key is known ({@link Transcript}). */
    byte[] keyHash;
    /** Hash of every member's transport key, once they are accepted. */
    byte[] transportHash;
    private final Transport transport;
    private final List<Rejection> rejections = new CopyOnWriteArrayList<>();

    MemberChannel(String federation, int id, List<Integer> members, int threshold, int minContributors, BgvContext ctx,
                  int width, Transport transport, SigningIdentity identity, Roster roster, Consumer<String> log) {
        this.federation = federation;
        this.id = id;
        this.members = members;
        this.threshold = threshold;
        this.minContributors = minContributors;
        this.ctx = ctx;
        this.ser = new BgvSerializer(ctx);
        this.codec = new ShareCodec(ctx);
        this.topics = new Topics(federation);
        this.ctsPerContribution = Slots.ciphertexts(width, ctx.parameters().slotCount());
        this.transport = transport;
        this.identity = identity;
        this.roster = roster;
        this.log = log;
    }

    /** This member's signed message of {@code kind}, building on {@code dependsOn}. */
    Envelope sign(Envelope.Kind kind, int round, int attempt, byte[] dependsOn, byte[] payload) {
        return Envelope.of(kind, federation, round, attempt, id, dependsOn, payload).signedBy(identity);
    }

    /** Signs and publishes; returns the bytes sent (relayed later by the coordinator, byte for byte). */
    byte[] publish(String topic, Envelope.Kind kind, int round, int attempt, byte[] dependsOn, byte[] payload) {
        byte[] bytes = sign(kind, round, attempt, dependsOn, payload).encode();
        transport.publish(topic, bytes);
        return bytes;
    }

    void reject(Rejection r) {
        rejections.add(r);
        log.accept("member " + id + ": " + r);
    }

    /** Records a refusal that the caller has already logged in its own words. */
    void recordRejection(Rejection r) {
        rejections.add(r);
    }

    List<Rejection> rejections() {
        return List.copyOf(rejections);
    }

    /**
     * A coordinator's message: it must be for this federation, from the coordinator, agree with the
     * topic and carry the coordinator's signature.
     */
    Envelope open(String topic, byte[] bytes) {
        Envelope e = Envelope.decode(bytes);
        if (!e.federation().equals(federation)) {
            throw new IllegalArgumentException("message for federation " + e.federation() + ", this is " + federation);
        }
        if (e.member() != Envelope.COORDINATOR) {
            throw new IllegalArgumentException("coordinator topic carries member id " + e.member());
        }
        int topicRound = Topics.roundOf(topic);
        if (topicRound >= 0 && topicRound != e.round()) {
            throw new IllegalArgumentException("envelope round " + e.round() + " differs from the topic's round " + topicRound);
        }
        e.verify(roster);
        return e;
    }

    /** Throws unless the coordinator's message builds on {@code hash}, naming {@code what} it is. */
    static void expectDependsOn(Envelope e, byte[] hash, String what) {
        if (!e.dependsOn(hash)) {
            throw new IllegalArgumentException(e.kind() + " builds on another " + what + " than mine (depends-on "
                    + Transcript.hex(e.dependsOn()) + ", mine " + Transcript.hex(hash) + ")");
        }
    }

    static void expectTopic(String topic, String expected, Envelope e) {
        if (!topic.equals(expected)) {
            throw new IllegalArgumentException(e.kind() + " on the wrong topic");
        }
    }
}

package io.smile.federation;

import io.smile.he.bgv.BgvContext;
import io.smile.he.multiparty.ShareCodec;
import io.smile.he.wire.BgvSerializer;
import io.smile.federation.transport.Transport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * What a member's phases share: the federation's fixed settings, the engine, the way to publish
 * to the coordinator, and the record of refused messages.
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
    private final Transport transport;
    private final List<Rejection> rejections = new CopyOnWriteArrayList<>();

    MemberChannel(String federation, int id, List<Integer> members, int threshold, int minContributors, BgvContext ctx,
                  int width, Transport transport, Consumer<String> log) {
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
        this.log = log;
    }

    /** Publishes this member's message of {@code kind}. */
    void publish(String topic, Envelope.Kind kind, int round, byte[] payload) {
        transport.publish(topic, new Envelope(kind, federation, round, id, payload).encode());
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

    /** A coordinator's message: it must be for this federation, from the coordinator, and agree with the topic. */
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
        return e;
    }

    static void expectTopic(String topic, String expected, Envelope e) {
        if (!topic.equals(expected)) {
            throw new IllegalArgumentException(e.kind() + " on the wrong topic");
        }
    }
}

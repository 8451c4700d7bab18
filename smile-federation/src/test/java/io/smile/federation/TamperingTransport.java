package io.smile.federation;

import io.smile.federation.transport.Transport;
import java.util.SortedMap;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;

/**
 * A transport that rewrites one party's outgoing messages on one kind of topic, so that a test can
 * play a dishonest coordinator or member with the real runtime: the party's state is what it
 * would be had it been honest, only the published bytes differ.
 */
final class TamperingTransport implements Transport {
    private final Transport inner;
    private final String topic;
    private final UnaryOperator<Envelope> rewrite;

    private TamperingTransport(Transport inner, String topic, UnaryOperator<Envelope> rewrite) {
        this.inner = inner;
        this.topic = topic;
        this.rewrite = rewrite;
    }

    /** The coordinator of {@code federation} broadcasts {@code tamper(aggregate)} instead of the aggregate of each round. */
    static Transport aggregates(Transport coordinator, String federation, UnaryOperator<Payloads.Aggregate> tamper) {
        return new TamperingTransport(coordinator, new Topics(federation).aggregateAll(), e -> new Envelope(e.kind(),
                e.federation(), e.round(), e.member(), Payloads.aggregate(tamper.apply(Payloads.readAggregate(e.payload())))));
    }

    /** Member {@code id} of {@code federation} sends {@code tamper(dealings)} (recipient → sealed bytes) instead of its dealings. */
    static Transport dealings(Transport member, String federation, int id,
                              UnaryOperator<SortedMap<Integer, byte[]>> tamper) {
        return new TamperingTransport(member, new Topics(federation).dealing(id), e -> new Envelope(e.kind(),
                e.federation(), e.round(), e.member(), Payloads.byMember(tamper.apply(Payloads.readByMember(e.payload())))));
    }

    /** MQTT filter match for the filters the tests use: exact, or {@code +} for one level. */
    private boolean matches(String t) {
        String[] f = topic.split("/", -1);
        String[] p = t.split("/", -1);
        if (f.length != p.length) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            if (!f[i].equals("+") && !f[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void publish(String t, byte[] payload) {
        inner.publish(t, matches(t) ? rewrite.apply(Envelope.decode(payload)).encode() : payload);
    }

    @Override
    public void subscribe(String filter, BiConsumer<String, byte[]> handler) {
        inner.subscribe(filter, handler);
    }

    @Override
    public long bytesSent() {
        return inner.bytesSent();
    }

    @Override
    public long bytesReceived() {
        return inner.bytesReceived();
    }

    @Override
    public void close() {
        inner.close();
    }
}

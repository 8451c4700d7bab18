package io.smile.federation;

import io.smile.federation.identity.SigningIdentity;
import io.smile.federation.transport.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A transport that rewrites messages on one kind of topic, so that a test can play a dishonest
 * party with the real runtime: a coordinator or member that publishes something else than the
 * honest protocol would (re-signed with its own key, which the attacker has), or a broker that
 * delivers something else to one subscriber. The party's state is what it would be had it been
 * honest; only the bytes on the wire differ.
 */
final class TamperingTransport implements Transport {
    private final Transport inner;
    private final String topic;
    private final Function<Envelope, List<Envelope>> outgoing;
    private final UnaryOperator<Envelope> incoming;

    private TamperingTransport(Transport inner, String topic, Function<Envelope, List<Envelope>> outgoing,
                               UnaryOperator<Envelope> incoming) {
        this.inner = inner;
        this.topic = topic;
        this.outgoing = outgoing;
        this.incoming = incoming;
    }

    /** The party publishes {@code rewrite(message)} (any number of messages) instead of each message on {@code filter}. */
    static Transport publishing(Transport party, String filter, Function<Envelope, List<Envelope>> rewrite) {
        return new TamperingTransport(party, filter, rewrite, null);
    }

    /** The broker delivers {@code rewrite(message)} to this party instead of each message on {@code filter}. */
    static Transport receiving(Transport party, String filter, UnaryOperator<Envelope> rewrite) {
        return new TamperingTransport(party, filter, null, rewrite);
    }

    /** {@code e} with another payload (and depends-on), signed by {@code author}. */
    static Envelope resign(Envelope e, SigningIdentity author, int attempt, byte[] dependsOn, byte[] payload) {
        return Envelope.of(e.kind(), e.federation(), e.round(), attempt, e.member(), dependsOn, payload).signedBy(author);
    }

    /** The aggregate hash a coordinator names for the contributions it lists (the payloads of the signed messages). */
    static byte[] hashOf(String federation, int round, SortedMap<Integer, byte[]> signedContributions) {
        SortedMap<Integer, byte[]> payloads = new TreeMap<>();
        signedContributions.forEach((m, b) -> payloads.put(m, Envelope.decode(b).payload()));
        return Transcript.ofMembers("aggregate", federation, round, payloads);
    }

    /**
     * The coordinator of {@code federation} broadcasts {@code tamper(aggregate)} instead of the aggregate
     * of each round, signed with its own key and naming the hash of the contributions it lists.
     */
    static Transport aggregates(Transport coordinator, String federation, SigningIdentity key,
                                UnaryOperator<Payloads.Aggregate> tamper) {
        return publishing(coordinator, new Topics(federation).aggregateAll(), e -> {
            Payloads.Aggregate a = tamper.apply(Payloads.readAggregate(e.payload()));
            return List.of(resign(e, key, a.attempt(), hashOf(federation, e.round(), a.contributions()), Payloads.aggregate(a)));
        });
    }

    /**
     * Member {@code key.id()} of {@code federation} sends {@code tamper(dealings)} (recipient → sealed
     * bytes) instead of its dealings, each re-signed with its own key.
     */
    static Transport dealings(Transport member, String federation, SigningIdentity key,
                              UnaryOperator<SortedMap<Integer, byte[]>> tamper) {
        return publishing(member, new Topics(federation).dealing(key.id()), e -> {
            SortedMap<Integer, byte[]> sealed = new TreeMap<>();
            for (Map.Entry<Integer, byte[]> d : Payloads.readByMember(e.payload()).entrySet()) {
                sealed.put(d.getKey(), Payloads.readByMember(Envelope.decode(d.getValue()).payload()).get(d.getKey()));
            }
            SortedMap<Integer, byte[]> out = new TreeMap<>();
            for (Map.Entry<Integer, byte[]> d : tamper.apply(sealed).entrySet()) {
                SortedMap<Integer, byte[]> one = new TreeMap<>();
                one.put(d.getKey(), d.getValue());
                out.put(d.getKey(), resign(e, key, 0, e.dependsOn(), Payloads.byMember(one)).encode());
            }
            return List.of(resign(e, key, 0, e.dependsOn(), Payloads.byMember(out)));
        });
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
        if (outgoing == null || !matches(t)) {
            inner.publish(t, payload);
            return;
        }
        List<byte[]> out = new ArrayList<>();
        outgoing.apply(Envelope.decode(payload)).forEach(e -> out.add(e.encode()));
        out.forEach(b -> inner.publish(t, b));
    }

    @Override
    public void subscribe(String filter, BiConsumer<String, byte[]> handler) {
        if (incoming == null) {
            inner.subscribe(filter, handler);
            return;
        }
        inner.subscribe(filter, (t, b) -> handler.accept(t, matches(t) ? incoming.apply(Envelope.decode(b)).encode() : b));
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

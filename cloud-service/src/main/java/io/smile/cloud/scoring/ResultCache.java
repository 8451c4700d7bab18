package io.smile.cloud.scoring;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The last encoded results sent to each gateway, so that a batch the gateway sends again (its result
 * did not arrive: lost with a broker crash, or late) is answered with the result already computed,
 * not scored twice and not dropped. Per gateway at most {@code perGateway} results and
 * {@code bytesPerGateway} bytes (the oldest go first; one result larger than that is not kept), so the
 * whole cache holds at most {@code maxGateways × bytesPerGateway}. Only encrypted results are kept
 * (what was already published on the gateway's topic): nothing here is a plaintext. Thread-safe.
 */
public final class ResultCache {
    /** A result as it was published. */
    public record Stored(String topic, byte[] payload) {
    }

    private static final class OfGateway {
        final LinkedHashMap<Long, Stored> results = new LinkedHashMap<>();
        long bytes;
    }

    private final int perGateway;
    private final long bytesPerGateway;
    private final Map<String, OfGateway> gateways = new HashMap<>();

    public ResultCache(int perGateway, long bytesPerGateway) {
        if (perGateway < 1 || bytesPerGateway < 1) {
            throw new IllegalArgumentException("result cache limits must be positive");
        }
        this.perGateway = perGateway;
        this.bytesPerGateway = bytesPerGateway;
    }

    /** Keeps the result of {@code sequence} of {@code gateway}, evicting that gateway's oldest ones over the bounds. */
    public synchronized void put(String gateway, long sequence, String topic, byte[] payload) {
        if (payload.length > bytesPerGateway) {
            return;
        }
        OfGateway g = gateways.computeIfAbsent(gateway, k -> new OfGateway());
        Stored old = g.results.remove(sequence);
        if (old != null) {
            g.bytes -= old.payload.length;
        }
        g.results.put(sequence, new Stored(topic, payload));
        g.bytes += payload.length;
        Iterator<Stored> oldest = g.results.values().iterator();
        while (g.results.size() > perGateway || g.bytes > bytesPerGateway) {
            g.bytes -= oldest.next().payload.length;
            oldest.remove();
        }
    }

    /** The stored result of that batch, if still kept. */
    public synchronized Optional<Stored> get(String gateway, long sequence) {
        OfGateway g = gateways.get(gateway);
        return g == null ? Optional.empty() : Optional.ofNullable(g.results.get(sequence));
    }

    /** Drops a gateway's results (it was deregistered or registered new keys). */
    public synchronized void forget(String gateway) {
        gateways.remove(gateway);
    }

    /** Bytes held in all (metrics, sizing). */
    public synchronized long bytes() {
        long n = 0;
        for (OfGateway g : gateways.values()) {
            n += g.bytes;
        }
        return n;
    }
}

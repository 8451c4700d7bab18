package io.smile.he.rlwe;

import io.smile.he.ring.RingContext;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bounded least-recently-used cache of the expanded uniform rows {@code a_i} of compact
 * {@link KeySwitchKey}s, capped in bytes. A row is a deterministic function of (seed, domain,
 * prime index, prime, degree) — all of it is the cache key, so keys of different parameter sets
 * that happen to share a seed and a prime index never see each other's rows, and a cached row is
 * exactly what re-expanding would give. Cap 0 expands on every use and caches nothing.
 *
 * <p>Thread-safe: scoring runs key switches on several workers at once. The lock covers only the
 * map; expansion (AES-CTR, the expensive part) runs outside it, so two threads that miss the same
 * row at once both expand it and the second insert is dropped. Returned rows are shared and must
 * not be modified (the key switcher only reads them).
 *
 * <p>{@link #shared()} is the process-wide instance every {@link KeySwitcher} uses unless given
 * another; its cap is set by {@code HeBackend.setExpandedKeyCacheBytes}.
 */
public final class ExpandedKeyCache {
    /** Default cap of the shared cache: 256 MiB. */
    public static final long DEFAULT_CAPACITY_BYTES = 256L << 20;
    /** Approximate heap cost of one entry beyond its row: key, seed copy, map node, array header. */
    static final long ENTRY_OVERHEAD_BYTES = 160;

    private static final ExpandedKeyCache SHARED = new ExpandedKeyCache(DEFAULT_CAPACITY_BYTES);

    private final LinkedHashMap<RowKey, long[]> rows = new LinkedHashMap<>(64, 0.75f, true);
    private long capacityBytes;
    private long sizeBytes;
    private long hits;
    private long misses;
    private long evictions;

    public ExpandedKeyCache(long capacityBytes) {
        this.capacityBytes = checkCapacity(capacityBytes);
    }

    /** The process-wide cache (default cap {@link #DEFAULT_CAPACITY_BYTES}). */
    public static ExpandedKeyCache shared() {
        return SHARED;
    }

    /** Changes the cap, evicting least-recently-used rows down to it; 0 = no caching. */
    public synchronized void setCapacityBytes(long bytes) {
        capacityBytes = checkCapacity(bytes);
        evictDownTo(capacityBytes);
    }

    public synchronized long capacityBytes() {
        return capacityBytes;
    }

    /** Bytes accounted for the rows held now (rows plus {@link #ENTRY_OVERHEAD_BYTES} each). */
    public synchronized long sizeBytes() {
        return sizeBytes;
    }

    public synchronized int entries() {
        return rows.size();
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }

    public synchronized long evictions() {
        return evictions;
    }

    /** Drops every row (counters stay). */
    public synchronized void clear() {
        rows.clear();
        sizeBytes = 0;
    }

    /** Row {@code primeIndex} of the uniform polynomial of (seed, domain) in {@code ring}: cached or expanded. */
    long[] row(RingContext ring, byte[] seed, long domain, int primeIndex) {
        RowKey key = new RowKey(seed, domain, primeIndex, ring.modulus(primeIndex).value(), ring.degree());
        synchronized (this) {
            long[] hit = rows.get(key);
            if (hit != null) {
                hits++;
                return hit;
            }
            misses++;
            if (capacityBytes == 0) {
                key = null;
            }
        }
        long[] row = ring.uniformRowFromSeed(seed, domain, primeIndex);
        if (key == null) {
            return row;
        }
        long cost = 8L * row.length + ENTRY_OVERHEAD_BYTES;
        synchronized (this) {
            if (cost > capacityBytes) {
                return row;
            }
            long[] raced = rows.putIfAbsent(key, row);
            if (raced != null) {
                return raced;
            }
            sizeBytes += cost;
            evictDownTo(capacityBytes);
            return row;
        }
    }

    private void evictDownTo(long cap) {
        Iterator<Map.Entry<RowKey, long[]>> it = rows.entrySet().iterator();
        while (sizeBytes > cap && it.hasNext()) {
            Map.Entry<RowKey, long[]> eldest = it.next();
            sizeBytes -= 8L * eldest.getValue().length + ENTRY_OVERHEAD_BYTES;
            it.remove();
            evictions++;
        }
    }

    private static long checkCapacity(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("expanded-key cache cap must be >= 0 bytes, got " + bytes);
        }
        return bytes;
    }

    /** Everything a row depends on; the seed is copied so a caller's later change cannot alias an entry. */
    static final class RowKey {
        private final byte[] seed;
        private final long domain;
        private final int primeIndex;
        private final long prime;
        private final int degree;
        private final int hash;

        RowKey(byte[] seed, long domain, int primeIndex, long prime, int degree) {
            this.seed = seed.clone();
            this.domain = domain;
            this.primeIndex = primeIndex;
            this.prime = prime;
            this.degree = degree;
            int h = Arrays.hashCode(this.seed);
            h = 31 * h + Long.hashCode(domain);
            h = 31 * h + primeIndex;
            h = 31 * h + Long.hashCode(prime);
            this.hash = 31 * h + degree;
        }

        @Override
        public boolean equals(Object o) {
            if (!(o instanceof RowKey)) {
                return false;
            }
            RowKey k = (RowKey) o;
            return domain == k.domain && primeIndex == k.primeIndex && prime == k.prime && degree == k.degree
                    && Arrays.equals(seed, k.seed);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}

package io.smile.he.rlwe;

import io.smile.he.ring.RingContext;

/**
 * A key-switching key from s' to s with one RNS digit per ciphertext prime (hybrid key switching
 * with the special primes P): for digit i, {@code b_i = -a_i*s + t*e_i + P*g_i*s'} modulo Q*P where
 * g_i is the CRT idempotent of q_i. All {@code a_i} are expanded from one seed.
 *
 * <p>Two forms, with the same mathematical key and bit-identical key-switching results:
 * <ul>
 * <li><em>eager</em> (key generation, collective keys): the {@code a_i} rows are held expanded;</li>
 * <li><em>compact</em> ({@link #compact}, the decoder of registered keys): only the {@code b_i}
 *     rows and the 32-byte seed are held; the key switcher takes each {@code a_i} row from an
 *     {@link ExpandedKeyCache}, which re-expands it from the seed when it is not cached. The
 *     uniform {@code a_i} are half of a key's memory, and the cloud holds the keys of every
 *     registered gateway.</li>
 * </ul>
 */
public final class KeySwitchKey {
    /** b[i] = digit i, rows over the primes of Q*P (NTT form). */
    private final long[][][] b;
    /** Expanded a rows (eager form) or null (compact form). */
    private final long[][][] a;
    private final byte[] seed;
    /** The ring the compact form re-expands its a rows in; null for the eager form. */
    private final RingContext ring;

    public KeySwitchKey(long[][][] b, long[][][] a, byte[] seed) {
        this(b, java.util.Objects.requireNonNull(a, "a"), seed, null);
    }

    private KeySwitchKey(long[][][] b, long[][][] a, byte[] seed, RingContext ring) {
        this.b = b;
        this.a = a;
        this.seed = seed.clone();
        this.ring = ring;
    }

    /**
     * A compact key: the b rows (digit, then every prime of Q*P in the order of
     * {@code ring.qpIndices(ring.qCount() - 1)}, NTT form) and the seed its a rows expand from.
     * Refuses b rows whose shape does not fit the ring; the values are the caller's to validate.
     */
    public static KeySwitchKey compact(RingContext ring, long[][][] b, byte[] seed) {
        java.util.Objects.requireNonNull(ring, "ring");
        if (seed == null || seed.length != io.smile.he.ring.Prng.SEED_BYTES) {
            throw new IllegalArgumentException("seed must be " + io.smile.he.ring.Prng.SEED_BYTES + " bytes");
        }
        int rows = ring.qCount() + ring.pCount();
        if (b == null || b.length != ring.qCount()) {
            throw new IllegalArgumentException("key has " + (b == null ? "no" : b.length) + " digits, expected " + ring.qCount());
        }
        for (int d = 0; d < b.length; d++) {
            if (b[d] == null || b[d].length != rows) {
                throw new IllegalArgumentException("digit " + d + " has " + (b[d] == null ? "no" : b[d].length)
                        + " rows, expected " + rows);
            }
            for (long[] row : b[d]) {
                if (row == null || row.length != ring.degree()) {
                    throw new IllegalArgumentException("digit " + d + " has a row that is not " + ring.degree() + " long");
                }
            }
        }
        return new KeySwitchKey(b, null, seed, ring);
    }

    /** True if the a rows are not held but re-expanded from the seed (through the cache). */
    public boolean isCompact() {
        return a == null;
    }

    public int digits() {
        return b.length;
    }

    public long[][] b(int digit) {
        return b[digit];
    }

    /**
     * The a rows of one digit. For a compact key a fresh expansion from the seed (for the encoder
     * and tests; the key switcher goes through {@link #aRow}).
     */
    public long[][] a(int digit) {
        if (a != null) {
            return a[digit];
        }
        return ring.uniformFromSeed(seed, seedDomain(digit), ring.qpIndices(ring.qCount() - 1));
    }

    /**
     * Row {@code primeIndex} (an index of {@code qpIndices(qCount - 1)}, which is its own prime
     * index) of a_digit, read-only: the eager row, or the cache's row for a compact key.
     */
    long[] aRow(int digit, int primeIndex, ExpandedKeyCache cache) {
        if (a != null) {
            return a[digit][primeIndex];
        }
        return cache.row(ring, seed, seedDomain(digit), primeIndex);
    }

    public byte[] seed() {
        return seed.clone();
    }

    /** Bytes of polynomial rows this key holds on the heap (b, plus a when eager), arrays' headers aside. */
    public long heldRowBytes() {
        long rows = 0;
        long n = 0;
        for (long[][] digit : b) {
            rows += digit.length;
            n = digit[0].length;
        }
        return 8L * n * rows * (a == null ? 1 : 2);
    }

    /** Seed domain of digit i's uniform polynomial (shared by key generation and decoding). */
    public static long seedDomain(int digit) {
        return 1 + digit;
    }
}

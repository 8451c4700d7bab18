package io.smile.he.rlwe;

/**
 * A key-switching key from s' to s with one RNS digit per ciphertext prime (hybrid key switching
 * with the special primes P): for digit i, {@code b_i = -a_i*s + t*e_i + P*g_i*s'} modulo Q*P where
 * g_i is the CRT idempotent of q_i. All {@code a_i} are expanded from one seed.
 */
public final class KeySwitchKey {
    /** b[i] = digit i, rows over the primes of Q*P (NTT form). */
    private final long[][][] b;
    private final long[][][] a;
    private final byte[] seed;

    public KeySwitchKey(long[][][] b, long[][][] a, byte[] seed) {
        this.b = b;
        this.a = a;
        this.seed = seed.clone();
    }

    public int digits() {
        return b.length;
    }

    public long[][] b(int digit) {
        return b[digit];
    }

    public long[][] a(int digit) {
        return a[digit];
    }

    public byte[] seed() {
        return seed.clone();
    }

    /** Seed domain of digit i's uniform polynomial (shared by key generation and decoding). */
    public static long seedDomain(int digit) {
        return 1 + digit;
    }
}

package io.smile.he.rlwe;

/**
 * RLWE public key (b, a) = (-a*s + t*e, a) modulo Q, in NTT form. {@code a} is expanded from
 * {@link #seed()}, so the key travels as b plus 32 bytes.
 */
public final class PublicKey {
    private final long[][] b;
    private final long[][] a;
    private final byte[] seed;

    public PublicKey(long[][] b, long[][] a, byte[] seed) {
        this.b = b;
        this.a = a;
        this.seed = seed.clone();
    }

    public long[][] b() {
        return b;
    }

    public long[][] a() {
        return a;
    }

    public byte[] seed() {
        return seed.clone();
    }
}

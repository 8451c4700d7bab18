package io.smile.he.bgv;

/**
 * A BGV ciphertext (c0, c1[, c2]) modulo Q_level = q_0...q_level, each component in NTT form.
 * It decrypts to factor * m (mod t): modulus switching multiplies the message by q^-1 mod t and
 * the engine tracks that factor so decryption and additions stay exact. A fresh secret-key
 * ciphertext remembers the seed of c1 so it can be sent as c0 plus 32 bytes. Immutable: every
 * evaluator operation returns a new ciphertext.
 */
public final class Ciphertext {
    private final long[][][] polys;
    private final int level;
    private final long factor;
    private final byte[] seed;
    private final long fingerprint;

    public Ciphertext(long fingerprint, long[][][] polys, int level, long factor, byte[] seed) {
        if (polys.length < 2 || polys.length > 3) {
            throw new IllegalArgumentException("a ciphertext has 2 or 3 components, got " + polys.length);
        }
        for (long[][] p : polys) {
            if (p.length != level + 1) {
                throw new IllegalArgumentException("component has " + p.length + " limbs, level " + level + " needs " + (level + 1));
            }
        }
        this.fingerprint = fingerprint;
        this.polys = polys;
        this.level = level;
        this.factor = factor;
        this.seed = seed == null ? null : seed.clone();
    }

    public int level() {
        return level;
    }

    /** 2 for a normal ciphertext, 3 after a multiplication without relinearization. */
    public int size() {
        return polys.length;
    }

    /** Decryption yields factor * m mod t. */
    public long factor() {
        return factor;
    }

    public long fingerprint() {
        return fingerprint;
    }

    public boolean isSeeded() {
        return seed != null;
    }

    /** The seed c1 was expanded from, or null. */
    public byte[] seed() {
        return seed == null ? null : seed.clone();
    }

    /** Component i (rows = limbs mod q_0..q_level, NTT form). A shared view: do not modify. */
    public long[][] component(int i) {
        return polys[i];
    }

    long[][][] polys() {
        return polys;
    }

    @Override
    public String toString() {
        return "Ciphertext(level=" + level + ", size=" + polys.length + (seed != null ? ", seeded" : "") + ")";
    }
}

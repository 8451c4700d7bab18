package io.smile.he.bgv;

import io.smile.he.ring.RingContext;
import io.smile.he.ring.RnsOps;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.RlweEncryptor;
import io.smile.he.rlwe.SecretKey;

/**
 * BGV encryption, with the public key (anyone) or the secret key (the edge: smaller noise and a
 * seed-compressed ciphertext, since c1 is a uniform polynomial expanded from 32 bytes).
 */
public final class Encryptor {
    private final BgvContext ctx;
    private final PublicKey pk;
    private final SecretKey sk;

    private Encryptor(BgvContext ctx, PublicKey pk, SecretKey sk) {
        this.ctx = ctx;
        this.pk = pk;
        this.sk = sk;
    }

    public static Encryptor withPublicKey(BgvContext ctx, PublicKey pk) {
        return new Encryptor(ctx, pk, null);
    }

    public static Encryptor withSecretKey(BgvContext ctx, SecretKey sk) {
        return new Encryptor(ctx, null, sk);
    }

    public Ciphertext encrypt(Plaintext pt) {
        return encrypt(pt, ctx.parameters().maxLevel());
    }

    /** Encrypts directly at a lower level: fewer limbs to send when less depth is needed. */
    public Ciphertext encrypt(Plaintext pt, int level) {
        ctx.checkSame(pt.fingerprint(), "plaintext");
        Ciphertext zero = encryptZero(level, 0);
        RingContext ring = ctx.ring();
        long[][] m = ctx.liftToNtt(pt.view(), 1, level);
        long[][] c0 = zero.component(0);
        RnsOps.add(ring, c0, m, c0, ring.qIndices(level));
        return zero;
    }

    /** A fresh encryption of zero at the given level (seeded when encrypting with the secret key). */
    public Ciphertext encryptZero(int level) {
        return encryptZero(level, 0);
    }

    /**
     * An encryption of zero whose c0 error is uniform in [-2^floodBits, 2^floodBits) (times t)
     * instead of Gaussian: added to a result, it floods (statistically hides) that result's noise.
     * Public-key only. Requires t * 2^floodBits &lt; Q_level / 4 so the sum still decrypts.
     */
    public Ciphertext encryptZeroFlooded(int level, int floodBits) {
        if (pk == null) {
            throw new IllegalStateException("flooding encryptions use the public key");
        }
        if (level < 0 || level > ctx.parameters().maxLevel()) {
            throw new IllegalArgumentException("level " + level + " outside [0, " + ctx.parameters().maxLevel() + "]");
        }
        double room = logQ(level) - Math.log(ctx.parameters().plainModulus()) / Math.log(2) - 2;
        if (floodBits < 1 || floodBits > room) {
            throw new IllegalArgumentException("flooding 2^" + floodBits + " does not fit level " + level
                    + " (at most 2^" + (int) Math.floor(room) + ")");
        }
        return encryptZero(level, floodBits);
    }

    private double logQ(int level) {
        long[] q = ctx.parameters().ciphertextPrimes();
        double s = 0;
        for (int i = 0; i <= level; i++) {
            s += Math.log(q[i]) / Math.log(2);
        }
        return s;
    }

    private Ciphertext encryptZero(int level, int floodBits) {
        BgvParameters p = ctx.parameters();
        if (level < 0 || level > p.maxLevel()) {
            throw new IllegalArgumentException("level " + level + " outside [0, " + p.maxLevel() + "]");
        }
        long t = p.plainModulus();
        if (pk != null) {
            long[][][] c = RlweEncryptor.encryptZeroPublic(ctx.ring(), t, ctx.random(), pk, level, floodBits);
            return new Ciphertext(p.fingerprint(), c, level, 1, null);
        }
        byte[] seed = ctx.random().freshSeed();
        long[][][] c = RlweEncryptor.encryptZeroSecret(ctx.ring(), t, ctx.random(), sk, level, seed);
        return new Ciphertext(p.fingerprint(), c, level, 1, seed);
    }
}

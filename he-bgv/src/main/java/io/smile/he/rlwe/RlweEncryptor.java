package io.smile.he.rlwe;

import io.smile.he.ring.Prng;
import io.smile.he.ring.RandomSource;
import io.smile.he.ring.RingContext;
import io.smile.he.ring.RnsOps;
import io.smile.he.ring.Sampler;

/**
 * RLWE encryptions of zero in the BGV convention, modulo Q_level. BGV adds the encoded message
 * to c0 afterwards.
 */
public final class RlweEncryptor {
    /** Seed domain of the uniform polynomial of a secret-key ciphertext. */
    public static final long CIPHERTEXT_DOMAIN = 0;

    private RlweEncryptor() {
    }

    /** (c0, c1) = (-a*s + t*e, a) with a expanded from the returned seed. */
    public static long[][][] encryptZeroSecret(RingContext ring, long t, RandomSource random, SecretKey sk,
                                               int level, byte[] seed) {
        int[] idx = ring.qIndices(level);
        long[][] a = ring.uniformFromSeed(seed, CIPHERTEXT_DOMAIN, idx);
        long[][] c0 = errorTimesT(ring, t, random, idx);
        long[][] as = new long[idx.length][ring.degree()];
        RnsOps.mul(ring, a, RnsOps.prefix(sk.nttView(), idx.length), as, idx);
        RnsOps.sub(ring, c0, as, c0, idx);
        return new long[][][] {c0, a};
    }

    /**
     * (c0, c1) = (b*u + t*e0, a*u + t*e1) for ternary u. {@code floodBits} &gt; 0 replaces the
     * Gaussian e0 by a value uniform in [-2^floodBits, 2^floodBits) (noise flooding for
     * re-randomization; floodBits may exceed 64); 0 keeps the Gaussian.
     */
    public static long[][][] encryptZeroPublic(RingContext ring, long t, RandomSource random, PublicKey pk,
                                               int level, int floodBits) {
        int[] idx = ring.qIndices(level);
        int n = ring.degree();
        Prng prng = new Prng(random.freshSeed(), 0);
        byte[] u = Sampler.ternaryPoly(prng, n);
        prng.wipe();
        long[][] uNtt = ring.smallToNtt(u, idx);
        long[][] c0 = new long[idx.length][n];
        long[][] c1 = new long[idx.length][n];
        RnsOps.mul(ring, RnsOps.prefix(pk.b(), idx.length), uNtt, c0, idx);
        RnsOps.mul(ring, RnsOps.prefix(pk.a(), idx.length), uNtt, c1, idx);
        long[][] e0 = floodBits > 0 ? floodTimesT(ring, t, random, idx, floodBits) : errorTimesT(ring, t, random, idx);
        RnsOps.add(ring, c0, e0, c0, idx);
        RnsOps.add(ring, c1, errorTimesT(ring, t, random, idx), c1, idx);
        return new long[][][] {c0, c1};
    }

    static long[][] errorTimesT(RingContext ring, long t, RandomSource random, int[] idx) {
        Prng prng = new Prng(random.freshSeed(), 0);
        byte[] e = Sampler.gaussianPoly(prng, ring.degree());
        prng.wipe();
        long[][] out = ring.smallToNtt(e, idx);
        RnsOps.mulScalar(ring, out, t, out, idx);
        return out;
    }

    /**
     * t*f for f uniform in [-2^bits, 2^bits), NTT form. f is drawn as bits+1 uniform bits in 31-bit
     * words (so it may be wider than a long) and reduced per prime by Horner's rule.
     */
    static long[][] floodTimesT(RingContext ring, long t, RandomSource random, int[] idx, int bits) {
        if (bits < 1 || bits > 400) {
            throw new IllegalArgumentException("flooding width must be in [1, 400] bits, got " + bits);
        }
        int n = ring.degree();
        int total = bits + 1;
        int words = (total + 30) / 31;
        int topBits = total - 31 * (words - 1);
        Prng prng = new Prng(random.freshSeed(), 0);
        int[][] f = new int[n][words];
        for (int i = 0; i < n; i++) {
            f[i][0] = (int) (prng.nextLong() >>> (64 - topBits));
            for (int w = 1; w < words; w++) {
                f[i][w] = (int) (prng.nextLong() >>> 33);
            }
        }
        prng.wipe();
        long[][] out = new long[idx.length][n];
        ring.parallel().forEach(idx.length, r -> {
            var m = ring.modulus(idx[r]);
            long tm = m.reduce(t);
            long word = m.reduce(1L << 31);
            // 2^bits mod q, subtracted to centre the range
            long offset = m.pow(2, bits);
            for (int i = 0; i < n; i++) {
                long acc = 0;
                for (int w = 0; w < words; w++) {
                    acc = m.add(m.mul(acc, word), f[i][w]);
                }
                out[r][i] = m.mul(m.sub(acc, offset), tm);
            }
            ring.ntt(idx[r]).forward(out[r]);
        });
        return out;
    }
}

package io.smile.he.multiparty;

import io.smile.he.bgv.BgvContext;
import io.smile.he.ring.Prng;
import io.smile.he.ring.RandomSource;
import io.smile.he.ring.RingContext;
import java.math.BigInteger;

/**
 * Smudging (noise flooding) for the key-switching protocols. A decryption or PCKS share adds
 * t*f with f uniform in [-2^B, 2^B): the sum of n such terms statistically hides the
 * ciphertext's own noise e (which depends on every party's secret) when 2^B exceeds ||e||
 * by 2^lambda: the statistical distance between f + e and f is at most ||e||/2^B per
 * coefficient (N*||e||/2^B for the whole polynomial). Correctness needs the flooded phase to
 * stay below Q_level/2: t*n*2^B &le; Q_level/8 leaves room for the ciphertext noise as well.
 */
public final class Smudging {
    /** The statistical security parameter used by {@link #bits(BgvContext, int, int, int)}. */
    public static final int DEFAULT_LAMBDA = 40;

    private Smudging() {
    }

    /** log2(Q_level). */
    public static double logQ(BgvContext ctx, int level) {
        long[] q = ctx.parameters().ciphertextPrimes();
        double s = 0;
        for (int i = 0; i <= level; i++) {
            s += Math.log(q[i]) / Math.log(2);
        }
        return s;
    }

    /** The largest B with t * parties * 2^B &le; Q_level / 8. */
    public static int maxBits(BgvContext ctx, int level, int parties) {
        double room = logQ(ctx, level) - Math.log(ctx.parameters().plainModulus()) / Math.log(2)
                - Math.log(parties) / Math.log(2) - 3;
        return (int) Math.floor(room);
    }

    /**
     * B = noiseBits + lambda + log2(N): hides a ciphertext noise e (||e||&infin; &lt; 2^noiseBits,
     * counted without the factor t) with statistical distance at most 2^-lambda over all N
     * coefficients. Throws if that B does not fit the level for this many parties.
     */
    public static int bits(BgvContext ctx, int level, int parties, int noiseBits, int lambda) {
        int logN = Integer.numberOfTrailingZeros(ctx.parameters().degree());
        int b = noiseBits + lambda + logN;
        int max = maxBits(ctx, level, parties);
        if (b > max) {
            throw new IllegalArgumentException("smudging 2^" + b + " (noise 2^" + noiseBits + " + lambda " + lambda
                    + " + log2 N " + logN + ") does not fit level " + level + " with " + parties
                    + " parties (at most 2^" + max + ")");
        }
        return b;
    }

    public static int bits(BgvContext ctx, int level, int parties, int noiseBits) {
        return bits(ctx, level, parties, noiseBits, DEFAULT_LAMBDA);
    }

    /** Validates B for one share: 1 &le; B and t*2^B &le; Q_level/8. */
    static void check(BgvContext ctx, int level, int bits) {
        int max = maxBits(ctx, level, 1);
        if (bits < 1 || bits > max) {
            throw new IllegalArgumentException("smudging width 2^" + bits + " outside [2^1, 2^" + max + "] at level " + level);
        }
    }

    /**
     * t*f for f uniform in [-2^bits, 2^bits), NTT form over the given primes. f is drawn as
     * bits+1 uniform bits (it may be wider than a long) and reduced per prime.
     */
    static long[][] floodTimesT(RingContext ring, long t, RandomSource random, int[] idx, int bits) {
        int n = ring.degree();
        int total = bits + 1;
        int bytes = (total + 7) / 8;
        int excess = 8 * bytes - total;
        BigInteger offset = BigInteger.ONE.shiftLeft(bits);
        BigInteger[] q = new BigInteger[idx.length];
        for (int r = 0; r < idx.length; r++) {
            q[r] = BigInteger.valueOf(ring.modulus(idx[r]).value());
        }
        long[][] out = new long[idx.length][n];
        Prng prng = new Prng(random.freshSeed(), 0);
        byte[] buf = new byte[bytes];
        for (int i = 0; i < n; i++) {
            prng.nextBytes(buf);
            buf[0] &= (byte) (0xFF >>> excess);
            BigInteger f = new BigInteger(1, buf).subtract(offset);
            for (int r = 0; r < idx.length; r++) {
                out[r][i] = f.mod(q[r]).longValue();
            }
        }
        java.util.Arrays.fill(buf, (byte) 0);
        prng.wipe();
        ring.parallel().forEach(idx.length, r -> {
            var m = ring.modulus(idx[r]);
            long tm = m.reduce(t);
            long[] row = out[r];
            for (int i = 0; i < n; i++) {
                row[i] = m.mul(row[i], tm);
            }
            ring.ntt(idx[r]).forward(row);
        });
        return out;
    }
}

package io.smile.he.ring;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Prime tests and the search for NTT-friendly primes (q &equiv; 1 mod 2N). */
public final class Primes {
    private Primes() {
    }

    public static boolean isPrime(long n) {
        return n > 1 && BigInteger.valueOf(n).isProbablePrime(80);
    }

    /**
     * The largest primes below 2^bits that are &equiv; 1 mod {@code step}, skipping those in
     * {@code exclude}. Searching downwards from the top of the range keeps each prime as close
     * to its nominal size as possible.
     */
    public static List<Long> largestPrimesCongruentOne(int bits, long step, int count, Set<Long> exclude) {
        if (bits < 2 || bits > Modulus.MAX_BITS) {
            throw new IllegalArgumentException("prime size must be in [2, " + Modulus.MAX_BITS + "] bits, got " + bits);
        }
        List<Long> out = new ArrayList<>();
        long upper = 1L << bits;
        long lower = 1L << (bits - 1);
        long candidate = ((upper - 1) / step) * step + 1;
        if (candidate >= upper) {
            candidate -= step;
        }
        for (; candidate > lower && out.size() < count; candidate -= step) {
            if (!exclude.contains(candidate) && isPrime(candidate)) {
                out.add(candidate);
            }
        }
        if (out.size() < count) {
            throw new IllegalArgumentException("not enough " + bits + "-bit primes congruent to 1 mod " + step);
        }
        return out;
    }

    /** The smallest primitive 2N-th root of unity mod p (requires p &equiv; 1 mod 2N). */
    public static long minimalPrimitiveRoot2N(long p, int n) {
        long twoN = 2L * n;
        if ((p - 1) % twoN != 0) {
            throw new IllegalArgumentException(p + " is not 1 mod " + twoN);
        }
        Modulus m = new Modulus(p);
        // x^((p-1)/2N) has order dividing 2N (a power of two); it is primitive iff its N-th power is -1
        long root = -1;
        for (long x = 2; x < p && root < 0; x++) {
            long r = m.pow(x, (p - 1) / twoN);
            if (m.pow(r, n) == p - 1) {
                root = r;
            }
        }
        if (root < 0) {
            throw new IllegalStateException("no primitive 2N-th root mod " + p);
        }
        // choose the smallest of the primitive roots root^(odd k) so tables are canonical
        long best = root;
        long sq = m.mul(root, root);
        long cur = root;
        for (long k = 1; k < twoN; k += 2) {
            if (cur < best) {
                best = cur;
            }
            cur = m.mul(cur, sq);
        }
        return best;
    }
}

package io.smile.he.bgv;

import io.smile.he.ring.Primes;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Builds parameter sets from explicit primes for tests the size-based builder cannot express. */
final class PrimeHelper {
    private PrimeHelper() {
    }

    /** The largest NTT-friendly prime of the given size that is not 1 mod t and not in {@code used}. */
    static long nttPrimeNotOneModT(int bits, int n, long t, Set<Long> used) {
        Set<Long> excluded = new HashSet<>(used);
        while (true) {
            List<Long> found = Primes.largestPrimesCongruentOne(bits, 2L * n, 1, excluded);
            long p = found.get(0);
            if (p % t != 1) {
                used.add(p);
                return p;
            }
            excluded.add(p);
        }
    }

    /**
     * Insecure parameters whose ciphertext primes are not 1 mod t: every modulus switch multiplies
     * the plaintext by q^-1 != 1 mod t, exercising the factor bookkeeping.
     */
    static BgvParameters parametersWithFactor(int n, long t, int[] qBits, int pBits) {
        Set<Long> used = new HashSet<>();
        long[] q = new long[qBits.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = nttPrimeNotOneModT(qBits[i], n, t, used);
        }
        long[] p = {nttPrimeNotOneModT(pBits, n, t, used)};
        return BgvParameters.of(n, t, q, p, true);
    }
}

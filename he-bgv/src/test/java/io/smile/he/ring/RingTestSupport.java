package io.smile.he.ring;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Shared helpers of the ring tests. */
final class RingTestSupport {
    private RingTestSupport() {
    }

    static int tries() {
        return Integer.getInteger("smile.tries", 60);
    }

    /** The largest prime q &lt; 2^bits with q = 1 mod 2n. */
    static long nttPrime(int bits, int n) {
        return Primes.largestPrimesCongruentOne(bits, 2L * n, 1, Collections.emptySet()).get(0);
    }

    /**
     * Moduli of many sizes up to 61 bits: tiny primes, NTT-friendly primes of typical sizes and
     * the Mersenne prime 2^61-1 (the largest 61-bit value that is prime).
     */
    static List<Long> primesUpTo61Bits() {
        List<Long> out = new ArrayList<>();
        out.add(3L);
        out.add(5L);
        out.add(17L);
        out.add(257L);
        out.add(65537L);
        out.add(2147483647L); // 2^31 - 1
        for (int bits : new int[] {20, 30, 32, 33, 36, 40, 45, 50, 55, 59, 60, 61}) {
            out.add(nttPrime(bits, 4096));
        }
        out.add((1L << 61) - 1);
        return out;
    }

    static BigInteger big(long x) {
        return BigInteger.valueOf(x);
    }

    /** Negacyclic product a*b mod (X^n + 1, q), schoolbook with BigInteger-free exact reduction. */
    static long[] negacyclicProduct(long[] a, long[] b, Modulus m) {
        int n = a.length;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                long p = m.mul(a[i], b[j]);
                int k = i + j;
                if (k < n) {
                    out[k] = m.add(out[k], p);
                } else {
                    out[k - n] = m.sub(out[k - n], p);
                }
            }
        }
        return out;
    }

    /** Evaluates the polynomial a (coefficients mod q) at x by Horner's rule, with BigInteger. */
    static long evaluate(long[] a, long x, long q) {
        BigInteger bq = big(q);
        BigInteger bx = big(x);
        BigInteger acc = BigInteger.ZERO;
        for (int i = a.length - 1; i >= 0; i--) {
            acc = acc.multiply(bx).add(big(a[i])).mod(bq);
        }
        return acc.longValueExact();
    }
}

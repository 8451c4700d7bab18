package io.smile.he.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NttTest {
    private static final int[] SMALL_DEGREES = {2, 4, 16, 64};
    private static final int[] PRIME_BITS = {17, 30, 40, 50, 59, 60, 61};

    private static long[] random(Random r, int n, long q) {
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = Math.floorMod(r.nextLong(), q);
        }
        return a;
    }

    /** Random, all zero, all q-1, a single 1 (the constant) and X^(n-1). */
    private static long[][] inputs(Random r, int n, long q) {
        long[] ones = new long[n];
        ones[0] = 1;
        long[] top = new long[n];
        top[n - 1] = q - 1;
        long[] max = new long[n];
        Arrays.fill(max, q - 1);
        return new long[][] {new long[n], max, ones, top, random(r, n, q), random(r, n, q)};
    }

    @Test
    void bitReverse() {
        assertEquals(0, Ntt.bitReverse(0, 0));
        assertEquals(0b100, Ntt.bitReverse(0b001, 3));
        assertEquals(0b011, Ntt.bitReverse(0b110, 3));
        for (int bits = 1; bits <= 15; bits++) {
            for (int x = 0; x < (1 << bits); x += 1 + x / 7) {
                int y = Ntt.bitReverse(x, bits);
                assertTrue(y >= 0 && y < (1 << bits));
                assertEquals(x, Ntt.bitReverse(y, bits));
                for (int b = 0; b < bits; b++) {
                    assertEquals((x >>> b) & 1, (y >>> (bits - 1 - b)) & 1);
                }
            }
        }
    }

    @Test
    void rejectsDegreesThatAreNotPowersOfTwo() {
        Modulus m = new Modulus(RingTestSupport.nttPrime(30, 64));
        assertThrows(IllegalArgumentException.class, () -> new Ntt(48, m));
        assertThrows(IllegalArgumentException.class, () -> new Ntt(1, m));
        assertThrows(IllegalArgumentException.class, () -> new Ntt(0, m));
        // q must be 1 mod 2N
        Modulus notFriendly = new Modulus(65537);
        assertThrows(IllegalArgumentException.class, () -> new Ntt(1 << 16, notFriendly));
    }

    @Test
    void psiIsTheSmallestPrimitive2NthRoot() {
        for (int n : SMALL_DEGREES) {
            for (int bits : new int[] {10, 14, 17}) {
                if ((1L << bits) <= 4L * n) {
                    continue;
                }
                long q;
                try {
                    q = RingTestSupport.nttPrime(bits, n);
                } catch (IllegalArgumentException none) {
                    continue;
                }
                Modulus m = new Modulus(q);
                long psi = new Ntt(n, m).psi();
                assertEquals(q - 1, m.pow(psi, n), "psi^N = -1");
                // brute force: the smallest x with x^N = -1 (every such x has order exactly 2N)
                long smallest = -1;
                for (long x = 2; x < q; x++) {
                    if (m.pow(x, n) == q - 1) {
                        smallest = x;
                        break;
                    }
                }
                assertEquals(smallest, psi, "q=" + q + " n=" + n);
            }
        }
    }

    @Test
    void forwardEqualsNaiveEvaluationAtOddPowersOfPsi() {
        Random r = new Random(10);
        for (int n : SMALL_DEGREES) {
            int logN = Integer.numberOfTrailingZeros(n);
            for (int bits : PRIME_BITS) {
                long q = RingTestSupport.nttPrime(bits, n);
                Modulus m = new Modulus(q);
                Ntt ntt = new Ntt(n, m);
                for (long[] a : inputs(r, n, q)) {
                    long[] f = a.clone();
                    ntt.forward(f);
                    for (int k = 0; k < n; k++) {
                        long point = m.pow(ntt.psi(), 2L * Ntt.bitReverse(k, logN) + 1);
                        assertEquals(RingTestSupport.evaluate(a, point, q), f[k], "n=" + n + " q=" + q + " k=" + k);
                    }
                }
            }
        }
    }

    @Test
    void inverseUndoesForward() {
        Random r = new Random(11);
        for (int n : new int[] {2, 4, 16, 64, 1024, 4096}) {
            for (int bits : PRIME_BITS) {
                long q = RingTestSupport.nttPrime(bits, n);
                Ntt ntt = new Ntt(n, new Modulus(q));
                for (long[] a : inputs(r, n, q)) {
                    long[] x = a.clone();
                    ntt.forward(x);
                    for (long v : x) {
                        assertTrue(v >= 0 && v < q, "forward output reduced");
                    }
                    ntt.inverse(x);
                    assertArrayEquals(a, x, "n=" + n + " q=" + q);
                    // and the other way round
                    long[] y = a.clone();
                    ntt.inverse(y);
                    for (long v : y) {
                        assertTrue(v >= 0 && v < q, "inverse output reduced");
                    }
                    ntt.forward(y);
                    assertArrayEquals(a, y);
                }
            }
        }
    }

    @Test
    void forwardAcceptsInputsBelowTwoQ() {
        // key switching feeds residues of a slightly larger prime straight into the transform
        Random r = new Random(13);
        for (int n : new int[] {2, 4, 8, 16, 64, 1024, 2048}) {
            for (int bits : PRIME_BITS) {
                long q = RingTestSupport.nttPrime(bits, n);
                Ntt ntt = new Ntt(n, new Modulus(q));
                for (long[] a : inputs(r, n, q)) {
                    long[] lifted = a.clone();
                    for (int i = 0; i < n; i++) {
                        lifted[i] += (i % 3 == 0 || r.nextBoolean()) && a[i] < q ? q : 0;
                    }
                    long[] expected = a.clone();
                    ntt.forward(expected);
                    ntt.forward(lifted);
                    assertArrayEquals(expected, lifted, "n=" + n + " q=" + q);
                }
            }
        }
    }

    @Test
    void pointwiseProductIsNegacyclicConvolution() {
        Random r = new Random(12);
        int tries = Math.max(3, RingTestSupport.tries() / 10);
        for (int n : new int[] {4, 16, 64, 256}) {
            for (int bits : PRIME_BITS) {
                long q = RingTestSupport.nttPrime(bits, n);
                Modulus m = new Modulus(q);
                Ntt ntt = new Ntt(n, m);
                for (int trial = 0; trial < tries; trial++) {
                    long[][] in = inputs(r, n, q);
                    long[] a = in[trial % in.length];
                    long[] b = random(r, n, q);
                    long[] expected = RingTestSupport.negacyclicProduct(a, b, m);
                    long[] fa = a.clone();
                    long[] fb = b.clone();
                    ntt.forward(fa);
                    ntt.forward(fb);
                    for (int i = 0; i < n; i++) {
                        fa[i] = m.mul(fa[i], fb[i]);
                    }
                    ntt.inverse(fa);
                    assertArrayEquals(expected, fa, "n=" + n + " q=" + q);
                }
            }
        }
    }

    @Test
    void xTimesXToTheNMinus1IsMinusOne() {
        // X * X^(N-1) = X^N = -1 in the negacyclic ring
        int n = 64;
        long q = RingTestSupport.nttPrime(45, n);
        Ntt ntt = new Ntt(n, new Modulus(q));
        long[] x = new long[n];
        x[1] = 1;
        long[] y = new long[n];
        y[n - 1] = 1;
        ntt.forward(x);
        ntt.forward(y);
        Modulus m = ntt.modulus();
        for (int i = 0; i < n; i++) {
            x[i] = m.mul(x[i], y[i]);
        }
        ntt.inverse(x);
        long[] expected = new long[n];
        expected[0] = q - 1;
        assertArrayEquals(expected, x);
    }
}

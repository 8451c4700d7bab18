package io.smile.he.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The branch-free (sign-mask) versions of the arithmetic on the decryption path and in the
 * encoding of the ternary secret equal a plain reference written with comparisons and %, on edge
 * inputs (0, 1, q-1, q/2, q/2+1, the largest input each function accepts) and random ones.
 */
class BranchFreeArithmeticTest {
    /** Moduli of every size the engine accepts, from 3 to 2^61 - 1, prime or not. */
    private static final long[] MODULI = {3, 5, 7, 65537, 274_877_562_881L, (1L << 36) - 5, (1L << 54) - 33,
            (1L << 60) + 1, (1L << 61) - 1, (1L << 61) - 3};
    private static final int RANDOM = 20_000;
    /** A 54-bit NTT-friendly prime for the small test rings. */
    private static final long SPECIAL = Primes.largestPrimesCongruentOne(54, 1 << 14, 1, java.util.Set.of()).get(0);

    private static List<Long> residues(long q, Random r) {
        List<Long> v = new ArrayList<>(List.of(0L, 1L, q - 1, q - 2, q / 2, q / 2 + 1, (q - 1) / 2));
        for (int i = 0; i < RANDOM; i++) {
            v.add(Math.floorMod(r.nextLong(), q));
        }
        return v;
    }

    /** Every long the reductions accept: the extremes, +-2^k +-1, +-q multiples, and random values. */
    private static List<Long> anyLongs(long q, Random r) {
        List<Long> v = new ArrayList<>(List.of(0L, 1L, -1L, q, -q, q - 1, 1 - q, q + 1, -q - 1, q / 2, q / 2 + 1,
                -(q / 2), Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, Long.MAX_VALUE - 1));
        for (int k = 0; k < 63; k++) {
            long p = 1L << k;
            v.addAll(List.of(p, p - 1, p + 1, -p, -p + 1, -p - 1));
        }
        for (long m = 1; m < 1_000_000_000L && m * q > 0; m *= 7) {
            v.addAll(List.of(m * q, m * q - 1, m * q + 1, -m * q, -m * q + 1));
        }
        for (int i = 0; i < RANDOM; i++) {
            v.add(r.nextLong());
            v.add(r.nextLong() >> r.nextInt(63)); // every magnitude
        }
        return v;
    }

    @Test
    void reduceAndReduceFastEqualFloorModForEveryLong() {
        Random r = new Random(11);
        for (long q : MODULI) {
            Modulus m = new Modulus(q);
            for (long a : anyLongs(q, r)) {
                long expected = Math.floorMod(a, q);
                assertEquals(expected, m.reduce(a), () -> "reduce(" + a + ") mod " + q);
                assertEquals(expected, m.reduceFast(a), () -> "reduceFast(" + a + ") mod " + q);
            }
        }
    }

    @Test
    void centerEqualsTheComparisonReference() {
        Random r = new Random(12);
        for (long q : MODULI) {
            Modulus m = new Modulus(q);
            for (long a : residues(q, r)) {
                long expected = a > q / 2 ? a - q : a;
                assertEquals(expected, m.center(a), () -> "center(" + a + ") mod " + q);
            }
        }
    }

    @Test
    void addSubNegEqualTheComparisonReference() {
        Random r = new Random(13);
        for (long q : MODULI) {
            Modulus m = new Modulus(q);
            List<Long> xs = residues(q, r);
            List<Long> edges = List.of(0L, 1L, q - 1, q / 2, q / 2 + 1);
            for (int i = 0; i < xs.size(); i++) {
                long a = xs.get(i);
                for (long b : List.of(xs.get((i * 7 + 3) % xs.size()), edges.get(i % edges.size()))) {
                    long sum = a + b >= q ? a + b - q : a + b;
                    long diff = a - b < 0 ? a - b + q : a - b;
                    assertEquals(sum, m.add(a, b), () -> a + " + " + b + " mod " + q);
                    assertEquals(diff, m.sub(a, b), () -> a + " - " + b + " mod " + q);
                }
                assertEquals(a == 0 ? 0 : q - a, m.neg(a), () -> "-" + a + " mod " + q);
            }
            for (long a : edges) {
                for (long b : edges) {
                    assertEquals(Math.floorMod(a + b, q), m.add(a, b));
                    assertEquals(Math.floorMod(a - b, q), m.sub(a, b));
                }
            }
        }
    }

    @Test
    void rnsOpsEqualTheModulusReference() {
        try (RingContext ring = new RingContext(16, new long[] {65537, 274_877_562_881L}, new long[] {SPECIAL}, 1)) {
            int[] idx = ring.qpIndices(1);
            Random r = new Random(14);
            long[][] a = new long[idx.length][16];
            long[][] b = new long[idx.length][16];
            for (int row = 0; row < idx.length; row++) {
                long q = ring.modulus(idx[row]).value();
                for (int i = 0; i < 16; i++) {
                    a[row][i] = i < 4 ? new long[] {0, 1, q - 1, q / 2}[i] : Math.floorMod(r.nextLong(), q);
                    b[row][i] = i < 4 ? new long[] {q - 1, q - 1, q - 1, q / 2 + 1}[i] : Math.floorMod(r.nextLong(), q);
                }
            }
            long[][] sum = new long[idx.length][16];
            long[][] diff = new long[idx.length][16];
            long[][] neg = new long[idx.length][16];
            long[][] fma = RnsOps.copy(a);
            RnsOps.add(ring, a, b, sum, idx);
            RnsOps.sub(ring, a, b, diff, idx);
            RnsOps.neg(ring, a, neg, idx);
            RnsOps.mulAdd(ring, a, b, fma, idx);
            for (int row = 0; row < idx.length; row++) {
                long q = ring.modulus(idx[row]).value();
                for (int i = 0; i < 16; i++) {
                    assertEquals(Math.floorMod(a[row][i] + b[row][i], q), sum[row][i]);
                    assertEquals(Math.floorMod(a[row][i] - b[row][i], q), diff[row][i]);
                    assertEquals(Math.floorMod(-a[row][i], q), neg[row][i]);
                    long expected = java.math.BigInteger.valueOf(a[row][i]).multiply(java.math.BigInteger.valueOf(b[row][i]))
                            .add(java.math.BigInteger.valueOf(a[row][i])).mod(java.math.BigInteger.valueOf(q)).longValue();
                    assertEquals(expected, fma[row][i]);
                }
            }
        }
    }

    @Test
    void ternaryOfEveryAcceptedByteIsItsResidueMinusOne() {
        int[] counts = new int[3];
        for (int b = 0; b < 255; b++) {
            int t = Sampler.ternaryOf(b);
            assertEquals(b % 3 - 1, t, "byte " + b);
            counts[t + 1]++;
        }
        assertArrayEquals(new int[] {85, 85, 85}, counts, "the 255 accepted bytes split evenly");
    }

    @Test
    void smallPolynomialsMapToTheSameResiduesAsTheComparisonReference() {
        long[] primes = {65537, 274_877_562_881L};
        try (RingContext ring = new RingContext(64, primes, new long[] {SPECIAL}, 1)) {
            byte[] small = new byte[64];
            for (int i = 0; i < 64; i++) {
                small[i] = (byte) (i % 39 - 19); // -19 .. 19: ternary secrets and Gaussian errors
            }
            int[] idx = ring.qpIndices(1);
            long[][] got = ring.smallToNtt(small, idx);
            for (int r = 0; r < idx.length; r++) {
                long q = ring.modulus(idx[r]).value();
                long[] expected = new long[64];
                for (int i = 0; i < 64; i++) {
                    expected[i] = small[i] < 0 ? q + small[i] : small[i];
                }
                ring.ntt(idx[r]).forward(expected);
                assertArrayEquals(expected, got[r], "prime " + q);
            }
        }
    }
}

package io.smile.he.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** RingContext, RnsOps and Parallel: coefficient-wise RNS arithmetic against BigInteger. */
class RnsOpsTest {
    private static final int N = 256;

    private static RingContext ring(int threads) {
        long[] q = {RingTestSupport.nttPrime(61, N), RingTestSupport.nttPrime(40, N), RingTestSupport.nttPrime(30, N)};
        long[] p = {RingTestSupport.nttPrime(50, N)};
        return new RingContext(N, q, p, threads);
    }

    private static long[][] random(RingContext ring, int[] idx, Random r) {
        long[][] a = new long[idx.length][N];
        for (int i = 0; i < idx.length; i++) {
            long q = ring.modulus(idx[i]).value();
            for (int j = 0; j < N; j++) {
                a[i][j] = j < 4 ? new long[] {0, 1, q - 1, q / 2}[j] : Math.floorMod(r.nextLong(), q);
            }
        }
        return a;
    }

    interface Op {
        BigInteger apply(BigInteger x, BigInteger y, BigInteger z);
    }

    private static void check(RingContext ring, int[] idx, long[][] a, long[][] b, long[][] before, long[][] out, Op op) {
        for (int i = 0; i < idx.length; i++) {
            BigInteger q = BigInteger.valueOf(ring.modulus(idx[i]).value());
            for (int j = 0; j < N; j++) {
                long exp = op.apply(BigInteger.valueOf(a[i][j]), BigInteger.valueOf(b[i][j]),
                        BigInteger.valueOf(before[i][j])).mod(q).longValueExact();
                assertEquals(exp, out[i][j], "row " + i + " coeff " + j);
            }
        }
    }

    @Test
    void indicesAndStructure() {
        try (RingContext ring = ring(1)) {
            assertEquals(3, ring.qCount());
            assertEquals(1, ring.pCount());
            assertEquals(N, ring.degree());
            assertArrayEquals(new int[] {0, 1}, ring.qIndices(1));
            assertArrayEquals(new int[] {0, 1, 3}, ring.qpIndices(1));
            assertArrayEquals(new int[] {0, 1, 2, 3}, ring.qpIndices(2));
            assertEquals(ring.modulus(3).value(), ring.ntt(3).modulus().value());
        }
    }

    @Test
    void coefficientWiseOperationsMatchBigInteger() {
        Random r = new Random(30);
        for (int threads : new int[] {1, 2}) {
            try (RingContext ring = ring(threads)) {
                int[] idx = ring.qpIndices(2);
                for (int trial = 0; trial < 3; trial++) {
                    long[][] a = random(ring, idx, r);
                    long[][] b = random(ring, idx, r);
                    long[][] z = random(ring, idx, r);
                    long[][] out = new long[idx.length][N];
                    RnsOps.add(ring, a, b, out, idx);
                    check(ring, idx, a, b, z, out, (x, y, w) -> x.add(y));
                    RnsOps.sub(ring, a, b, out, idx);
                    check(ring, idx, a, b, z, out, (x, y, w) -> x.subtract(y));
                    RnsOps.neg(ring, a, out, idx);
                    check(ring, idx, a, b, z, out, (x, y, w) -> x.negate());
                    RnsOps.mul(ring, a, b, out, idx);
                    check(ring, idx, a, b, z, out, (x, y, w) -> x.multiply(y));
                    long[][] acc = RnsOps.copy(z);
                    RnsOps.mulAdd(ring, a, b, acc, idx);
                    check(ring, idx, a, b, z, acc, (x, y, w) -> w.add(x.multiply(y)));
                    for (long c : new long[] {0, 1, -1, 65537, -65537, Long.MAX_VALUE, Long.MIN_VALUE, r.nextLong()}) {
                        RnsOps.mulScalar(ring, a, c, out, idx);
                        check(ring, idx, a, b, z, out, (x, y, w) -> x.multiply(BigInteger.valueOf(c)));
                    }
                    // out may alias an input
                    long[][] alias = RnsOps.copy(a);
                    RnsOps.add(ring, alias, b, alias, idx);
                    check(ring, idx, a, b, z, alias, (x, y, w) -> x.add(y));
                }
            }
        }
    }

    @Test
    void copyAndPrefix() {
        long[][] a = {{1, 2}, {3, 4}, {5, 6}};
        long[][] c = RnsOps.copy(a);
        assertNotSame(a[0], c[0]);
        assertArrayEquals(a[2], c[2]);
        long[][] p = RnsOps.prefix(a, 2);
        assertEquals(2, p.length);
        assertSame(a[1], p[1]);
    }

    @Test
    void smallToNttAndUniformFromSeed() {
        Random r = new Random(31);
        try (RingContext ring = ring(2)) {
            int[] idx = ring.qpIndices(2);
            byte[] small = new byte[N];
            for (int i = 0; i < N; i++) {
                small[i] = (byte) (r.nextInt(39) - 19);
            }
            long[][] ntt = ring.smallToNtt(small, idx);
            ring.inverse(ntt, idx);
            for (int i = 0; i < idx.length; i++) {
                Modulus m = ring.modulus(idx[i]);
                for (int j = 0; j < N; j++) {
                    assertEquals(small[j], m.center(ntt[i][j]));
                }
            }
            ring.forward(ntt, idx);
            ring.inverse(ntt, idx);
            assertEquals(small[5], ring.modulus(0).center(ntt[0][5]));

            byte[] seed = new byte[Prng.SEED_BYTES];
            r.nextBytes(seed);
            long[][] u1 = ring.uniformFromSeed(seed, 3, idx);
            long[][] u2 = ring.uniformFromSeed(seed, 3, idx);
            long[][] u3 = ring.uniformFromSeed(seed, 4, idx);
            for (int i = 0; i < idx.length; i++) {
                assertArrayEquals(u1[i], u2[i], "same seed and domain");
                assertTrue(!java.util.Arrays.equals(u1[i], u3[i]), "other domain");
                long q = ring.modulus(idx[i]).value();
                for (long v : u1[i]) {
                    assertTrue(v >= 0 && v < q);
                }
                // each prime has its own stream: label = (domain << 16) | prime index
                Prng p = new Prng(seed, (3L << 16) | idx[i]);
                for (int j = 0; j < N; j++) {
                    assertEquals(p.uniformMod(q), u1[i][j]);
                }
            }
            // the rows of a subset of primes are the same as in the full expansion
            long[][] sub = ring.uniformFromSeed(seed, 3, new int[] {idx[3]});
            assertArrayEquals(u1[3], sub[0]);
        }
    }

    @Test
    void parallelVisitsEveryIndexOnceAndRunsNestedCallsInline() {
        for (int threads : new int[] {1, 2, 4}) {
            try (Parallel par = new Parallel(threads)) {
                assertEquals(threads, par.threads());
                for (int count : new int[] {0, 1, 2, 7, 64}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(Math.max(count, 1) * 8);
                    par.forEach(count, i -> par.forEach(8, j -> hits.incrementAndGet(i * 8 + j)));
                    for (int k = 0; k < count * 8; k++) {
                        assertEquals(1, hits.get(k), "threads=" + threads + " count=" + count + " index " + k);
                    }
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Parallel(0));
    }
}

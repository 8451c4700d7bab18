package io.smile.he.rlwe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.ring.Primes;
import io.smile.he.ring.RandomSource;
import io.smile.he.ring.RingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A compact {@link KeySwitchKey} (b rows + seed, a rows from an {@link ExpandedKeyCache}) switches
 * keys bit for bit like the eager key it was made from: at every level, with the cache large, tiny
 * (evicting all the time) or off, and from several threads at once; and the cache never hands one
 * parameter set's row to another that shares the seed and prime index.
 */
class CompactKeySwitchKeyTest {
    private static final long T = 65537;

    private static RingContext ring(int n, int[] qBits, int[] pBits, int threads, Set<Long> used) {
        long[] q = new long[qBits.length];
        long[] p = new long[pBits.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = Primes.largestPrimesCongruentOne(qBits[i], 2L * n, 1, used).get(0);
            used.add(q[i]);
        }
        for (int i = 0; i < p.length; i++) {
            p[i] = Primes.largestPrimesCongruentOne(pBits[i], 2L * n, 1, used).get(0);
            used.add(p[i]);
        }
        return new RingContext(n, q, p, threads);
    }

    private static long[][][] digitsOf(KeySwitchKey key) {
        long[][][] b = new long[key.digits()][][];
        for (int d = 0; d < b.length; d++) {
            b[d] = key.b(d);
        }
        return b;
    }

    private static KeySwitchKey compactOf(RingContext ring, KeySwitchKey eager) {
        return KeySwitchKey.compact(ring, digitsOf(eager), eager.seed());
    }

    private static long[][] randomDigits(RingContext ring, int level, Random r) {
        int n = ring.degree();
        long[][] d = new long[level + 1][n];
        for (int i = 0; i <= level; i++) {
            long q = ring.modulus(i).value();
            for (int j = 0; j < n; j++) {
                d[i][j] = j % 13 == 0 ? q - 1 : Math.floorMod(r.nextLong(), q);
            }
        }
        return d;
    }

    private static void assertSame(long[][][] expected, long[][][] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int c = 0; c < expected.length; c++) {
            assertEquals(expected[c].length, actual[c].length, what + ": rows of component " + c);
            for (int i = 0; i < expected[c].length; i++) {
                assertArrayEquals(expected[c][i], actual[c][i], what + ": component " + c + " row " + i);
            }
        }
    }

    /** Eager vs compact with the given cache caps, for a relinearization and a Galois key, at every level. */
    private static void checkIdentical(RingContext ring, long seed, long... caps) {
        KeyGenerator kg = new KeyGenerator(ring, T, RandomSource.deterministicForTestsOnly(seed));
        SecretKey sk = kg.secretKey();
        List<KeySwitchKey> eager = List.of(kg.relinearizationKey(sk), kg.galoisKey(sk, 5), kg.galoisKey(sk, 2L * ring.degree() - 1));
        KeySwitcher reference = new KeySwitcher(ring, T, new ExpandedKeyCache(0));
        Random r = new Random(seed);
        for (long cap : caps) {
            ExpandedKeyCache cache = new ExpandedKeyCache(cap);
            KeySwitcher ks = new KeySwitcher(ring, T, cache);
            for (KeySwitchKey e : eager) {
                KeySwitchKey c = compactOf(ring, e);
                assertTrue(c.isCompact());
                assertFalse(e.isCompact());
                for (int level = ring.qCount() - 1; level >= 0; level--) {
                    long[][] d = randomDigits(ring, level, r);
                    long[][] copy = io.smile.he.ring.RnsOps.copy(d);
                    long[][][] expected = reference.switchKey(d, level, e);
                    // twice: the second time from the cache (when the cap allows)
                    assertSame(expected, ks.switchKey(d, level, c), "cap " + cap + ", level " + level);
                    assertSame(expected, ks.switchKey(d, level, c), "cap " + cap + ", level " + level + ", again");
                    for (int i = 0; i <= level; i++) {
                        assertArrayEquals(copy[i], d[i], "input not modified");
                    }
                }
            }
            assertTrue(cache.sizeBytes() <= cap, "cache within its cap " + cap + ": " + cache.sizeBytes());
        }
    }

    @Test
    void compactSwitchesBitIdenticallyAtEveryLevelWhateverTheCap() {
        Set<Long> used = new HashSet<>();
        try (RingContext ring = ring(256, new int[] {50, 40, 40, 40}, new int[] {55}, 1, used)) {
            long row = 8L * 256 + ExpandedKeyCache.ENTRY_OVERHEAD_BYTES;
            checkIdentical(ring, 1, ExpandedKeyCache.DEFAULT_CAPACITY_BYTES, 3 * row, 0);
        }
        try (RingContext ring = ring(512, new int[] {61, 30, 45, 58}, new int[] {50, 40}, 2, new HashSet<>())) {
            checkIdentical(ring, 2, ExpandedKeyCache.DEFAULT_CAPACITY_BYTES, 1, 0);
        }
    }

    @Test
    void tinyCapEvictsAndStaysWithinItsBytesLargeCapHits() {
        try (RingContext ring = ring(256, new int[] {50, 40, 40}, new int[] {55}, 1, new HashSet<>())) {
            KeyGenerator kg = new KeyGenerator(ring, T, RandomSource.deterministicForTestsOnly(3));
            SecretKey sk = kg.secretKey();
            KeySwitchKey e = kg.galoisKey(sk, 3);
            KeySwitchKey c = compactOf(ring, e);
            long row = 8L * 256 + ExpandedKeyCache.ENTRY_OVERHEAD_BYTES;
            ExpandedKeyCache tiny = new ExpandedKeyCache(2 * row);
            long[][] d = randomDigits(ring, 2, new Random(3));
            long[][][] expected = new KeySwitcher(ring, T, new ExpandedKeyCache(0)).switchKey(d, 2, e);
            assertSame(expected, new KeySwitcher(ring, T, tiny).switchKey(d, 2, c), "tiny cap");
            // 3 digits x 4 rows = 12 distinct rows through a 2-row cache
            assertEquals(2, tiny.entries());
            assertEquals(2 * row, tiny.sizeBytes());
            assertEquals(10, tiny.evictions());
            assertEquals(12, tiny.misses());

            ExpandedKeyCache large = new ExpandedKeyCache(1 << 20);
            KeySwitcher ks = new KeySwitcher(ring, T, large);
            ks.switchKey(d, 2, c);
            ks.switchKey(d, 2, c);
            assertEquals(12, large.entries());
            assertEquals(12, large.misses());
            assertEquals(12, large.hits());
            // shrinking evicts at once; 0 empties it and stops caching
            large.setCapacityBytes(5 * row);
            assertEquals(5, large.entries());
            large.setCapacityBytes(0);
            assertEquals(0, large.entries());
            assertSame(expected, ks.switchKey(d, 2, c), "cap 0");
            assertEquals(0, large.entries());
            assertThrows(IllegalArgumentException.class, () -> large.setCapacityBytes(-1));
        }
    }

    @Test
    void concurrentSwitchesThroughOneSmallCacheAreExact() throws Exception {
        try (RingContext ring = ring(256, new int[] {50, 40, 40}, new int[] {55}, 2, new HashSet<>())) {
            KeyGenerator kg = new KeyGenerator(ring, T, RandomSource.deterministicForTestsOnly(4));
            SecretKey sk = kg.secretKey();
            List<KeySwitchKey> eager = List.of(kg.relinearizationKey(sk), kg.galoisKey(sk, 3), kg.galoisKey(sk, 9));
            List<KeySwitchKey> compact = new ArrayList<>();
            for (KeySwitchKey e : eager) {
                compact.add(compactOf(ring, e));
            }
            KeySwitcher reference = new KeySwitcher(ring, T, new ExpandedKeyCache(0));
            long row = 8L * 256 + ExpandedKeyCache.ENTRY_OVERHEAD_BYTES;
            // 36 distinct rows, room for 7: hits, misses, races and evictions all happen
            ExpandedKeyCache cache = new ExpandedKeyCache(7 * row);
            KeySwitcher ks = new KeySwitcher(ring, T, cache);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int worker = w;
                    done.add(pool.submit(() -> {
                        Random r = new Random(100 + worker);
                        for (int it = 0; it < 30; it++) {
                            int k = r.nextInt(eager.size());
                            int level = r.nextInt(ring.qCount());
                            long[][] d = randomDigits(ring, level, r);
                            assertSame(reference.switchKey(d, level, eager.get(k)), ks.switchKey(d, level, compact.get(k)),
                                    "worker " + worker + " iteration " + it);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertTrue(cache.entries() <= 7);
            assertTrue(cache.sizeBytes() <= 7 * row);
            assertTrue(cache.evictions() > 0);
        }
    }

    /**
     * Attack: one party registers keys for parameter set B with the same seed as another party's
     * keys for set A (seeds are the sender's choice). Rows of A and B at the same prime index
     * differ (other primes); a cache keyed only by (seed, digit, index) would serve A's rows to B.
     */
    @Test
    void aSharedSeedUnderOtherPrimesOrDegreeNeverGetsAnotherSetsRows() {
        // q_0 of 50 bits in A, 45 in B: rows at index 0 differ (two primes of one bit length would
        // give rows that agree almost everywhere, since both reject the same out-of-range draws)
        try (RingContext a = ring(256, new int[] {50, 40, 40}, new int[] {55}, 1, new HashSet<>());
             RingContext b = ring(256, new int[] {45, 40, 40}, new int[] {55}, 1, new HashSet<>());
             RingContext wide = ring(512, new int[] {50, 40, 40}, new int[] {55}, 1, new HashSet<>())) {
            assertTrue(a.modulus(0).value() != b.modulus(0).value(), "the two sets differ in q_0");
            ExpandedKeyCache shared = new ExpandedKeyCache(1 << 20);
            KeyGenerator kgA = new KeyGenerator(a, T, RandomSource.deterministicForTestsOnly(5));
            KeySwitchKey keyA = kgA.relinearizationKey(kgA.secretKey());
            byte[] seed = keyA.seed();
            assertFalse(java.util.Arrays.equals(a.uniformRowFromSeed(seed, 1, 0), b.uniformRowFromSeed(seed, 1, 0)),
                    "A and B expand the shared seed to different rows at index 0");
            for (RingContext other : List.of(b, wide)) {
                KeyGenerator kgB = new KeyGenerator(other, T, RandomSource.deterministicForTestsOnly(6));
                KeySwitchKey ownB = kgB.relinearizationKey(kgB.secretKey());
                // B's b rows with A's seed: the eager equivalent expands the seed in B's ring
                long[][][] bRows = digitsOf(ownB);
                long[][][] aRows = new long[bRows.length][][];
                for (int d = 0; d < aRows.length; d++) {
                    aRows[d] = other.uniformFromSeed(seed, KeySwitchKey.seedDomain(d), other.qpIndices(other.qCount() - 1));
                }
                KeySwitchKey eagerB = new KeySwitchKey(bRows, aRows, seed);
                KeySwitchKey compactB = KeySwitchKey.compact(other, bRows, seed);

                long[][] dA = randomDigits(a, 2, new Random(7));
                new KeySwitcher(a, T, shared).switchKey(dA, 2, compactOf(a, keyA)); // fills the cache with A's rows
                long[][] dB = randomDigits(other, 2, new Random(8));
                long[][][] expected = new KeySwitcher(other, T, new ExpandedKeyCache(0)).switchKey(dB, 2, eagerB);
                assertSame(expected, new KeySwitcher(other, T, shared).switchKey(dB, 2, compactB), "degree " + other.degree());
            }
        }
    }

    @Test
    void compactRefusesAMisshapenKeyAndCopiesItsSeed() {
        try (RingContext ring = ring(256, new int[] {50, 40}, new int[] {55}, 1, new HashSet<>())) {
            KeyGenerator kg = new KeyGenerator(ring, T, RandomSource.deterministicForTestsOnly(9));
            KeySwitchKey e = kg.relinearizationKey(kg.secretKey());
            long[][][] b = digitsOf(e);
            assertThrows(IllegalArgumentException.class, () -> KeySwitchKey.compact(ring, new long[][][] {b[0]}, e.seed()));
            assertThrows(IllegalArgumentException.class, () -> KeySwitchKey.compact(ring, b, new byte[31]));
            long[][][] shortRow = {b[0], {b[1][0], b[1][1], new long[255]}};
            assertThrows(IllegalArgumentException.class, () -> KeySwitchKey.compact(ring, shortRow, e.seed()));
            byte[] seed = e.seed();
            KeySwitchKey c = KeySwitchKey.compact(ring, b, seed);
            seed[0] ^= 1; // the caller's buffer changes afterwards: the key does not
            assertArrayEquals(e.seed(), c.seed());
            for (int d = 0; d < e.digits(); d++) {
                for (int i = 0; i < e.a(d).length; i++) {
                    assertArrayEquals(e.a(d)[i], c.a(d)[i], "digit " + d + " row " + i);
                }
            }
            assertEquals(e.heldRowBytes() / 2, c.heldRowBytes());
        }
    }
}

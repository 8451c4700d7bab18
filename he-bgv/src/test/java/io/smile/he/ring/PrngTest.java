package io.smile.he.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class PrngTest {
    private static byte[] seed(long s) {
        byte[] b = new byte[Prng.SEED_BYTES];
        new Random(s).nextBytes(b);
        return b;
    }

    private static long[] longs(Prng p, int count) {
        long[] out = new long[count];
        for (int i = 0; i < count; i++) {
            out[i] = p.nextLong();
        }
        return out;
    }

    @Test
    void sameSeedAndLabelGiveTheSameStream() {
        for (long label : new long[] {0, 1, -1, Long.MIN_VALUE, 0x1234_5678_9abcL}) {
            byte[] s = seed(label);
            // more than one internal block so refills are covered
            assertArrayEquals(longs(new Prng(s, label), 3000), longs(new Prng(s.clone(), label), 3000));
            byte[] a = new byte[10000];
            byte[] b = new byte[10000];
            new Prng(s, label).nextBytes(a);
            new Prng(s, label).nextBytes(b);
            assertArrayEquals(a, b);
        }
    }

    @Test
    void distinctLabelsAndSeedsGiveDistinctStreams() {
        byte[] s = seed(1);
        Set<Long> firsts = new HashSet<>();
        long[] labels = {0, 1, 2, 3, 1L << 16, (1L << 16) | 1, -1, Long.MIN_VALUE, Long.MAX_VALUE};
        for (long label : labels) {
            long[] stream = longs(new Prng(s, label), 4);
            assertTrue(firsts.add(stream[0]), "label " + label + " repeats another label's stream");
        }
        long[] base = longs(new Prng(s, 7), 600);
        long[] other = longs(new Prng(s, 8), 600);
        int equal = 0;
        for (int i = 0; i < base.length; i++) {
            if (base[i] == other[i]) {
                equal++;
            }
        }
        assertEquals(0, equal, "independent streams share no 64-bit word (probability ~2^-54)");
        byte[] s2 = s.clone();
        s2[31] ^= 1;
        assertFalse(Arrays.equals(base, longs(new Prng(s2, 7), 600)), "one seed bit changes the stream");
    }

    @Test
    void streamIsAes256CounterModeWithTheLabelInTheIv() throws Exception {
        // independent construction: AES-256 (ECB on explicit counter blocks) of IV = label(8 bytes BE) || counter(8 bytes BE)
        byte[] s = seed(42);
        long label = 0x0102_0304_0506_0708L;
        Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(s, "AES"));
        int blocks = 300; // crosses the 4096-byte internal buffer
        ByteBuffer counters = ByteBuffer.allocate(16 * blocks);
        for (int i = 0; i < blocks; i++) {
            counters.putLong(label).putLong(i);
        }
        byte[] expected = aes.doFinal(counters.array());
        byte[] actual = new byte[16 * blocks];
        new Prng(s, label).nextBytes(actual);
        assertArrayEquals(expected, actual);
        // nextLong reads the same stream as big-endian words
        long[] words = longs(new Prng(s, label), 2 * blocks);
        ByteBuffer exp = ByteBuffer.wrap(expected);
        for (long w : words) {
            assertEquals(exp.getLong(), w);
        }
    }

    @Test
    void rejectsSeedsOfTheWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> new Prng(new byte[16], 0));
        assertThrows(IllegalArgumentException.class, () -> new Prng(new byte[33], 0));
    }

    @Test
    void uniformModStaysInRange() {
        Prng p = new Prng(seed(3), 0);
        long[] moduli = {1, 2, 3, 5, 7, 255, 256, 257, 65537, (1L << 32) + 1, (1L << 40) - 87,
                (1L << 61) - 1, 1L << 62, (1L << 62) + 1, Long.MAX_VALUE};
        for (long q : moduli) {
            long max = -1;
            for (int i = 0; i < 2000; i++) {
                long v = p.uniformMod(q);
                assertTrue(v >= 0 && v < q, "q=" + q + " v=" + v);
                max = Math.max(max, v);
            }
            if (q > 2000) {
                // the top half of the range is reached (probability of failure 2^-2000)
                assertTrue(max >= q / 2, "q=" + q);
            }
        }
    }

    @Test
    void uniformModIsUniformOnSmallModuli() {
        Prng p = new Prng(seed(4), 9);
        int samples = 120_000;
        for (int q : new int[] {3, 5, 6, 7, 12, 17}) {
            int[] counts = new int[q];
            for (int i = 0; i < samples; i++) {
                counts[(int) p.uniformMod(q)]++;
            }
            double expected = (double) samples / q;
            double sd = Math.sqrt(samples * (1.0 / q) * (1 - 1.0 / q));
            for (int v = 0; v < q; v++) {
                assertTrue(Math.abs(counts[v] - expected) < 6 * sd, "q=" + q + " value " + v + " count " + counts[v]);
            }
        }
    }

    @Test
    void nextLongBitsAreBalanced() {
        Prng p = new Prng(seed(5), 1);
        int samples = 50_000;
        int[] ones = new int[64];
        for (int i = 0; i < samples; i++) {
            long v = p.nextLong();
            for (int b = 0; b < 64; b++) {
                ones[b] += (int) ((v >>> b) & 1);
            }
        }
        double sd = Math.sqrt(samples * 0.25);
        for (int b = 0; b < 64; b++) {
            assertTrue(Math.abs(ones[b] - samples / 2.0) < 6 * sd, "bit " + b);
        }
    }

    @Test
    void randomSourceDeterminismAndFreshness() {
        RandomSource d1 = RandomSource.deterministicForTestsOnly(77);
        RandomSource d2 = RandomSource.deterministicForTestsOnly(77);
        RandomSource d3 = RandomSource.deterministicForTestsOnly(78);
        assertTrue(d1.isDeterministic());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            byte[] a = d1.freshSeed();
            assertEquals(Prng.SEED_BYTES, a.length);
            assertArrayEquals(a, d2.freshSeed(), "same test seed, same sequence");
            assertFalse(Arrays.equals(a, d3.freshSeed()), "different test seed");
            assertTrue(seen.add(Arrays.toString(a)), "successive seeds differ");
        }
        RandomSource s = RandomSource.secure();
        assertFalse(s.isDeterministic());
        byte[] x = s.freshSeed();
        assertEquals(Prng.SEED_BYTES, x.length);
        assertFalse(Arrays.equals(x, s.freshSeed()));
        assertFalse(Arrays.equals(x, RandomSource.secure().freshSeed()));
    }
}

package io.smile.he.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StatsTest {
    private static final int TRIES = Integer.getInteger("smile.tries", 60);

    @Test
    void fifteenSamples() {
        long[] v = new long[15];
        for (int i = 0; i < 15; i++) {
            v[i] = (15 - i) * 1_000_000L; // 15 ms down to 1 ms
        }
        Stats s = new Stats(v);
        assertEquals(8.0, s.medianMillis(), 1e-12);
        assertEquals(2.0, s.p10Millis(), 1e-12); // rank ceil(1.5) = 2
        assertEquals(14.0, s.p90Millis(), 1e-12); // rank ceil(13.5) = 14
        assertEquals("8.00 [2.00 – 14.0]", s.format());
    }

    @Test
    void evenCountMedianIsMeanOfMiddlePair() {
        assertEquals(2.5, new Stats(new long[] {4, 1, 3, 2}).medianNanos(), 1e-12);
    }

    @Test
    void percentilesMatchTheNearestRankDefinition() {
        Random r = new Random(11);
        for (int trial = 0; trial < TRIES; trial++) {
            int n = 1 + r.nextInt(40);
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextInt(20); // with ties
            }
            Stats s = new Stats(v);
            for (double p : new double[] {10, 50, 90, 100}) {
                long x = s.percentileNanos(p);
                long atOrBelow = Arrays.stream(v).filter(y -> y <= x).count();
                long below = Arrays.stream(v).filter(y -> y < x).count();
                assertTrue(atOrBelow >= p / 100 * n, "p" + p + " of " + Arrays.toString(v));
                assertTrue(below < p / 100 * n, "p" + p + " of " + Arrays.toString(v));
            }
            assertTrue(s.percentileNanos(10) <= s.medianNanos() && s.medianNanos() <= s.percentileNanos(90));
            assertEquals(n, s.count());
        }
    }

    @Test
    void inputIsNotModifiedAndEmptyIsRefused() {
        long[] v = {3, 1, 2};
        new Stats(v);
        assertArrayEquals(new long[] {3, 1, 2}, v);
        assertThrows(IllegalArgumentException.class, () -> new Stats(new long[0]));
        assertThrows(IllegalArgumentException.class, () -> new Stats(v).percentileNanos(0));
    }

    @Test
    void millisecondsKeepThreeSignificantDigits() {
        assertEquals("0.123", Stats.formatMillis(0.12345));
        assertEquals("1.23", Stats.formatMillis(1.2345));
        assertEquals("12.3", Stats.formatMillis(12.345));
        assertEquals("123", Stats.formatMillis(123.45));
    }
}

package io.smile.cli.engine;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ScoringTest {
    private static final int TRIES = Integer.getInteger("smile.tries", 60);

    @Test
    void checkFindsExactlyTheCorruptedSlots() {
        Random r = new Random(21);
        for (int trial = 0; trial < TRIES; trial++) {
            int n = 1 + r.nextInt(300);
            long[] expected = new long[n];
            for (int i = 0; i < n; i++) {
                expected[i] = r.nextInt(65537) - 32768;
            }
            long[] actual = expected.clone();
            assertEquals(-1, Scoring.firstMismatch(expected, actual));
            assertEquals(0, Scoring.mismatchCount(expected, actual));
            int k = 1 + r.nextInt(Math.min(n, 5));
            int first = n;
            java.util.Set<Integer> hit = new java.util.HashSet<>();
            while (hit.size() < k) {
                int i = r.nextInt(n);
                if (hit.add(i)) {
                    long delta = 1 + r.nextInt(1000);
                    actual[i] += r.nextBoolean() ? delta : -delta;
                    first = Math.min(first, i);
                }
            }
            assertEquals(first, Scoring.firstMismatch(expected, actual));
            assertEquals(k, Scoring.mismatchCount(expected, actual));
        }
        assertEquals(2, Scoring.firstMismatch(new long[] {1, 2, 3}, new long[] {1, 2}));
        assertEquals(1, Scoring.mismatchCount(new long[] {1, 2, 3}, new long[] {1, 2}));
    }

    @Test
    void lineSlotsHoldTheLineTotalOverBothHours() {
        Random r = new Random(5);
        for (int trial = 0; trial < TRIES; trial++) {
            int slots = 1 << (5 + r.nextInt(6)); // 32 .. 1024
            SensorData d = SensorData.simulate(slots, r.nextLong());
            long[] total = Scoring.expected(d);
            int half = slots / 2;
            for (int line = 0; line < d.lines(); line++) {
                long sum = 0;
                for (int m = line * SensorData.LINE; m < (line + 1) * SensorData.LINE; m++) {
                    for (int s : new int[] {m, half + m}) {
                        // the next machine of the row, wrapping around at the row's end
                        int next = s == half - 1 ? 0 : s == slots - 1 ? half : s + 1;
                        long dT = d.temperature[s] - d.nominalTemperature[s];
                        long dQ = d.torque[s] - d.nominalTorque[s];
                        long nextDT = d.temperature[next] - d.nominalTemperature[next];
                        sum += d.weightTemperature[s] * dT + d.weightTorque[s] * dQ + dT * dQ + (dT - nextDT);
                    }
                }
                int slot = line * SensorData.LINE;
                assertEquals(sum, total[slot], "line " + line);
                assertEquals(sum, total[half + slot], "line " + line + ", row 1");
            }
        }
    }

    @Test
    void readingsAndScoresStayInsideThePlaintextRange() {
        assertTrue(Scoring.maxAbsScore() < 65537 / 2, "bound " + Scoring.maxAbsScore());
        Random r = new Random(8);
        for (int trial = 0; trial < TRIES; trial++) {
            SensorData d = SensorData.simulate(1 << (5 + r.nextInt(6)), r.nextLong());
            for (int s = 0; s < d.slots(); s++) {
                assertTrue(Math.abs(d.temperature[s] - d.nominalTemperature[s]) <= SensorData.MAX_TEMP_DEVIATION);
                assertTrue(Math.abs(d.torque[s] - d.nominalTorque[s]) <= SensorData.MAX_TORQUE_DEVIATION);
                assertTrue(d.weightTemperature[s] <= 3 && d.weightTorque[s] <= 3);
            }
            for (long v : Scoring.expected(d)) {
                assertTrue(Math.abs(v) <= Scoring.maxAbsScore());
            }
        }
    }

    @Test
    void simulationIsReproducibleFromItsSeed() {
        assertArrayEquals(SensorData.simulate(256, 9).temperature(), SensorData.simulate(256, 9).temperature());
        assertArrayEquals(SensorData.simulate(256, 9).torque(), SensorData.simulate(256, 9).torque());
        assertFalse(java.util.Arrays.equals(SensorData.simulate(256, 9).temperature(), SensorData.simulate(256, 10).temperature()));
    }
}

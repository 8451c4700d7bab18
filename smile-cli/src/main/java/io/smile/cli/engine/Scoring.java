package io.smile.cli.engine;

/**
 * The demo's scoring function, on plaintext integers. {@link EngineDemo} evaluates exactly the
 * same steps on ciphertexts; this class is the reference its result is checked against.
 *
 * <pre>
 *   dT    = temperature - nominal temperature            (subPlain)
 *   dQ    = torque - nominal torque                      (subPlain)
 *   lin   = wT * dT + wQ * dQ                            (multiplyPlain, add)
 *   quad  = dT * dQ                                      (multiply + relinearize)
 *   grad  = dT - rotate(dT, 1)                           (rotateRows: the next machine of the row)
 *   score = lin + quad + grad
 *   line  = sumBlocks(score, log2 LINE)                  (slot j: score[j] + ... + score[j+7], cyclic in its row)
 *   total = line + swapRows(line)                        (both hours)
 * </pre>
 *
 * So slot 8k (and 8k + N/2) ends up holding the risk score of production line k over both hours.
 */
public final class Scoring {
    private Scoring() {
    }

    /** The final slot vector, as exact integers (no reduction mod t). */
    public static long[] expected(SensorData d) {
        int n = d.slots();
        int half = n / 2;
        long[] dT = new long[n];
        long[] score = new long[n];
        for (int s = 0; s < n; s++) {
            dT[s] = d.temperature[s] - d.nominalTemperature[s];
        }
        for (int s = 0; s < n; s++) {
            long dQ = d.torque[s] - d.nominalTorque[s];
            long lin = d.weightTemperature[s] * dT[s] + d.weightTorque[s] * dQ;
            long quad = dT[s] * dQ;
            long grad = dT[s] - dT[rowShift(s, 1, half)];
            score[s] = lin + quad + grad;
        }
        long[] line = new long[n];
        for (int s = 0; s < n; s++) {
            long sum = 0;
            for (int i = 0; i < SensorData.LINE; i++) {
                sum += score[rowShift(s, i, half)];
            }
            line[s] = sum;
        }
        long[] total = new long[n];
        for (int s = 0; s < n; s++) {
            total[s] = line[s] + line[(s + half) % n];
        }
        return total;
    }

    /** The slot that rotating both rows left by {@code k} brings to slot s. */
    static int rowShift(int s, int k, int half) {
        int row = s / half;
        return row * half + Math.floorMod(s % half + k, half);
    }

    /**
     * Largest |total| the bounds of {@link SensorData} allow: per slot |lin| + |quad| + |grad|,
     * times LINE machines, times 2 hours.
     */
    public static long maxAbsScore() {
        long t = SensorData.MAX_TEMP_DEVIATION;
        long q = SensorData.MAX_TORQUE_DEVIATION;
        long w = 3;
        long perSlot = w * t + w * q + t * q + 2 * t;
        return perSlot * SensorData.LINE * 2;
    }

    /** Index of the first slot where the two vectors differ, or -1. */
    public static int firstMismatch(long[] expected, long[] actual) {
        if (expected.length != actual.length) {
            return Math.min(expected.length, actual.length);
        }
        for (int i = 0; i < expected.length; i++) {
            if (expected[i] != actual[i]) {
                return i;
            }
        }
        return -1;
    }

    /** Number of slots where the vectors differ (a length difference counts every missing slot). */
    public static int mismatchCount(long[] expected, long[] actual) {
        int count = Math.abs(expected.length - actual.length);
        for (int i = 0; i < Math.min(expected.length, actual.length); i++) {
            if (expected[i] != actual[i]) {
                count++;
            }
        }
        return count;
    }
}

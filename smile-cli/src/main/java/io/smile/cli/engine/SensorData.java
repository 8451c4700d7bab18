package io.smile.cli.engine;

import java.util.SplittableRandom;

/**
 * Simulated sensor readings of a plant, laid out in the 2 x N/2 batching slots: slot j of row 0
 * is the current reading of machine j, slot j of row 1 the reading of the same machine one hour
 * earlier. Machines stand in production lines of {@link #LINE} consecutive slots. Values are
 * fixed-point integers: temperature in 0.1 °C, torque in 0.1 Nm.
 *
 * <p>Every reading stays within {@link #MAX_TEMP_DEVIATION} / {@link #MAX_TORQUE_DEVIATION} of
 * its machine model's nominal value, which bounds every intermediate and final score well inside
 * the plaintext range (-t/2, t/2] for t = 65537, so the encrypted result is the exact integer
 * score (see {@link Scoring#maxAbsScore}).
 */
public final class SensorData {
    /** Machines per production line (a power of two: the aggregation is sumBlocks(log2 LINE)). */
    public static final int LINE = 8;
    public static final int LOG_LINE = 3;
    /** Largest deviation from nominal, in 0.1 °C (4.0 °C). */
    public static final int MAX_TEMP_DEVIATION = 40;
    /** Largest deviation from nominal, in 0.1 Nm (3.0 Nm). */
    public static final int MAX_TORQUE_DEVIATION = 30;

    /** Nominal temperature (0.1 °C) and torque (0.1 Nm) of the three machine models. */
    static final long[] NOMINAL_TEMP = {650, 720, 580};
    static final long[] NOMINAL_TORQUE = {1250, 980, 1420};
    /** Score weights by model for the current hour; the previous hour weighs 1. */
    static final long[] WEIGHT_TEMP_NOW = {3, 2, 3};
    static final long[] WEIGHT_TORQUE_NOW = {2, 2, 1};

    private final int slots;
    final long[] temperature;
    final long[] torque;
    final long[] nominalTemperature;
    final long[] nominalTorque;
    final long[] weightTemperature;
    final long[] weightTorque;

    private SensorData(int slots) {
        this.slots = slots;
        temperature = new long[slots];
        torque = new long[slots];
        nominalTemperature = new long[slots];
        nominalTorque = new long[slots];
        weightTemperature = new long[slots];
        weightTorque = new long[slots];
    }

    /** Readings for slots/2 machines (two hours each), reproducible from {@code seed}. */
    public static SensorData simulate(int slots, long seed) {
        if (slots < 2 * LINE || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slot count must be a power of two >= " + 2 * LINE + ", got " + slots);
        }
        SensorData d = new SensorData(slots);
        SplittableRandom r = new SplittableRandom(seed);
        int machines = slots / 2;
        // a few machines run hot and strained in both hours
        boolean[] faulty = new boolean[machines];
        for (int m = 0; m < machines; m++) {
            faulty[m] = r.nextInt(100) == 0;
        }
        for (int s = 0; s < slots; s++) {
            int machine = s % machines;
            boolean now = s < machines;
            int model = machine % 3;
            d.nominalTemperature[s] = NOMINAL_TEMP[model];
            d.nominalTorque[s] = NOMINAL_TORQUE[model];
            d.weightTemperature[s] = now ? WEIGHT_TEMP_NOW[model] : 1;
            d.weightTorque[s] = now ? WEIGHT_TORQUE_NOW[model] : 1;
            double heat = faulty[machine] ? 25 : 0;
            double strain = faulty[machine] ? 18 : 0;
            d.temperature[s] = NOMINAL_TEMP[model] + clamp(heat + 9 * r.nextGaussian(), MAX_TEMP_DEVIATION);
            d.torque[s] = NOMINAL_TORQUE[model] + clamp(strain + 7 * r.nextGaussian(), MAX_TORQUE_DEVIATION);
        }
        return d;
    }

    private static long clamp(double v, int bound) {
        return Math.max(-bound, Math.min(bound, Math.round(v)));
    }

    public int slots() {
        return slots;
    }

    public int machines() {
        return slots / 2;
    }

    public int lines() {
        return machines() / LINE;
    }

    public long[] temperature() {
        return temperature.clone();
    }

    public long[] torque() {
        return torque.clone();
    }
}

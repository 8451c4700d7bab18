package io.smile.simulator.history;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Run-to-failure histories of a centrifugal pump (profile {@code centrifugal-pump}), one row per
 * unit and minute, in the style of the published degradation model of the turbofan benchmarks
 * (Saxena, Goebel, Simon, Eklund, "Damage propagation modeling for aircraft engine run-to-failure
 * simulation", PHM 2008): every unit starts with a random initial wear d0 and fails at its
 * random end of life T; its damage grows exponentially towards it,
 * <pre>  D(t) = d0 + (1 − d0)·exp(α·(t − T)),  health index HI = 1 − D,</pre>
 * with a per-unit rate α, and every sensor is its nominal value (with a per-unit offset) plus a
 * sensitivity times D plus Gaussian measurement noise: vibration, bearing temperature, current
 * and its ripple rise, head and flow fall. Deterministic for a seed.
 */
public final class PumpHistoryGenerator {
    /** The CSV header: the profile's sensor names, plus unit, cycle and the (informative) health index. */
    public static final String HEADER = "unit,cycle,vibration_rms,bearing_temperature,suction_pressure,discharge_pressure,"
            + "flow,motor_current,speed,health_index";

    private final Random random;

    public PumpHistoryGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** Writes {@code units} run-to-failure units (named P001, P002, ...) with a header row. */
    public void write(Writer out, int units) throws IOException {
        if (units < 1) {
            throw new IllegalArgumentException("need at least one unit");
        }
        out.write(HEADER + "\n");
        for (int u = 1; u <= units; u++) {
            writeUnit(out, String.format(Locale.ROOT, "P%03d", u));
        }
        out.flush();
    }

    private void writeUnit(Writer out, String id) throws IOException {
        int life = 200 + random.nextInt(201);                   // T: 200..400 minutes
        double d0 = 0.1 * random.nextDouble();                  // initial wear
        double alpha = 0.03 + 0.03 * random.nextDouble();       // e-folding over 17..33 minutes
        double vib0 = 2.8 + 0.3 * random.nextGaussian();        // per-unit operating point
        double temp0 = 58 + 2.0 * random.nextGaussian();
        double flow0 = 145 + 4.0 * random.nextGaussian();
        double current0 = 83 + 2.0 * random.nextGaussian();
        for (int t = 1; t <= life; t++) {
            double d = d0 + (1 - d0) * Math.exp(alpha * (t - life));
            double vib = vib0 + 7.0 * d + 0.25 * random.nextGaussian();
            double temp = temp0 + 20.0 * d + 0.8 * random.nextGaussian();
            double suction = 2.0 + 0.03 * random.nextGaussian();
            double discharge = 7.8 - 1.2 * d + 0.08 * random.nextGaussian();
            double flow = flow0 - 25.0 * d + 3.0 * random.nextGaussian();
            double current = current0 + 10.0 * d + (1.0 + 2.0 * d) * random.nextGaussian();
            double speed = 2950 - 15.0 * d + 4.0 * random.nextGaussian();
            out.write(String.format(Locale.ROOT, "%s,%d,%.3f,%.2f,%.3f,%.3f,%.2f,%.2f,%.0f,%.4f%n", id, t, Math.max(0, vib),
                    temp, suction, discharge, flow, current, speed, 1 - d));
        }
    }

    /** {@code PumpHistoryGenerator <units> <seed> <out.csv>}: the documented command behind the shipped model. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: PumpHistoryGenerator <units> <seed> <out.csv>");
            System.exit(2);
        }
        Path out = Path.of(args[2]);
        try (Writer w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            new PumpHistoryGenerator(Long.parseLong(args[1])).write(w, Integer.parseInt(args[0]));
        }
        System.out.println("wrote " + args[0] + " pump units to " + out.toAbsolutePath());
    }
}

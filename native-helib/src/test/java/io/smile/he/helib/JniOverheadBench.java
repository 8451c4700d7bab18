package io.smile.he.helib;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeParameterSpec;
import io.smile.he.api.HeSession;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What the JNI boundary costs on top of HElib: each operation timed through he-api (a JNI call,
 * handle look-ups, the copy HElib's in-place API needs for a functional one, a result handle) and
 * the same operation repeated inside C++ on the same operands ({@code HelibNative.timeInside}).
 * Prints a table; asserts nothing about speed. Run:
 *
 * <pre>
 * mvn -B verify -Pnative-helib -pl native-helib -am -Dtest=JniOverheadBench -Dsurefire.failIfNoSpecifiedTests=false -Dsmile.bench=true
 * </pre>
 */
class JniOverheadBench {
    private static final int ITERATIONS = Integer.getInteger("smile.bench.iterations", 9);

    @Test
    void timingInsideRefusesWhatItCannotTime() {
        try (HeSession s = HeBackend.byName("helib").open(HeParameterSpec.preset("N8192_DEPTH3").withThreads(1));
             HeKeyOwner k = s.generateKeys()) {
            HelibEvaluator ev = (HelibEvaluator) s.evaluator(k.exportPublicKey(), k.exportEvaluationKeys());
            HeCiphertext x = k.encrypt(new long[] {1, 2});
            assertTrue(ev.timeInside(HelibNative.TIME_ADD, x, x, 1) > 0);
            assertThrows(IllegalArgumentException.class, () -> ev.timeInside(9, x, x, 1));
            assertThrows(IllegalArgumentException.class, () -> ev.timeInside(HelibNative.TIME_ADD, x, x, 0));
        }
    }

    @Test
    void boundaryCostPerOperation() {
        Assumptions.assumeTrue(Boolean.getBoolean("smile.bench"), "benchmark: run with -Dsmile.bench=true");
        for (String preset : new String[] {"N8192_DEPTH3", "N16384_DEPTH5"}) {
            try (HeSession s = HeBackend.byName("helib").open(HeParameterSpec.preset(preset).withThreads(1));
                 HeKeyOwner k = s.generateKeys()) {
                HelibEvaluator ev = (HelibEvaluator) s.evaluator(k.exportPublicKey(), k.exportEvaluationKeys());
                SplittableRandom r = new SplittableRandom(7);
                long t = s.plainModulus();
                HeCiphertext a = s.readCiphertext(k.encrypt(r.longs(s.slotCount(), 0, t).toArray()).serialize());
                HeCiphertext b = s.readCiphertext(k.encrypt(r.longs(s.slotCount(), 0, t).toArray()).serialize());
                ev.add(a, b); // bind both to the evaluator key once, as a cloud does
                System.out.printf(Locale.ROOT, "%n### %s, single thread, API: median of %d calls, inside: mean of as many%n%n", preset, ITERATIONS);
                System.out.println("| operation | through he-api (ms) | HElib alone, inside C++ (ms) | boundary (ms) | boundary share |");
                System.out.println("|---|---:|---:|---:|---:|");
                System.out.printf(Locale.ROOT, "| the copy inside each row below (HElib's API works in place) | — | %.2f | — | — |%n",
                        ev.timeInside(HelibNative.TIME_COPY, a, b, ITERATIONS) / 1e6);
                row("add", () -> ev.add(a, b), () -> ev.timeInside(HelibNative.TIME_ADD, a, b, ITERATIONS));
                row("multiply + relinearize", () -> ev.multiply(a, b), () -> ev.timeInside(HelibNative.TIME_MULTIPLY, a, b, ITERATIONS));
                row("rotate by 1", () -> ev.rotate(a, 1), () -> ev.timeInside(HelibNative.TIME_ROTATE, a, b, ITERATIONS));
            }
        }
    }

    private static void row(String op, Supplier<HeCiphertext> api, Supplier<Double> insideNanos) {
        double[] ms = new double[ITERATIONS];
        for (int i = 0; i < ITERATIONS; i++) {
            long t0 = System.nanoTime();
            api.get();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(ms);
        double viaApi = ms[ITERATIONS / 2];
        double inside = insideNanos.get() / 1e6; // a mean over as many calls
        double boundary = viaApi - inside;
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.0f %% |%n", op, viaApi, inside, boundary, 100 * boundary / viaApi);
    }
}

package io.smile.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The model's inputs, as a table: what {@link FeatureExtractor} computes from a window of raw
 * samples for every {@link Aggregate} and every {@link DerivedFunction}, with the expected values
 * worked out by hand. The gateway and model training both go through this code, so this is the
 * specification of what the model sees.
 *
 * <p>The profile below has two sensors {@code a} and {@code b}, three derived signals of them
 * ({@code diff = a - b}, {@code prod = a * b}, {@code power = a * b * 2π / 60}) and a categorical
 * attribute {@code kind} with values X, Y, Z.
 */
class FeatureExtractorTest {
    private static final String PROFILE = """
            id: spec-machine
            description: two sensors, every aggregate and every derived function
            vendor: test
            model: test
            attributes:
              - { name: kind, values: [X, Y, Z], nodeId: "ns=2;s={machine}/Kind" }
            opcua:
              namespaceUri: "urn:smile:test"
              sensors:
                - { name: a, nodeId: "ns=2;s={machine}/A", unit: u, range: [-10, 10], scale: 1, samplingIntervalMs: 100 }
                - { name: b, nodeId: "ns=2;s={machine}/B", unit: u, range: [-5, 4], scale: 1, samplingIntervalMs: 100 }
            window:
              length: 4
              derived:
                - { name: diff, function: difference, inputs: [a, b], unit: u, scale: 1 }
                - { name: prod, function: product, inputs: [a, b], unit: u, scale: 1 }
                - { name: power, function: rotational_power, inputs: [a, b], unit: W, scale: 1 }
              features:
                - { name: a_last, source: a, aggregate: last }
                - { name: a_mean, source: a, aggregate: mean }
                - { name: a_min, source: a, aggregate: min }
                - { name: a_max, source: a, aggregate: max }
                - { name: a_sum, source: a, aggregate: sum }
                - { name: diff_last, source: diff, aggregate: last }
                - { name: prod_last, source: prod, aggregate: last }
                - { name: power_last, source: power, aggregate: last }
                - { name: diff_mean, source: diff, aggregate: mean }
                - { name: prod_max, source: prod, aggregate: max }
                - { name: kind, source: kind, aggregate: last }
                - { name: a_stddev, source: a, aggregate: stddev }
                - { name: a_rms, source: a, aggregate: rms }
                - { name: a_slope, source: a, aggregate: slope }
                - { name: a_range, source: a, aggregate: range }
            """;

    private static final MachineProfile MACHINE = new ProfileLoader().parseMachineProfile(PROFILE, "spec-machine.yaml");
    private static final FeatureExtractor EXTRACTOR = new FeatureExtractor(MACHINE);
    private static final double K = 2 * Math.PI / 60; // W per Nm·rpm

    /** One window: samples of (a, b) oldest first, the attribute value, and every feature's expected value. */
    private record Case(String what, double[] a, double[] b, String kind, Map<String, Double> expected) {
    }

    private static Map<String, Double> expect(double aLast, double aMean, double aMin, double aMax, double aSum,
                                              double diffLast, double prodLast, double powerLast, double diffMean,
                                              double prodMax, double kind) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("a_last", aLast);
        m.put("a_mean", aMean);
        m.put("a_min", aMin);
        m.put("a_max", aMax);
        m.put("a_sum", aSum);
        m.put("diff_last", diffLast);
        m.put("prod_last", prodLast);
        m.put("power_last", powerLast);
        m.put("diff_mean", diffMean);
        m.put("prod_max", prodMax);
        m.put("kind", kind);
        return m;
    }

    /** The table's last four columns: standard deviation, RMS, least-squares slope and range of a. */
    private static Map<String, Double> and(Map<String, Double> m, double aStddev, double aRms, double aSlope, double aRange) {
        m.put("a_stddev", aStddev);
        m.put("a_rms", aRms);
        m.put("a_slope", aSlope);
        m.put("a_range", aRange);
        return m;
    }

    private static final List<Case> CASES = List.of(
            // a: 2, -4, 5 | b: 1, 3, -2 | diff: 1, -7, 7 | prod: 2, -12, -10
            // a - mean: 1, -5, 4 -> stddev sqrt(42/3); a^2: 4, 16, 25 -> rms sqrt(45/3);
            // slope: indices centred -1, 0, 1 -> (-1*1 + 1*4) / 2 = 1.5; range 5 - (-4) = 9
            new Case("three mixed-sign samples", new double[] {2, -4, 5}, new double[] {1, 3, -2}, "Y",
                    and(expect(5, 1, -4, 5, 3, 7, -10, -10 * K, 1.0 / 3, 2, 1), Math.sqrt(14), Math.sqrt(15), 1.5, 9)),
            // a single sample: every summary aggregate is that sample (sum too); spread, trend and range are 0, rms |x|
            new Case("one sample", new double[] {-3}, new double[] {0.5}, "X",
                    and(expect(-3, -3, -3, -3, -3, -3.5, -1.5, -1.5 * K, -3.5, -1.5, 0), 0, 3, 0, 0)),
            // a constant window: last = mean = min = max = rms, sum = 4 x the value, no spread, trend or range
            new Case("constant window", new double[] {7, 7, 7, 7}, new double[] {2, 2, 2, 2}, "Z",
                    and(expect(7, 7, 7, 7, 28, 5, 14, 14 * K, 5, 14, 2), 0, 7, 0, 0)),
            // all negative: min is the most negative, max the least; products of two negatives are positive
            // a: -1, -2, -6 | b: -3, -1, -2 | diff: 2, -1, -4 | prod: 3, 2, 12
            // a - mean: 2, 1, -3 -> stddev sqrt(14/3); a^2: 1, 4, 36 -> rms sqrt(41/3);
            // slope (-1*2 + 1*(-3)) / 2 = -2.5 (falling); range -1 - (-6) = 5
            new Case("negative values", new double[] {-1, -2, -6}, new double[] {-3, -1, -2}, "Z",
                    and(expect(-6, -3, -6, -1, -9, -4, 12, 12 * K, -1, 12, 2), Math.sqrt(14.0 / 3), Math.sqrt(41.0 / 3), -2.5, 5)),
            // a straight line 1, 3, 5, 7: the slope is its step 2 exactly, the stddev sqrt((9+1+1+9)/4)
            new Case("a linear ramp", new double[] {1, 3, 5, 7}, new double[] {0, 0, 0, 0}, "X",
                    and(expect(7, 4, 1, 7, 16, 7, 0, 0, 4, 0, 0), Math.sqrt(5), Math.sqrt(84.0 / 4), 2, 6)));

    private static List<Map<String, Double>> window(double[] a, double[] b) {
        List<Map<String, Double>> w = new ArrayList<>();
        for (int i = 0; i < a.length; i++) {
            w.add(Map.of("a", a[i], "b", b[i]));
        }
        return w;
    }

    @Test
    void everyFeatureOfEveryCaseHasItsHandComputedValue() {
        List<String> names = MACHINE.window().features().stream().map(FeatureSpec::name).toList();
        for (Case c : CASES) {
            assertEquals(names, List.copyOf(c.expected().keySet()), "the table lists the features in slot order");
            double[] got = EXTRACTOR.features(window(c.a(), c.b()), Map.of("kind", c.kind()));
            assertEquals(names.size(), got.length, c.what());
            for (int f = 0; f < got.length; f++) {
                assertEquals(c.expected().get(names.get(f)), got[f], 1e-12, c.what() + ": " + names.get(f));
            }
        }
    }

    @Test
    void theTableCoversEveryAggregateAndEveryDerivedFunction() {
        Set<Aggregate> aggregates = EnumSet.noneOf(Aggregate.class);
        MACHINE.window().features().forEach(f -> aggregates.add(f.aggregate()));
        assertEquals(EnumSet.allOf(Aggregate.class), aggregates);
        Set<DerivedFunction> functions = EnumSet.noneOf(DerivedFunction.class);
        MACHINE.window().derived().forEach(d -> functions.add(d.function()));
        assertEquals(EnumSet.allOf(DerivedFunction.class), functions);
    }

    /** Each aggregate on its own, oldest sample first. */
    @Test
    void aggregatesOfOneSeries() {
        double[] w = {4, -1, 0.5, -2.5};
        assertEquals(-2.5, Aggregate.LAST.apply(w));
        assertEquals(0.25, Aggregate.MEAN.apply(w)); // 1 / 4
        assertEquals(-2.5, Aggregate.MIN.apply(w));
        assertEquals(4, Aggregate.MAX.apply(w));
        assertEquals(1, Aggregate.SUM.apply(w));
        // mean 0.25; deviations 3.75, -1.25, 0.25, -2.75; squares sum 23.25
        assertEquals(Math.sqrt(23.25 / 4), Aggregate.STDDEV.apply(w), 1e-12);
        assertEquals(Math.sqrt((16 + 1 + 0.25 + 6.25) / 4), Aggregate.RMS.apply(w), 1e-12);
        // centred indices -1.5, -0.5, 0.5, 1.5 (squares sum 5):
        // (-1.5 * 3.75 + -0.5 * -1.25 + 0.5 * 0.25 + 1.5 * -2.75) / 5 = -9 / 5
        assertEquals(-1.8, Aggregate.SLOPE.apply(w), 1e-12);
        assertEquals(6.5, Aggregate.RANGE.apply(w));
        for (Aggregate g : Aggregate.values()) {
            // one sample: every aggregate is that sample, except the spreads and the trend, which are 0
            boolean spread = g == Aggregate.STDDEV || g == Aggregate.SLOPE || g == Aggregate.RANGE;
            assertEquals(spread ? 0 : 9, g.apply(new double[] {9}), g.name());
            assertThrows(IllegalArgumentException.class, () -> g.apply(new double[0]), g.name());
            assertEquals(g, Aggregate.fromYaml(g.toString()));
        }
    }

    /** Each derived function on its own, and the range it gives a derived signal from its inputs' ranges. */
    @Test
    void derivedFunctionsAndTheirRanges() {
        assertEquals(-1, DerivedFunction.DIFFERENCE.apply(2, 3));
        assertEquals(-6, DerivedFunction.PRODUCT.apply(2, -3));
        assertEquals(20 * 3000 * 2 * Math.PI / 60, DerivedFunction.ROTATIONAL_POWER.apply(20, 3000), 1e-9); // 6283.2 W
        // a in [-10, 10], b in [-5, 4]
        assertEquals(new ValueRange(-14, 15), MACHINE.window().derived("diff").orElseThrow().range()); // a.min - b.max, a.max - b.min
        assertEquals(new ValueRange(-50, 50), MACHINE.window().derived("prod").orElseThrow().range()); // corners -10*-5, 10*-5
        ValueRange power = MACHINE.window().derived("power").orElseThrow().range();
        assertEquals(-50 * K, power.min(), 1e-12);
        assertEquals(50 * K, power.max(), 1e-12);
        // a SUM feature's range is the source range times the window length (4)
        assertEquals(new ValueRange(-40, 40), MACHINE.window().feature("a_sum").orElseThrow().range());
        assertEquals(new ValueRange(-10, 10), MACHINE.window().feature("a_mean").orElseThrow().range());
        // a in [-10, 10] over 4 samples: stddev at most half the width, rms at most max |a|, range the width
        assertEquals(new ValueRange(0, 10), MACHINE.window().feature("a_stddev").orElseThrow().range());
        assertEquals(new ValueRange(0, 10), MACHINE.window().feature("a_rms").orElseThrow().range());
        assertEquals(new ValueRange(0, 20), MACHINE.window().feature("a_range").orElseThrow().range());
        // slope: 20 * sum|i - 1.5| / (2 * sum (i - 1.5)^2) = 20 * 4 / 10 = 8
        assertEquals(new ValueRange(-8, 8), MACHINE.window().feature("a_slope").orElseThrow().range());
        // ... and each bound is reached: -10, -10, 10, 10 has slope 8 and stddev 10; -10, 10 alternating has range 20
        assertEquals(8, Aggregate.SLOPE.apply(new double[] {-10, -10, 10, 10}), 1e-12);
        assertEquals(10, Aggregate.STDDEV.apply(new double[] {-10, -10, 10, 10}), 1e-12);
        assertEquals(20, Aggregate.RANGE.apply(new double[] {-10, 10, -10, 10}));
        // two samples: the slope is the difference, at most the width
        assertEquals(new ValueRange(-20, 20), Aggregate.SLOPE.range(new ValueRange(-10, 10), 2));
        // a categorical attribute's range is its value indices
        assertEquals(new ValueRange(0, 2), MACHINE.window().feature("kind").orElseThrow().range());
        for (DerivedFunction f : DerivedFunction.values()) {
            assertEquals(f, DerivedFunction.fromYaml(f.yamlName()));
        }
    }

    @Test
    void malformedWindowsAreRefused() {
        Map<String, String> kind = Map.of("kind", "X");
        assertThrows(IllegalArgumentException.class, () -> EXTRACTOR.features(List.of(), kind));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> EXTRACTOR.features(List.of(Map.of("a", 1.0)), kind));
        assertTrue(missing.getMessage().contains("'b'"), missing.getMessage());
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> EXTRACTOR.features(List.of(Map.of("a", 1.0, "b", Double.NaN)), kind));
        assertTrue(nan.getMessage().contains("finite"), nan.getMessage());
        IllegalArgumentException attribute = assertThrows(IllegalArgumentException.class,
                () -> EXTRACTOR.features(window(new double[] {1}, new double[] {1}), Map.of("kind", "W")));
        assertTrue(attribute.getMessage().contains("[X, Y, Z]"), attribute.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> EXTRACTOR.features(window(new double[] {1}, new double[] {1}), Map.of()));
    }
}

package io.smile.edge.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smile.edge.metrics.Counters;
import io.smile.edge.opcua.Sample;
import io.smile.pdm.model.Ai4iFeatures;
import io.smile.profiles.FleetMachine;
import io.smile.profiles.MachineProfile;
import io.smile.profiles.ProfileLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which samples form a window, and what its quantized block is, worked out by hand.
 *
 * <p>The test machine has one sensor {@code x} and the product type attribute (L, M, H). Its
 * features, in slot order, are min, max, sum and last of {@code x}, {@code (last - 10) / 2}
 * (center 10, spread 2) and the type's index; resolution 1, so a block is
 * {@code [min, max, sum, last, (last - 10) / 2, type, 1]} (the trailing 1 is the constant slot).
 *
 * <p>Sample {@code #s} carries {@code x = X[s]}, type M (index 1) and read time {@code 1000 + s}:
 * <pre>
 *   s     1  2  3  4   5   6  7   8   9  10
 *   x     6  2  8  2  10  18  4  12  10   6
 * </pre>
 */
class WindowAssemblerTest {
    private static final double[] X = {Double.NaN, 6, 2, 8, 2, 10, 18, 4, 12, 10, 6};

    private static MachineProfile profile(int length) {
        return profile(length, "");
    }

    /** The test machine with extra window lines (e.g. {@code step: 2}). */
    private static MachineProfile profile(int length, String windowExtra) {
        return new ProfileLoader().parseMachineProfile("""
                id: window-test
                description: one sensor and the product type, to pin down which samples form a window
                vendor: SMiLe tests
                model: window spec
                attributes:
                  - { name: type, values: [L, M, H], nodeId: "ns=2;s={machine}/Type" }
                opcua:
                  namespaceUri: "urn:smile:test:window"
                  sensors:
                    - { name: x, nodeId: "ns=2;s={machine}/X", unit: "1", range: [-1000, 1000], scale: 1, samplingIntervalMs: 100 }
                window:
                  length: %d
                  %s
                  quantization: { resolution: 1, clip: 1000 }
                  features:
                    - { name: x_min, source: x, aggregate: min, center: 0, spread: 1 }
                    - { name: x_max, source: x, aggregate: max, center: 0, spread: 1 }
                    - { name: x_sum, source: x, aggregate: sum, center: 0, spread: 1 }
                    - { name: x_last, source: x, aggregate: last, center: 0, spread: 1 }
                    - { name: x_last_centred, source: x, aggregate: last, center: 10, spread: 2 }
                    - { name: quality, source: type, aggregate: last, center: 0, spread: 1 }
                """.formatted(length, windowExtra), "window-test.yaml");
    }

    /** A window as the test states it: the machine, its last sample, its block. */
    private record Expected(String machine, long lastSample, long readAtMillis, List<Long> block) {
        static Expected of(QuantizedWindow w) {
            return new Expected(w.machineId(), w.sampleSequence(), w.readAtMillis(),
                    Arrays.stream(w.block()).boxed().toList());
        }
    }

    /** The window ending at sample {@code s} of machine M1 with these block values. */
    private static Expected w(long s, long... block) {
        return new Expected("M1", s, 1000 + s, Arrays.stream(block).boxed().toList());
    }

    private static Sample sample(String machine, long s, Map<String, String> attributes) {
        return new Sample(machine, s, Map.of("x", X[(int) s]), attributes, 1000 + s);
    }

    private static final class Run {
        final List<QuantizedWindow> out = new ArrayList<>();
        final Counters counters = new Counters();
        final WindowAssembler assembler;

        Run(int length, int step, Map<String, String> pinned) {
            assembler = new WindowAssembler(new FleetMachine("M1", profile(length), pinned),
                    Ai4iFeatures.encoding(profile(length)), step, out::add, counters);
        }

        Run feed(long... sequences) {
            for (long s : sequences) {
                assembler.accept(sample("M1", s, Map.of("type", "M")));
            }
            return this;
        }

        List<Expected> windows() {
            return out.stream().map(Expected::of).toList();
        }
    }

    static Stream<Arguments> windowing() {
        return Stream.of(
                Arguments.of("length 1: every sample is a window", 1, 0, new long[] {1, 2, 3}, List.of(
                        w(1, 6, 6, 6, 6, -2, 1, 1),
                        w(2, 2, 2, 2, 2, -4, 1, 1),
                        w(3, 8, 8, 8, 8, -1, 1, 1))),
                Arguments.of("step 0 means tumbling: samples 1-3 and 4-6; 7 and 8 wait for 9", 3, 0,
                        new long[] {1, 2, 3, 4, 5, 6, 7, 8}, List.of(
                        w(3, 2, 8, 16, 8, -1, 1, 1),
                        w(6, 2, 18, 30, 18, 4, 1, 1))),
                Arguments.of("tumbling, step = length 3", 3, 3, new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, List.of(
                        w(3, 2, 8, 16, 8, -1, 1, 1),
                        w(6, 2, 18, 30, 18, 4, 1, 1),
                        w(9, 4, 12, 26, 10, 0, 1, 1))),
                Arguments.of("sliding by 1: a window per sample once 3 are there", 3, 1, new long[] {1, 2, 3, 4, 5, 6},
                        List.of(
                        w(3, 2, 8, 16, 8, -1, 1, 1),
                        w(4, 2, 8, 12, 2, -4, 1, 1),
                        w(5, 2, 10, 20, 10, 0, 1, 1),
                        w(6, 2, 18, 30, 18, 4, 1, 1))),
                Arguments.of("length 4, step 2: windows overlap by 2", 4, 2, new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
                        List.of(
                        w(4, 2, 8, 18, 2, -4, 1, 1),
                        w(6, 2, 18, 38, 18, 4, 1, 1),
                        w(8, 4, 18, 44, 12, 1, 1, 1),
                        w(10, 4, 12, 32, 6, -2, 1, 1))),
                Arguments.of("length 3, step 2: the first window comes as soon as 3 samples are there", 3, 2,
                        new long[] {1, 2, 3, 4, 5, 6, 7, 8}, List.of(
                        w(3, 2, 8, 16, 8, -1, 1, 1),
                        w(5, 2, 10, 20, 10, 0, 1, 1),
                        w(7, 4, 18, 32, 4, -3, 1, 1))),
                Arguments.of("samples are counted as they arrive: a gap in the sequence numbers is not filled", 2, 2,
                        new long[] {1, 2, 5, 6}, List.of(
                        w(2, 2, 6, 8, 2, -4, 1, 1),
                        w(6, 10, 18, 28, 18, 4, 1, 1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("windowing")
    void windowsAreTheLastLengthSamplesEveryStepSamples(String name, int length, int step, long[] samples,
                                                         List<Expected> expected) {
        Run run = new Run(length, step, Map.of()).feed(samples);
        assertEquals(expected, run.windows());
        assertEquals(expected.size(), run.counters.windowsBuilt.get());
        assertEquals(0, run.counters.windowsRejected.get());
    }

    @Test
    void theTypeOfTheWindowsLastSampleCountsAndAPinnedTypeWins() {
        Run read = new Run(2, 2, Map.of());
        read.assembler.accept(sample("M1", 1, Map.of("type", "H")));
        read.assembler.accept(sample("M1", 2, Map.of("type", "L")));
        assertEquals(List.of(w(2, 2, 6, 8, 2, -4, 0, 1)), read.windows());

        Run pinned = new Run(2, 2, Map.of("type", "H"));
        pinned.assembler.accept(sample("M1", 1, Map.of("type", "L")));
        pinned.assembler.accept(sample("M1", 2, Map.of("type", "L")));
        assertEquals(List.of(w(2, 2, 6, 8, 2, -4, 2, 1)), pinned.windows());
    }

    @Test
    void aWindowWhoseLastSampleHasNoValidTypeIsRejectedAndStillUsesUpItsStep() {
        Run run = new Run(2, 2, Map.of());
        run.assembler.accept(sample("M1", 1, Map.of("type", "M")));
        run.assembler.accept(sample("M1", 2, Map.of("type", "X"))); // not one of L, M, H: rejected
        run.assembler.accept(sample("M1", 3, Map.of())); // no type, but not the window's last sample
        run.assembler.accept(sample("M1", 4, Map.of("type", "M")));
        run.assembler.accept(sample("M1", 5, Map.of("type", "M")));
        run.assembler.accept(sample("M1", 6, Map.of())); // no type at all: rejected
        assertEquals(List.of(w(4, 2, 8, 10, 2, -4, 1, 1)), run.windows());
        assertEquals(2, run.counters.windowsRejected.get());
        assertEquals(1, run.counters.windowsBuilt.get());
    }

    @Test
    void aWindowWithANonFiniteFeatureIsRejected() {
        Run run = new Run(2, 1, Map.of());
        run.assembler.accept(sample("M1", 1, Map.of("type", "M")));
        run.assembler.accept(new Sample("M1", 2, Map.of("x", Double.POSITIVE_INFINITY), Map.of("type", "M"), 1002));
        run.assembler.accept(sample("M1", 3, Map.of("type", "M"))); // the infinite x is still in this window
        run.assembler.accept(sample("M1", 4, Map.of("type", "M")));
        assertEquals(List.of(w(4, 2, 8, 10, 2, -4, 1, 1)), run.windows());
        assertEquals(2, run.counters.windowsRejected.get());
    }

    @Test
    void withoutAConfiguredStepTheProfilesWindowStepCountsAndAConfiguredOneWins() {
        MachineProfile p = profile(4, "step: 2");
        List<QuantizedWindow> out = new ArrayList<>();
        WindowAssembler fromProfile = new WindowAssembler(new FleetMachine("M1", p, Map.of()), Ai4iFeatures.encoding(p), 0,
                out::add, new Counters());
        for (long s = 1; s <= 8; s++) {
            fromProfile.accept(sample("M1", s, Map.of("type", "M")));
        }
        // as "length 4, step 2" above: windows end at samples 4, 6, 8
        assertEquals(List.of(w(4, 2, 8, 18, 2, -4, 1, 1), w(6, 2, 18, 38, 18, 4, 1, 1), w(8, 4, 18, 44, 12, 1, 1, 1)),
                out.stream().map(Expected::of).toList());

        out.clear();
        WindowAssembler configured = new WindowAssembler(new FleetMachine("M1", p, Map.of()), Ai4iFeatures.encoding(p), 4,
                out::add, new Counters());
        for (long s = 1; s <= 8; s++) {
            configured.accept(sample("M1", s, Map.of("type", "M")));
        }
        assertEquals(List.of(4L, 8L), out.stream().map(QuantizedWindow::sampleSequence).toList());
    }

    @Test
    void aStepLongerThanTheWindowIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Run(3, 4, Map.of()));
    }

    @Test
    void machinesOfAGatewayKeepTheirOwnWindows() {
        MachineProfile p = profile(2);
        List<QuantizedWindow> out = new ArrayList<>();
        Counters counters = new Counters();
        MachineWindows windows = new MachineWindows(List.of(new FleetMachine("M1", p, Map.of()),
                new FleetMachine("M2", p, Map.of("type", "H"))), Ai4iFeatures.encoding(p), 0, out::add, counters);
        windows.accept(sample("M1", 1, Map.of("type", "M")));
        windows.accept(sample("M2", 3, Map.of()));
        windows.accept(sample("M1", 2, Map.of("type", "M")));
        windows.accept(sample("M2", 4, Map.of()));
        assertEquals(List.of(
                w(2, 2, 6, 8, 2, -4, 1, 1),
                new Expected("M2", 4, 1004, List.of(2L, 8L, 10L, 2L, -4L, 2L, 1L))),
                out.stream().map(Expected::of).toList());
    }
}

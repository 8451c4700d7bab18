package io.smile.profiles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which samples form a window: the rule the gateway and training share, as hand-written tables of
 * sample numbers (the samples are 1, 2, 3, ... in arrival order).
 */
class SlidingWindowTest {
    private static final List<Integer> TEN = List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);

    @Test
    void tumblingWindowsAreDisjointAndAnIncompleteTailIsDropped() {
        assertEquals(List.of(List.of(1, 2, 3), List.of(4, 5, 6), List.of(7, 8, 9)), SlidingWindow.windows(TEN, 3, 3));
        assertEquals(List.of(List.of(1), List.of(2), List.of(3)), SlidingWindow.windows(List.of(1, 2, 3), 1, 1));
    }

    @Test
    void slidingWindowsOverlapByLengthMinusStep() {
        assertEquals(List.of(List.of(1, 2, 3, 4), List.of(3, 4, 5, 6), List.of(5, 6, 7, 8), List.of(7, 8, 9, 10)),
                SlidingWindow.windows(TEN, 4, 2));
        assertEquals(List.of(List.of(1, 2, 3), List.of(2, 3, 4), List.of(3, 4, 5)),
                SlidingWindow.windows(List.of(1, 2, 3, 4, 5), 3, 1));
        // the first window comes as soon as there are length samples, then every step
        assertEquals(List.of(List.of(1, 2, 3), List.of(3, 4, 5), List.of(5, 6, 7), List.of(7, 8, 9)),
                SlidingWindow.windows(TEN, 3, 2));
    }

    @Test
    void fewerSamplesThanALengthGiveNoWindow() {
        assertEquals(List.of(), SlidingWindow.windows(List.of(1, 2), 3, 1));
    }

    @Test
    void incrementalAndWholeSeriesAgree() {
        SlidingWindow<Integer> w = new SlidingWindow<>(4, 3);
        StringBuilder due = new StringBuilder();
        for (int s : TEN) {
            w.add(s).ifPresent(win -> due.append(win.get(win.size() - 1)).append(' '));
        }
        assertEquals("4 7 10 ", due.toString());
    }

    @Test
    void stepOutsideOneToLengthIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SlidingWindow<>(3, 0));
        assertThrows(IllegalArgumentException.class, () -> new SlidingWindow<>(3, 4));
        assertThrows(IllegalArgumentException.class, () -> new SlidingWindow<>(0, 1));
    }

    @Test
    void theProfileStepDefaultsToTheLength() {
        String yaml = """
                id: step-test
                description: d
                vendor: v
                model: m
                opcua:
                  namespaceUri: "urn:smile:test"
                  sensors:
                    - { name: x, nodeId: "ns=2;s={machine}/X", unit: u, range: [0, 1], scale: 1, samplingIntervalMs: 100 }
                window:
                  length: 5
                  %s
                  features:
                    - { name: x_mean, source: x, aggregate: mean }
                """;
        ProfileLoader loader = new ProfileLoader();
        assertEquals(5, loader.parseMachineProfile(yaml.formatted(""), "step-test.yaml").window().step());
        WindowSpec sliding = loader.parseMachineProfile(yaml.formatted("step: 2"), "step-test.yaml").window();
        assertEquals(2, sliding.step());
        SlidingWindow<Integer> w = SlidingWindow.of(sliding);
        assertEquals(5, w.length());
        assertEquals(2, w.step());
    }
}

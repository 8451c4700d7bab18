package io.smile.compare.smpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.compare.Fixtures;
import io.smile.compare.Task;
import io.smile.compare.he.HeApproach;
import io.smile.pdm.model.QuantizedModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPDZ between two parties over loopback computes exactly the plaintext quantized model. */
class SpdzScorerTest {
    private final Task task = Fixtures.task();
    private final QuantizedModel model = HeApproach.quantize(Fixtures.model(), task);

    /** Test rows including positives (so both decisions occur). */
    private List<long[]> rows(int n) {
        List<long[]> rows = new ArrayList<>();
        Task.Rows test = task.test();
        for (int i = 0; i < test.size() && rows.size() < n; i++) {
            if (test.labels()[i] || rows.size() % 2 == 0) {
                rows.add(test.quantized().get(i));
            }
        }
        return rows;
    }

    @Test
    void scoresEqualThePlaintextQuantizedModel() {
        List<long[]> rows = rows(12);
        SpdzScorer.Run run = new SpdzScorer(model, SpdzScorer.Output.SCORE).score(rows);
        long[] expected = rows.stream().mapToLong(model::score).toArray();
        assertArrayEquals(expected, run.values());
        assertTrue(run.bytes() > 0 && run.batches() > 0, "the parties exchanged messages");
    }

    @Test
    void decisionsEqualThePlaintextQuantizedModel() {
        List<long[]> rows = rows(12);
        SpdzScorer.Run run = new SpdzScorer(model, SpdzScorer.Output.DECISION).score(rows);
        long[] expected = rows.stream().mapToLong(x -> model.score(x) > 0 ? 1 : 0).toArray();
        assertArrayEquals(expected, run.values());
        assertTrue(java.util.Arrays.stream(expected).anyMatch(v -> v == 1)
                && java.util.Arrays.stream(expected).anyMatch(v -> v == 0), "both decisions are exercised");
    }
}

package io.smile.simulator;

import io.smile.testkit.Datasets;
import java.nio.file.Path;

/** Locates the AI4I 2020 CSV for tests: {@code ../shared/data/ai4i2020.csv} relative to the repository root. */
final class TestData {
    private TestData() {
    }

    /** The data set; skips the test when absent (fails in CI), see {@link Datasets}. */
    static Path ai4iCsv() {
        return Datasets.ai4iCsv();
    }
}

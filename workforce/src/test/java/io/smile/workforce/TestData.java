package io.smile.workforce;

import io.smile.testkit.Datasets;
import java.nio.file.Path;
import java.util.List;

/** Locates the IBM HR CSV for tests: {@code ../shared/data/ibm-hr-attrition.csv} relative to the repository root. */
final class TestData {
    private static List<HrRecord> rows;

    private TestData() {
    }

    /** The data set; skips the test when absent (fails in CI), see {@link Datasets}. */
    static Path hrCsv() {
        return Datasets.hrCsv();
    }

    static synchronized List<HrRecord> rows() throws Exception {
        if (rows == null) {
            rows = HrDataset.load(hrCsv());
        }
        return rows;
    }
}

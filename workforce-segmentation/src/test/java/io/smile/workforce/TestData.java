package io.smile.workforce;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Locates the IBM HR CSV for tests: {@code ../shared/data/ibm-hr-attrition.csv} relative to the repository root. */
final class TestData {
    private static List<HrRecord> rows;

    private TestData() {
    }

    static Path repoRoot() {
        return Path.of("").toAbsolutePath().getParent();
    }

    /** The data set path; {@code -Dsmile.hr.csv=...} overrides. Fails the test clearly if missing. */
    static Path hrCsv() {
        String override = System.getProperty("smile.hr.csv");
        Path p = override != null ? Path.of(override) : repoRoot().resolve("../shared/data/ibm-hr-attrition.csv").normalize();
        if (!Files.isRegularFile(p)) {
            fail("IBM HR attrition data set not found at " + p + " (expected ../shared/data/ibm-hr-attrition.csv relative to the"
                    + " repository root " + repoRoot() + "; or pass -Dsmile.hr.csv=<path>)");
        }
        return p;
    }

    static synchronized List<HrRecord> rows() throws Exception {
        if (rows == null) {
            rows = HrDataset.load(hrCsv());
        }
        return rows;
    }
}

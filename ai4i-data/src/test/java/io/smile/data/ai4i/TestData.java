package io.smile.data.ai4i;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the AI4I 2020 CSV for tests: {@code ../shared/data/ai4i2020.csv} relative to the repository root. */
final class TestData {
    private TestData() {
    }

    /** The repository root: the parent of this module's directory (the test working directory). */
    static Path repoRoot() {
        Path module = Path.of("").toAbsolutePath();
        return module.getParent();
    }

    /**
     * The data set path; {@code -Dsmile.ai4i.csv=...} overrides. Fails the test with a clear message
     * if the file is missing.
     */
    static Path ai4iCsv() {
        String override = System.getProperty("smile.ai4i.csv");
        Path p = override != null ? Path.of(override)
                : repoRoot().resolve("../shared/data/ai4i2020.csv").normalize();
        if (!Files.isRegularFile(p)) {
            fail("AI4I 2020 data set not found at " + p + " (expected ../shared/data/ai4i2020.csv relative to the"
                    + " repository root " + repoRoot() + "; or pass -Dsmile.ai4i.csv=<path>)");
        }
        return p;
    }
}

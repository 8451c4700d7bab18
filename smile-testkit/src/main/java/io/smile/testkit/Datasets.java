package io.smile.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The public data sets the real-data tests read, from {@code ../shared/data} beside the repository.
 * The data never belongs to the repository, so a clone without it must still pass: a missing file
 * skips the test and says so once on stderr. CI runs with {@code SMILE_REQUIRE_DATA=1} (or
 * {@code -Dsmile.data.required=true}) and then a missing file fails the test instead, so no
 * real-data test can silently drop out of CI.
 */
public final class Datasets {
    /** Environment variable (set by {@code .ci/run}) that turns a missing data set into a failure. */
    public static final String REQUIRE_ENV = "SMILE_REQUIRE_DATA";
    /** System property with the same effect. */
    public static final String REQUIRE_PROPERTY = "smile.data.required";

    private static final Set<Path> REPORTED = ConcurrentHashMap.newKeySet();

    private Datasets() {
    }

    /** The AI4I 2020 predictive-maintenance CSV; {@code -Dsmile.ai4i.csv=...} overrides the location. */
    public static Path ai4iCsv() {
        return locate("AI4I 2020 data set", "ai4i2020.csv", "smile.ai4i.csv");
    }

    /** The IBM HR attrition CSV; {@code -Dsmile.hr.csv=...} overrides the location. */
    public static Path hrCsv() {
        return locate("IBM HR attrition data set", "ibm-hr-attrition.csv", "smile.hr.csv");
    }

    /** True when a missing data set must fail the test (CI) rather than skip it. */
    public static boolean required() {
        String env = System.getenv(REQUIRE_ENV);
        return Boolean.getBoolean(REQUIRE_PROPERTY) || (env != null && !env.isEmpty() && !env.equals("0"));
    }

    /**
     * The repository root: the nearest ancestor of the working directory (a module directory under
     * Maven) that holds the {@code smile} launcher script.
     */
    public static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("smile")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        return dir.getParent() != null ? dir.getParent() : dir;
    }

    static Path locate(String what, String file, String overrideProperty) {
        String override = System.getProperty(overrideProperty);
        Path p = override != null ? Path.of(override) : repoRoot().resolve("../shared/data").resolve(file).normalize();
        if (Files.isRegularFile(p)) {
            return p;
        }
        String message = what + " not found at " + p + " (expected ../shared/data/" + file
                + " beside the repository, or -D" + overrideProperty + "=<path>)";
        if (required()) {
            return Assertions.fail(message + "; " + REQUIRE_ENV + " is set, so missing data is a failure");
        }
        if (REPORTED.add(p)) {
            System.err.println("[smile-testkit] real-data tests skipped: " + message);
        }
        Assumptions.abort("skipped: " + message);
        throw new AssertionError("unreachable");
    }
}

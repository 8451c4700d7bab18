package io.smile.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class DatasetsTest {
    @Test
    void anOverriddenFileThatExistsIsReturned(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("x.csv"), "a,b\n");
        System.setProperty("smile.test.override", f.toString());
        try {
            assertEquals(f, Datasets.locate("test set", "x.csv", "smile.test.override"));
        } finally {
            System.clearProperty("smile.test.override");
        }
    }

    @Test
    void aMissingFileSkipsTheTestUnlessDataIsRequired(@TempDir Path dir) {
        System.setProperty("smile.test.override", dir.resolve("absent.csv").toString());
        boolean wasRequired = Boolean.getBoolean(Datasets.REQUIRE_PROPERTY);
        try {
            if (System.getenv(Datasets.REQUIRE_ENV) == null) {
                System.clearProperty(Datasets.REQUIRE_PROPERTY);
                TestAbortedException skip = assertThrows(TestAbortedException.class,
                        () -> Datasets.locate("test set", "absent.csv", "smile.test.override"));
                assertTrue(skip.getMessage().contains("absent.csv"), skip.getMessage());
            }
            System.setProperty(Datasets.REQUIRE_PROPERTY, "true");
            AssertionFailedError fail = assertThrows(AssertionFailedError.class,
                    () -> Datasets.locate("test set", "absent.csv", "smile.test.override"));
            assertTrue(fail.getMessage().contains("missing data is a failure"), fail.getMessage());
        } finally {
            System.clearProperty("smile.test.override");
            System.setProperty(Datasets.REQUIRE_PROPERTY, Boolean.toString(wasRequired));
        }
    }
}

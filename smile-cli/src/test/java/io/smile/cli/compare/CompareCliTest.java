package io.smile.cli.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.cli.SmileCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code smile compare --quick} writes the table (its command in the caption) and both plots. */
class CompareCliTest {
    @Test
    void quickRunWritesTheComparison(@TempDir Path dir) throws Exception {
        Path md = dir.resolve("comparison.md");
        StringWriter err = new StringWriter();
        int exit = SmileCli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "compare", "--quick", "--generated-rows", "2500", "--out", md.toString());
        assertEquals(0, exit, err.toString());
        String text = Files.readString(md);
        assertTrue(text.contains("`./smile compare --quick --generated-rows 2500 --out " + md + "`"), "the command is in the caption");
        assertTrue(text.contains("| SMPC (FRESCO SPDZ, 2 parties) |"));
        assertTrue(Files.size(dir.resolve("comparison-dp.png")) > 1000);
        assertTrue(Files.size(dir.resolve("comparison-transfer.png")) > 1000);
    }

    @Test
    void aMissingDataFileIsAConfigurationError(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int exit = SmileCli.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                "compare", "--data", dir.resolve("nope.csv").toString(), "--out", dir.resolve("c.md").toString());
        assertEquals(1, exit);
        assertTrue(err.toString().contains("data file not found"), err.toString());
    }
}

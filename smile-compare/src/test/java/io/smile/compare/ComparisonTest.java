package io.smile.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick run writes a table with every approach, the command in its caption, and two PNG plots. */
class ComparisonTest {
    @Test
    void quickRunWritesTheTableAndPlots(@TempDir Path dir) throws Exception {
        Comparison.Outcome o = new Comparison(Settings.quick(), m -> { }).run(Fixtures.task());
        Path md = dir.resolve("comparison.md");
        Report.write(o, md, "./smile compare --quick");
        String text = Files.readString(md);
        for (String approach : new String[] {"HE (SMiLe", "SMPC (FRESCO SPDZ", "Central DP", "Local DP", "Synthetic data",
            "Transfer learning", "Scratch at the target"}) {
            assertTrue(text.contains("| " + approach), "row for " + approach);
        }
        assertTrue(text.contains("produced by `./smile compare --quick`"));
        for (String png : new String[] {"comparison-dp.png", "comparison-transfer.png"}) {
            byte[] b = Files.readAllBytes(dir.resolve(png));
            assertEquals((byte) 0x89, b[0]);
            assertEquals('P', b[1]);
        }
        assertEquals(Settings.EPSILONS.length, o.centralDpCurve().size());
        assertEquals(Settings.LOCAL_LABELS.length, o.transfer().size());
    }
}

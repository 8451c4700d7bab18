package io.smile.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.pdm.model.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainModelCliTest {
    @Test
    void commandWritesALoadableModelFromGeneratedDataWhenNoFileIsGiven(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m.json");
        int code = new CommandLine(new TrainModelCli()).execute("--out", out.toString(), "--generated-rows", "3000",
                "--report", dir.resolve("r.md").toString());
        assertEquals(0, code);
        assertEquals("pdm-quadratic", ModelFile.read(out).modelId());
        assertTrue(Files.readString(dir.resolve("r.md")).contains("encrypted pipeline"));
        assertEquals(2, new CommandLine(new TrainModelCli()).execute("--data", dir.resolve("missing.csv").toString()));
    }
}

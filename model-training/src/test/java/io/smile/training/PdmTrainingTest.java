package io.smile.training;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.ml.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PdmTrainingTest {
    static Path ai4iCsv() {
        Path p = Path.of("").toAbsolutePath().getParent().resolve("../shared/data/ai4i2020.csv").normalize();
        if (!Files.isRegularFile(p)) {
            fail("AI4I 2020 data set not found at " + p + " (expected ../shared/data/ai4i2020.csv beside the repository)");
        }
        return p;
    }

    @Test
    void encryptedPipelineDecidesExactlyLikeTheQuantizedModelOnEveryTestRow() throws Exception {
        PdmTraining.Report r = new PdmTraining(42, 0.8, m -> { }).run(PdmTraining.load(ai4iCsv(), 0, 42), "ai4i2020.csv");
        assertEquals(2000, r.testRows());
        assertEquals(0, r.encryptedMismatches(), "BGV is exact: encrypted and quantized scores must agree");
        assertEquals(r.quantized().truePositives(), r.encrypted().truePositives());
        assertEquals(r.quantized().falsePositives(), r.encrypted().falsePositives());
        // the model is useful: far better than chance at ranking failures, and catches a fair share
        assertTrue(r.floatModel().rocAuc() > 0.9, r.floatModel().toString());
        assertTrue(r.quantized().rocAuc() > 0.9, r.quantized().toString());
        assertTrue(r.quantized().f1() > 0.4, r.quantized().toString());
        assertTrue(r.model().maxAbsScore() < io.smile.ml.PdmParameters.PLAIN_MODULUS / 2);
    }

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

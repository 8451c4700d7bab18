package io.smile.pdm.training;

import io.smile.testkit.Datasets;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PdmTrainingTest {
    /** The data set; skips the test when absent (fails in CI), see {@link Datasets}. */
    static Path ai4iCsv() {
        return Datasets.ai4iCsv();
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
        assertTrue(r.model().maxAbsScore() < io.smile.pdm.model.PdmParameters.PLAIN_MODULUS / 2);
    }
}

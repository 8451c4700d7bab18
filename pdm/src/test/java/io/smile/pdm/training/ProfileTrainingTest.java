package io.smile.pdm.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smile.pdm.model.Ai4iFeatures;
import io.smile.pdm.model.QuantizedModel;
import io.smile.testkit.Datasets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The AI4I CSV through the shipped profile's history section trains the AI4I path's model, weight for weight. */
class ProfileTrainingTest {
    @Test
    void ai4iThroughItsProfileGivesTheSameModelAndNumbersAsTheAi4iPath() throws Exception {
        Path csv = Datasets.ai4iCsv();
        PdmTraining.Report direct = new PdmTraining(42, 0.8, m -> { }).run(PdmTraining.load(csv, 0, 42), "ai4i2020.csv");
        PdmTraining.Report viaProfile = new ProfileTraining(42, 0.8, m -> { }).run(Ai4iFeatures.PROFILE, csv, null);
        assertEquals(direct.trainRows(), viaProfile.trainRows());
        assertEquals(direct.testRows(), viaProfile.testRows());
        assertEquals(direct.testFailures(), viaProfile.testFailures());
        QuantizedModel a = direct.model();
        QuantizedModel b = viaProfile.model();
        assertEquals(a.encoding(), b.encoding());
        for (int i = 0; i < a.width(); i++) {
            for (int j = i; j < a.width(); j++) {
                assertEquals(a.weight(i, j), b.weight(i, j), "weight " + i + "," + j);
            }
        }
        assertEquals(direct.floatModel(), viaProfile.floatModel());
        assertEquals(direct.quantized(), viaProfile.quantized());
        assertEquals(direct.encrypted(), viaProfile.encrypted());
        assertEquals(0, viaProfile.encryptedMismatches());
    }
}

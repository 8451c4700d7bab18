package io.smile.pdm.model;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @Test
    void roundTripKeepsEveryWeightAndRefusesBrokenFiles(@TempDir Path dir) throws Exception {
        QuantizedModel m = TestModels.random(4);
        ModelFile f = ModelFile.of("pdm-quadratic", 3, m, Map.of("f1", 0.5));
        Path p = dir.resolve("model.json");
        f.write(p);
        QuantizedModel back = ModelFile.read(p).toModel();
        for (int i = 0; i < m.width(); i++) {
            for (int j = 0; j < m.width(); j++) {
                assertEquals(m.weight(i, j), back.weight(i, j));
            }
        }
        String json = Files.readString(p);
        assertThrows(IllegalArgumentException.class, () -> ModelFile.parse(json.replace("\"format\" : 1", "\"format\" : 2"), "x"));
        assertThrows(IllegalArgumentException.class, () -> ModelFile.parse(json.replace("\"plainModulus\" : " + PdmParameters.PLAIN_MODULUS, "\"plainModulus\" : 65537"), "x"));
        assertThrows(IllegalArgumentException.class, () -> ModelFile.parse("{", "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelFile.parse(json.replace("\"modelId\" : \"pdm-quadratic\"", "\"modelId\" : \"a/b\""), "m.json"));
        assertTrue(e.getMessage().startsWith("m.json: modelId"), e.getMessage());
    }
}

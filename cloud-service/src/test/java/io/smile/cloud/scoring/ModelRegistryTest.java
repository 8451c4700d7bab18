package io.smile.cloud.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.cloud.TestModel;
import io.smile.pdm.model.ModelFile;
import io.smile.pdm.model.QuantizedModel;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {

    @Test
    void installReplacesOnlyWithAHigherVersion() {
        ModelRegistry registry = ModelRegistry.of(TestModel.file());
        QuantizedModel weights = TestModel.model();
        assertFalse(registry.install(ModelFile.of(TestModel.ID, TestModel.VERSION, weights, Map.of())), "same version");
        assertFalse(registry.install(ModelFile.of(TestModel.ID, TestModel.VERSION - 1, weights, Map.of())), "older");
        assertEquals(TestModel.VERSION, registry.find(TestModel.ID).orElseThrow().version());

        assertTrue(registry.install(ModelFile.of(TestModel.ID, TestModel.VERSION + 1, weights, Map.of("f1", 0.5))));
        assertEquals(TestModel.VERSION + 1, registry.find(TestModel.ID).orElseThrow().version());
        assertEquals(1, registry.all().size());
        assertEquals(0.5, registry.infos().get(0).quality().get("f1"));
    }

    @Test
    void installIntoAnEmptyRegistryClearsTheProblem() {
        ModelRegistry registry = ModelRegistry.load(Optional.empty());
        assertFalse(registry.isLoaded());
        assertTrue(registry.install(TestModel.file()));
        assertTrue(registry.isLoaded());
        assertTrue(registry.problem().isEmpty());
    }

    @Test
    void installValidatesTheFile() {
        ModelRegistry registry = ModelRegistry.of(TestModel.file());
        ModelFile good = TestModel.file();
        ModelFile badId = new ModelFile(good.format(), "bad id!", 9, good.createdAt(), good.plainModulus(),
                good.resolution(), good.clip(), good.features(), good.weights(), good.quality());
        assertThrows(IllegalArgumentException.class, () -> registry.install(badId));
        assertEquals(TestModel.VERSION, registry.find(TestModel.ID).orElseThrow().version());
    }
}

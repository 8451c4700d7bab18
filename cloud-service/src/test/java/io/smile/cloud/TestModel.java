package io.smile.cloud;

import io.smile.pdm.model.Ai4iFeatures;
import io.smile.pdm.model.FeatureEncoding;
import io.smile.pdm.model.ModelFile;
import io.smile.pdm.model.QuantizedModel;
import io.smile.pdm.model.TestModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The test model: random weights up to 127 in magnitude (the worst case), written as a model file. */
public final class TestModel {
    public static final String ID = "pdm-quadratic";
    public static final int VERSION = 3;
    public static final FeatureEncoding ENC = Ai4iFeatures.ENCODING;

    private TestModel() {
    }

    public static QuantizedModel model() {
        return TestModels.random(42);
    }

    public static ModelFile file() {
        Map<String, Double> quality = new LinkedHashMap<>();
        quality.put("f1", 0.81);
        quality.put("recall", 0.9);
        return ModelFile.of(ID, VERSION, model(), quality);
    }

    /** Writes the model file into {@code dir} (as pdm-quadratic.json) and returns its path. */
    public static Path write(Path dir) {
        try {
            Files.createDirectories(dir);
            Path p = dir.resolve("pdm-quadratic.json");
            file().write(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

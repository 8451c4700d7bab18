package io.smile.pdm.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The versioned model file the model owner's training command writes and the cloud loads: the
 * quantized weights (the model owner's property: the file stays in the cloud), the public feature
 * encoding the gateways must apply, the plaintext modulus it was quantized for, and the quality
 * measured at training time. JSON, validated on load.
 */
public record ModelFile(int format, String modelId, int modelVersion, String createdAt, long plainModulus,
                        int resolution, int clip, List<FeatureEncoding.Feature> features, long[][] weights,
                        Map<String, Double> quality) {
    public static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static ModelFile of(String modelId, int version, QuantizedModel model, Map<String, Double> quality) {
        int k = model.width();
        long[][] w = new long[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                w[i][j] = model.weight(i, j);
            }
        }
        FeatureEncoding e = model.encoding();
        return new ModelFile(FORMAT, modelId, version, java.time.Instant.now().toString(), model.plainModulus(),
                e.resolution(), e.clip(), e.features(), w, new LinkedHashMap<>(quality));
    }

    /** Validates and builds the model; every problem is reported with the field it concerns. */
    public QuantizedModel toModel() {
        if (format != FORMAT) {
            throw new IllegalArgumentException("model file format " + format + " is not supported (expected " + FORMAT + ")");
        }
        if (modelId == null || !modelId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("modelId must match [A-Za-z0-9_-]{1,64}");
        }
        if (modelVersion < 0) {
            throw new IllegalArgumentException("modelVersion must be >= 0");
        }
        if (features == null || weights == null) {
            throw new IllegalArgumentException("features and weights are required");
        }
        FeatureEncoding enc = new FeatureEncoding(features, resolution, clip);
        if (weights.length != enc.width()) {
            throw new IllegalArgumentException("weights must be " + enc.width() + "x" + enc.width());
        }
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] == null || weights[i].length != enc.width()) {
                throw new IllegalArgumentException("weights row " + i + " must have " + enc.width() + " entries");
            }
            for (int j = 0; j < i; j++) {
                if (weights[i][j] != 0) {
                    throw new IllegalArgumentException("weights[" + i + "][" + j + "] below the diagonal must be 0 (upper-triangular form)");
                }
            }
        }
        return new QuantizedModel(weights, enc, plainModulus);
    }

    public void write(Path path) throws IOException {
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(this));
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // non-POSIX file system
        }
        Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    public static ModelFile read(Path path) throws IOException {
        return parse(Files.readString(path), path.toString());
    }

    public static ModelFile parse(String json, String source) {
        try {
            ModelFile f = JSON.readValue(json, ModelFile.class);
            f.toModel();
            return f;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not a valid model file: " + e.getOriginalMessage());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

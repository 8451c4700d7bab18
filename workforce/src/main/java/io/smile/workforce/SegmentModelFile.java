package io.smile.workforce;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The segment model: the k centroids of a (federated) k-means run, quantized exactly as the units
 * quantize their employees ({@link HrEncoding}), as a small versioned JSON file. The {@code kmeans}
 * command writes it with {@code --out}; the cloud's assignment service loads it
 * ({@code smile.segments.centroids}). Fields:
 * <ul>
 *   <li>{@code format}: {@value #FORMAT};</li>
 *   <li>{@code encoding}: {@value #ENCODING}, the feature encoding the centroids are in;</li>
 *   <li>{@code features}: 47, {@code scale}: 64 (quantization steps per standard unit),
 *       {@code clip}: 256 (largest |value|);</li>
 *   <li>{@code k} and {@code centroids}: k rows of 47 integers in [−256, 256];</li>
 *   <li>{@code createdAt} (ISO-8601) and {@code metadata} (free string pairs: mode, rounds, ...).</li>
 * </ul>
 * Every field is checked on load; an error names the file and the field. The centroids are
 * aggregates released by the federated job, so the file holds no individual record, but it is the
 * model of this use case: keep it with the service.
 */
public record SegmentModelFile(int format, String encoding, int features, int scale, int clip, int k,
                               long[][] centroids, String createdAt, Map<String, String> metadata) {
    public static final int FORMAT = 1;
    /** Identifier of the {@link HrEncoding} feature layout and quantization. */
    public static final String ENCODING = "ibm-hr-47-q64-clip4";
    /** Most centroids a file may hold: one employee (k blocks of 64 slots) must fit a request of 16384 slots. */
    public static final int MAX_K = AssignmentLayout.DEGREE / AssignmentLayout.BLOCK;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** A file for these centroids, created now, with a copy of the metadata. */
    public static SegmentModelFile of(long[][] centroids, Map<String, String> metadata) {
        long[][] copy = new long[centroids.length][];
        for (int c = 0; c < centroids.length; c++) {
            copy[c] = centroids[c].clone();
        }
        SegmentModelFile f = new SegmentModelFile(FORMAT, ENCODING, HrEncoding.FEATURES, HrEncoding.SCALE,
                HrEncoding.CLIP_Q, centroids.length, copy, Instant.now().toString(),
                new LinkedHashMap<>(metadata == null ? Map.of() : metadata));
        f.validate();
        return f;
    }

    /** Checks every field; the message names the field at fault. */
    public void validate() {
        if (format != FORMAT) {
            throw new IllegalArgumentException("format " + format + " is not supported (expected " + FORMAT + ")");
        }
        if (!ENCODING.equals(encoding)) {
            throw new IllegalArgumentException("encoding '" + encoding + "' is not supported (expected '" + ENCODING + "')");
        }
        if (features != HrEncoding.FEATURES) {
            throw new IllegalArgumentException("features = " + features + ", expected " + HrEncoding.FEATURES);
        }
        if (scale != HrEncoding.SCALE) {
            throw new IllegalArgumentException("scale = " + scale + ", expected " + HrEncoding.SCALE);
        }
        if (clip != HrEncoding.CLIP_Q) {
            throw new IllegalArgumentException("clip = " + clip + ", expected " + HrEncoding.CLIP_Q);
        }
        if (k < 2 || k > MAX_K) {
            throw new IllegalArgumentException("k = " + k + " outside [2, " + MAX_K + "]");
        }
        if (centroids == null || centroids.length != k) {
            throw new IllegalArgumentException("centroids must have k = " + k + " rows, got "
                    + (centroids == null ? "none" : Integer.toString(centroids.length)));
        }
        for (int c = 0; c < k; c++) {
            if (centroids[c] == null || centroids[c].length != features) {
                throw new IllegalArgumentException("centroids[" + c + "] must have " + features + " values");
            }
            for (int d = 0; d < features; d++) {
                if (Math.abs(centroids[c][d]) > clip) {
                    throw new IllegalArgumentException("centroids[" + c + "][" + d + "] outside [-" + clip + ", " + clip + "]");
                }
            }
        }
        if (createdAt != null) {
            try {
                Instant.parse(createdAt);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("createdAt '" + createdAt + "' is not an ISO-8601 instant");
            }
        }
    }

    /** A copy of the centroids. */
    public long[][] centroidsCopy() {
        long[][] out = new long[centroids.length][];
        for (int c = 0; c < centroids.length; c++) {
            out[c] = centroids[c].clone();
        }
        return out;
    }

    /** Writes the file atomically (temporary file, then rename), creating its directory if needed. */
    public void write(Path path) throws IOException {
        validate();
        Path abs = path.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.writeString(tmp, toJson());
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads and validates a file.
     *
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if it is not a valid segment model file (the message names the file and the field)
     */
    public static SegmentModelFile read(Path path) throws IOException {
        String text;
        try {
            text = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(path.toString(), null, "segment model file does not exist");
        }
        return parse(text, path.toString());
    }

    /** Parses and validates JSON; {@code source} names it in error messages. */
    public static SegmentModelFile parse(String json, String source) {
        SegmentModelFile f;
        try {
            f = JSON.readValue(json, SegmentModelFile.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not a valid segment model file: " + e.getOriginalMessage());
        }
        if (f == null) {
            throw new IllegalArgumentException(source + ": not a valid segment model file: empty");
        }
        try {
            f.validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        return f;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

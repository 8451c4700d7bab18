package io.smile.cloud.segments;

import io.smile.workforce.AssignmentLayout;
import io.smile.workforce.SegmentModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The loaded segment model (the centroids file of {@code smile.segments.centroids}). The centroids
 * stay in this object and the assignment services; only {@link Info} is shown outside.
 */
public final class SegmentModel {
    private static final Logger LOG = Logger.getLogger(SegmentModel.class);

    /** What may be shown of the model: no centroids. */
    public record Info(String file, String encoding, int k, int capacity, String createdAt, Map<String, String> metadata) {
    }

    /** The outcome of loading: the model, or why there is none. */
    public record Loaded(Optional<SegmentModel> model, String problem) {
    }

    private final SegmentModelFile file;
    private final Info info;

    private SegmentModel(Path path, SegmentModelFile file) {
        this(path.getFileName().toString(), file);
    }

    private SegmentModel(String name, SegmentModelFile file) {
        this.file = file;
        this.info = new Info(name, file.encoding(), file.k(), capacity(file.k()), file.createdAt(),
                file.metadata() == null ? Map.of() : Map.copyOf(file.metadata()));
    }

    /** Employees per request for k segments with the assignment parameters. */
    public static int capacity(int k) {
        return AssignmentLayout.capacity(AssignmentLayout.DEGREE, k);
    }

    /** A copy of the centroids, for the assignment services (and tests); never part of {@link Info}. */
    public long[][] centroids() {
        return file.centroidsCopy();
    }

    public int k() {
        return file.k();
    }

    public int capacity() {
        return info.capacity();
    }

    public Info info() {
        return info;
    }

    /** A model released at run time (by a federated k-means run), validated like a loaded file. */
    public static SegmentModel of(String name, SegmentModelFile file) {
        file.validate();
        return new SegmentModel(name, file);
    }

    /** Loads the file; a missing or invalid file gives no model (logged), never an exception. */
    public static Loaded load(Optional<String> path) {
        if (path.isEmpty() || path.get().isBlank()) {
            LOG.info("no segment model configured (smile.segments.centroids): segment requests are rejected with no-model");
            return new Loaded(Optional.empty(), "no segment model configured (smile.segments.centroids)");
        }
        Path p = Path.of(path.get());
        if (!Files.isRegularFile(p)) {
            LOG.errorf("segment model file %s does not exist: segment requests are rejected with no-model", p);
            return new Loaded(Optional.empty(), "segment model file " + p + " does not exist");
        }
        try {
            SegmentModelFile f = SegmentModelFile.read(p);
            SegmentModel m = new SegmentModel(p, f);
            LOG.infof("segment model %s loaded: k=%d, %d employees per request", p, m.k(), m.capacity());
            return new Loaded(Optional.of(m), null);
        } catch (IOException | IllegalArgumentException e) {
            LOG.errorf("segment model file %s is not usable (%s): segment requests are rejected with no-model", p, e.getMessage());
            return new Loaded(Optional.empty(), "segment model file " + p + " is not usable: " + e.getMessage());
        }
    }
}

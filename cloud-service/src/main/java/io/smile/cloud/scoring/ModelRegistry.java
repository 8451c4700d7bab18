package io.smile.cloud.scoring;

import io.smile.pdm.model.FeatureEncoding;
import io.smile.pdm.model.ModelFile;
import io.smile.pdm.model.QuantizedModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The models this instance evaluates: loaded at start, and replaced at run time when a federated
 * training run releases a new version ({@link #install}). The weights stay in this object: only
 * {@link ModelInfo} (id, version, feature names, creation time, quality) is ever shown outside.
 * Readers see either the old or the new map, never a mix (copy on write).
 */
public final class ModelRegistry {
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    /** A loaded model: its public description and the weights (never exposed). */
    public record LoadedModel(ModelInfo info, QuantizedModel model) {
        public String id() {
            return info.id();
        }

        public int version() {
            return info.version();
        }
    }

    /** What may be shown about a model: no weights. */
    public record ModelInfo(String id, int version, List<String> features, String createdAt,
                            Map<String, Double> quality) {
    }

    private volatile Map<String, LoadedModel> models;
    private volatile String problem;

    private ModelRegistry(Map<String, LoadedModel> models, String problem) {
        this.models = Collections.unmodifiableMap(models);
        this.problem = problem;
    }

    /**
     * Installs a model file, replacing a loaded model with the same id only when the new version is
     * higher (a released federated model must not be overwritten by a stale one). Returns whether
     * it was installed. The file is validated exactly as at start.
     */
    public synchronized boolean install(ModelFile file) {
        LoadedModel m = toLoaded(file);
        LoadedModel old = models.get(m.id());
        if (old != null && old.version() >= m.version()) {
            LOG.warnf("model %s version %d not installed: version %d is loaded", m.id(), m.version(), old.version());
            return false;
        }
        Map<String, LoadedModel> next = new LinkedHashMap<>(models);
        next.put(m.id(), m);
        models = Collections.unmodifiableMap(next);
        problem = null;
        LOG.infof("installed model %s version %d (%d features)", m.id(), m.version(), m.info().features().size());
        return true;
    }

    /** Loads the model file at {@code path}; a missing or invalid file leaves the registry empty (logged). */
    public static ModelRegistry load(Optional<String> path) {
        if (path.isEmpty() || path.get().isBlank()) {
            LOG.warn("no model configured (smile.model.path): every feature batch will be rejected with no-model");
            return new ModelRegistry(new LinkedHashMap<>(), "no model configured (smile.model.path)");
        }
        Path p = Path.of(path.get());
        if (!Files.isRegularFile(p)) {
            LOG.errorf("model file %s does not exist: every feature batch will be rejected with no-model", p);
            return new ModelRegistry(new LinkedHashMap<>(), "model file " + p + " does not exist");
        }
        try {
            ModelFile f = ModelFile.read(p);
            LoadedModel m = toLoaded(f);
            LOG.infof("loaded model %s version %d from %s (%d features, block size %d)", m.id(), m.version(), p,
                    m.info().features().size(), m.model().encoding().blockSize());
            Map<String, LoadedModel> map = new LinkedHashMap<>();
            map.put(m.id(), m);
            return new ModelRegistry(map, null);
        } catch (IOException | IllegalArgumentException e) {
            // the message names the file and the field, never a weight
            LOG.errorf("model file %s refused: %s", p, e.getMessage());
            return new ModelRegistry(new LinkedHashMap<>(), "model file refused: " + e.getMessage());
        }
    }

    /** A registry holding exactly these model files (tests, embedding). */
    public static ModelRegistry of(ModelFile... files) {
        Map<String, LoadedModel> map = new LinkedHashMap<>();
        for (ModelFile f : files) {
            LoadedModel m = toLoaded(f);
            map.put(m.id(), m);
        }
        return new ModelRegistry(map, map.isEmpty() ? "no model" : null);
    }

    private static LoadedModel toLoaded(ModelFile f) {
        QuantizedModel model = f.toModel();
        FeatureEncoding enc = model.encoding();
        List<String> names = new ArrayList<>();
        for (FeatureEncoding.Feature feature : enc.features()) {
            names.add(feature.name());
        }
        Map<String, Double> quality = f.quality() == null ? Map.of() : new LinkedHashMap<>(f.quality());
        ModelInfo info = new ModelInfo(f.modelId(), f.modelVersion(), List.copyOf(names), f.createdAt(),
                Collections.unmodifiableMap(quality));
        return new LoadedModel(info, model);
    }

    public boolean isLoaded() {
        return !models.isEmpty();
    }

    /** Why no model is loaded; empty when one is. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    public Optional<LoadedModel> find(String id) {
        return Optional.ofNullable(models.get(id));
    }

    public List<LoadedModel> all() {
        return List.copyOf(models.values());
    }

    public List<ModelInfo> infos() {
        List<ModelInfo> out = new ArrayList<>();
        for (LoadedModel m : models.values()) {
            out.add(m.info());
        }
        return out;
    }
}

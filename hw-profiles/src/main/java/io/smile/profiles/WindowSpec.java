package io.smile.profiles;

import java.util.List;
import java.util.Optional;

/**
 * The window over which a gateway computes features before encrypting them.
 *
 * @param length   samples per window
 * @param step     samples between windows (1 .. length; length = tumbling windows, the default)
 * @param derived  per-sample derived signals
 * @param features features, in slot order
 * @param resolution quantization steps per spread: slot value = round((v - center) / spread * resolution)
 * @param clip     slot values are clamped to [-clip, clip]
 */
public record WindowSpec(int length, int step, List<DerivedSignal> derived, List<FeatureSpec> features, int resolution, int clip) {
    public static final int DEFAULT_RESOLUTION = 4;
    public static final int DEFAULT_CLIP = 15;

    public WindowSpec {
        if (resolution < 1 || clip < resolution) {
            throw new IllegalArgumentException("quantization needs resolution >= 1 and clip >= resolution");
        }
        if (length < 1) {
            throw new IllegalArgumentException("window length must be >= 1, got " + length);
        }
        if (step < 1 || step > length) {
            throw new IllegalArgumentException("window step must be in [1, " + length + "], got " + step);
        }
        derived = List.copyOf(derived);
        features = List.copyOf(features);
        if (features.isEmpty()) {
            throw new IllegalArgumentException("a window needs at least one feature");
        }
    }

    /** Tumbling windows (step = length). */
    public WindowSpec(int length, List<DerivedSignal> derived, List<FeatureSpec> features, int resolution, int clip) {
        this(length, length, derived, features, resolution, clip);
    }

    public Optional<DerivedSignal> derived(String name) {
        return derived.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    public Optional<FeatureSpec> feature(String name) {
        return features.stream().filter(f -> f.name().equals(name)).findFirst();
    }
}

package io.smile.pdm.model;

import java.util.List;

/**
 * How raw feature values become small integers for BGV: z = (v - center) / scale, then
 * x = clamp(round(z * resolution), -clip, clip). The last slot of every block is the constant
 * {@code resolution}, so one quadratic form covers bias, linear and pairwise terms. The encoding
 * is public (the gateway applies it); the model weights are not.
 */
public record FeatureEncoding(List<Feature> features, int resolution, int clip) {
    public record Feature(String name, double center, double scale) {
        public Feature {
            if (!(scale > 0) || !Double.isFinite(center)) {
                throw new IllegalArgumentException("feature " + name + ": scale must be > 0 and center finite");
            }
        }
    }

    public FeatureEncoding {
        features = List.copyOf(features);
        if (features.isEmpty()) {
            throw new IllegalArgumentException("at least one feature");
        }
        if (resolution < 1 || clip < 1 || clip < resolution) {
            throw new IllegalArgumentException("resolution and clip must be >= 1 and clip >= resolution");
        }
    }

    /** Features plus the constant slot. */
    public int width() {
        return features.size() + 1;
    }

    /** Slots per machine in a ciphertext: the next power of two &ge; width. */
    public int blockSize() {
        return Integer.highestOneBit(width() - 1) << 1;
    }

    public double[] standardize(double[] raw) {
        if (raw.length != features.size()) {
            throw new IllegalArgumentException("expected " + features.size() + " features, got " + raw.length);
        }
        double[] z = new double[width()];
        for (int i = 0; i < raw.length; i++) {
            Feature f = features.get(i);
            z[i] = (raw[i] - f.center()) / f.scale();
        }
        z[raw.length] = 1;
        return z;
    }

    /** Quantized block: features then the constant slot (= resolution). */
    public long[] quantize(double[] raw) {
        double[] z = standardize(raw);
        long[] x = new long[width()];
        for (int i = 0; i < features.size(); i++) {
            double v = Math.rint(z[i] * resolution);
            x[i] = (long) Math.max(-clip, Math.min(clip, v));
        }
        x[features.size()] = resolution;
        return x;
    }
}

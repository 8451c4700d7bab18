package io.smile.profiles;

import java.util.Objects;

/**
 * One value computed over a window and encrypted into one slot.
 *
 * @param name      feature name
 * @param source    a sensor name or a derived-signal name
 * @param aggregate how the window is summarised
 * @param scale     fixed-point scale (that of the source)
 * @param range     bound of the feature value (the source range; times the window length for SUM)
 * @param center    nominal value: the model input is (value - center) / spread
 * @param spread    typical deviation (&gt; 0)
 */
public record FeatureSpec(String name, String source, Aggregate aggregate, int scale, ValueRange range,
                          double center, double spread) {
    public FeatureSpec {
        if (!(spread > 0) || !Double.isFinite(center)) {
            throw new IllegalArgumentException("feature " + name + ": spread must be > 0 and center finite");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(aggregate, "aggregate");
        Objects.requireNonNull(range, "range");
        if (scale <= 0) {
            throw new IllegalArgumentException("scale must be > 0, got " + scale);
        }
    }

    /** Fixed-point encoding {@code Math.round(value * scale)}. */
    public long encode(double value) {
        return Math.round(value * scale);
    }

    /** The largest absolute encoded value this feature can take. */
    public long maxAbsEncoded() {
        return (long) Math.ceil(range.maxAbs() * scale);
    }
}

package io.smile.profiles;

import java.util.Locale;

/**
 * How a feature summarises the samples of one window (oldest first). Each aggregate also states
 * the bound of its value given the bound of its source and the window length ({@link #range}),
 * which the quantization and the model's score bound rely on.
 */
public enum Aggregate {
    LAST, MEAN, MIN, MAX, SUM,
    /** Population standard deviation sqrt(mean((x - mean)^2)). */
    STDDEV,
    /** Root mean square sqrt(mean(x^2)) (vibration, current). */
    RMS,
    /** Least-squares slope of x against the sample index 0..n-1 (units per sample); 0 for one sample. */
    SLOPE,
    /** max - min. */
    RANGE;

    /** Applies the aggregate to a non-empty window (oldest sample first). */
    public double apply(double[] window) {
        if (window.length == 0) {
            throw new IllegalArgumentException("empty window");
        }
        int n = window.length;
        switch (this) {
            case LAST:
                return window[n - 1];
            case MIN: {
                double m = window[0];
                for (double v : window) {
                    m = Math.min(m, v);
                }
                return m;
            }
            case MAX: {
                double m = window[0];
                for (double v : window) {
                    m = Math.max(m, v);
                }
                return m;
            }
            case RANGE:
                return MAX.apply(window) - MIN.apply(window);
            case STDDEV: {
                double mean = MEAN.apply(window);
                double ss = 0;
                for (double v : window) {
                    ss += (v - mean) * (v - mean);
                }
                return Math.sqrt(ss / n);
            }
            case RMS: {
                double ss = 0;
                for (double v : window) {
                    ss += v * v;
                }
                return Math.sqrt(ss / n);
            }
            case SLOPE: {
                if (n == 1) {
                    return 0;
                }
                double meanIndex = (n - 1) / 2.0;
                double mean = MEAN.apply(window);
                double num = 0;
                double den = 0;
                for (int i = 0; i < n; i++) {
                    num += (i - meanIndex) * (window[i] - mean);
                    den += (i - meanIndex) * (i - meanIndex);
                }
                return num / den;
            }
            default: {
                double s = 0;
                for (double v : window) {
                    s += v;
                }
                return this == SUM ? s : s / n;
            }
        }
    }

    /**
     * The bound of this aggregate over {@code length} samples each within {@code source}: the
     * source range for last/mean/min/max; times the length for sum (and at least the source, for
     * length 1); [0, (max - min) / 2] for the standard deviation (its maximum, half the samples at
     * each end); [0, max |x|] for the RMS; [0, max - min] for the range; and for the slope
     * ±(max - min)·Σ|i - ī| / (2·Σ(i - ī)²), reached with the samples before the middle at one end and
     * those after it at the other. Degenerate bounds (a slope of one sample is always 0) widen
     * to a unit interval, because a range has min &lt; max.
     */
    public ValueRange range(ValueRange source, int length) {
        if (length < 1) {
            throw new IllegalArgumentException("window length must be >= 1, got " + length);
        }
        double width = source.max() - source.min();
        switch (this) {
            case SUM:
                return new ValueRange(Math.min(source.min() * length, source.min()), Math.max(source.max() * length, source.max()));
            case STDDEV:
                return new ValueRange(0, width / 2);
            case RMS:
                return new ValueRange(0, source.maxAbs());
            case RANGE:
                return new ValueRange(0, width);
            case SLOPE: {
                if (length == 1) {
                    return new ValueRange(-1, 1);
                }
                double meanIndex = (length - 1) / 2.0;
                double absSum = 0;
                double sqSum = 0;
                for (int i = 0; i < length; i++) {
                    absSum += Math.abs(i - meanIndex);
                    sqSum += (i - meanIndex) * (i - meanIndex);
                }
                double b = width * absSum / (2 * sqSum);
                return new ValueRange(-b, b);
            }
            default:
                return source;
        }
    }

    public static Aggregate fromYaml(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

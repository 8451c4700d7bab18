package io.smile.profiles;

import java.util.Locale;

/** How a feature summarises the samples of one window. */
public enum Aggregate {
    LAST, MEAN, MIN, MAX, SUM;

    /** Applies the aggregate to a non-empty window (oldest sample first). */
    public double apply(double[] window) {
        if (window.length == 0) {
            throw new IllegalArgumentException("empty window");
        }
        switch (this) {
            case LAST:
                return window[window.length - 1];
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
            default: {
                double s = 0;
                for (double v : window) {
                    s += v;
                }
                return this == SUM ? s : s / window.length;
            }
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

package io.smile.he.bench;

import java.util.Arrays;

/** Order statistics of a series of wall times (nanoseconds): median and nearest-rank p10/p90. */
public final class Stats {
    private final long[] sorted;

    public Stats(long[] nanos) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        this.sorted = nanos.clone();
        Arrays.sort(sorted);
    }

    public int count() {
        return sorted.length;
    }

    /** Middle sample, or the mean of the two middle ones for an even count. */
    public double medianNanos() {
        int n = sorted.length;
        return (n & 1) == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    /** Nearest-rank percentile: the smallest sample with at least p% of the samples at or below it. */
    public long percentileNanos(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile must be in (0, 100], got " + p);
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(1, rank) - 1];
    }

    public double medianMillis() {
        return medianNanos() / 1e6;
    }

    public double p10Millis() {
        return percentileNanos(10) / 1e6;
    }

    public double p90Millis() {
        return percentileNanos(90) / 1e6;
    }

    /** "12.3 [11.9 – 13.0]" in milliseconds, three significant digits. */
    public String format() {
        return formatMillis(medianMillis()) + " [" + formatMillis(p10Millis()) + " – " + formatMillis(p90Millis()) + "]";
    }

    static String formatMillis(double ms) {
        if (ms >= 100) {
            return String.format("%.0f", ms);
        }
        if (ms >= 10) {
            return String.format("%.1f", ms);
        }
        if (ms >= 1) {
            return String.format("%.2f", ms);
        }
        return String.format("%.3f", ms);
    }
}

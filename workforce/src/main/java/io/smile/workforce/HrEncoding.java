package io.smile.workforce;

import java.util.List;

/**
 * Turns an {@link HrRecord} into the integer feature vector that is clustered, and defines the
 * standardization-statistics contribution. All constants are public and shared by every unit.
 *
 * <p><b>Standardization statistics.</b> Each numeric column j is pre-scaled to a small integer
 * u = round(63 · clamp((v − lo_j)/(hi_j − lo_j), 0, 1)) in [0, 63] using the public nominal range
 * of {@link HrSchema#NUMERIC} (6 bits: enough for a mean and a standard deviation, and small
 * enough that a unit's sums of squares stay below 2^12 per row). A unit contributes
 * [63²·count, 63·Σu_j (26 columns), Σu_j² (26 columns)]; from the released sums every unit
 * computes the same mean and standard deviation per column. The count and the sums are weighted
 * (by 63² and 63) so that one row moves every entry by at most 63² = 3969: under DP, where one σ
 * covers the whole vector, the count and the means are then as precise as the sums of squares
 * (unweighted sums would get 63 times more relative noise, and the variance, Σu²/n − mean², would
 * inherit it).
 *
 * <p><b>Features.</b> Numeric and ordinal columns are z-scored, z = (v − mean)/std, clipped to
 * [−{@link #CLIP}, {@link #CLIP}] (4 standard deviations: about 0.3% of the values of the skewed
 * columns, e.g. YearsSinceLastPromotion, are clipped) and quantized to q = round({@link #SCALE}·z)
 * with SCALE = 2^6, so q ∈ [−256, 256]. Nominal columns are one-hot with the hot entry equal to
 * {@link #ONE_HOT} = round(64/√2) = 45 and not z-scored: two different categories are then one
 * standard unit apart (45²·2 ≈ 64²), as far apart as a one-standard-deviation change of a numeric
 * column; z-scoring a one-hot column would instead blow up rare categories (a 4% category would
 * sit at z ≈ 4.7) and let them dominate the clustering.
 */
public final class HrEncoding {
    /** Quantization steps per standard deviation (2^6). */
    public static final int SCALE = 64;
    /** z-scores are clipped to ±CLIP before quantization. */
    public static final int CLIP = 4;
    /** Largest |quantized value| of any feature: CLIP · SCALE = 256. */
    public static final int CLIP_Q = CLIP * SCALE;
    /** The hot entry of a one-hot group: round(SCALE/√2). */
    public static final int ONE_HOT = (int) Math.round(SCALE / Math.sqrt(2));
    /** Pre-scaling levels of the standardization round: u ∈ [0, STATS_LEVELS]. */
    public static final int STATS_LEVELS = 63;
    /** Weight of the row count in the statistics contribution (63²). */
    public static final long STATS_COUNT_WEIGHT = (long) STATS_LEVELS * STATS_LEVELS;
    /** Weight of the sums Σu (63): a row moves every entry of the statistics by at most 63². */
    public static final long STATS_SUM_WEIGHT = STATS_LEVELS;
    /** Width of the statistics contribution: count, 26 sums, 26 sums of squares. */
    public static final int STATS_WIDTH = 1 + 2 * HrSchema.NUMERIC.size();
    /** Number of features (47). */
    public static final int FEATURES = HrSchema.featureCount();

    private HrEncoding() {
    }

    /** Pre-scaled value u ∈ [0, 63] of numeric column j. */
    public static long prescale(int j, double v) {
        HrSchema.NumericColumn c = HrSchema.NUMERIC.get(j);
        double r = (v - c.lo()) / (c.hi() - c.lo());
        r = Math.max(0, Math.min(1, r));
        return Math.round(STATS_LEVELS * r);
    }

    /** This unit's statistics contribution (length {@link #STATS_WIDTH}). */
    public static long[] statsContribution(List<HrRecord> rows) {
        int m = HrSchema.NUMERIC.size();
        long[] out = new long[STATS_WIDTH];
        for (HrRecord r : rows) {
            out[0] += STATS_COUNT_WEIGHT;
            for (int j = 0; j < m; j++) {
                long u = prescale(j, r.numericAt(j));
                out[1 + j] += STATS_SUM_WEIGHT * u;
                out[1 + m + j] += u * u;
            }
        }
        return out;
    }

    /** L2 sensitivity of the statistics contribution to adding or removing one row. */
    public static double statsSensitivity() {
        int m = HrSchema.NUMERIC.size();
        double s = (double) STATS_COUNT_WEIGHT * STATS_COUNT_WEIGHT;
        s += 2.0 * m * ((double) STATS_COUNT_WEIGHT * STATS_COUNT_WEIGHT);
        return Math.sqrt(s);
    }

    /** Per-column mean and standard deviation in the columns' own units. */
    public record Standardization(double[] mean, double[] std) {
        public Standardization {
            mean = mean.clone();
            std = std.clone();
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public double[] std() {
            return std.clone();
        }

        /**
         * From released (possibly noisy) statistics sums, starting at {@code offset}. The standard
         * deviation is floored at half a pre-scaling step (a noisy variance may even be negative).
         */
        public static Standardization fromStats(long[] sums, int offset) {
            int m = HrSchema.NUMERIC.size();
            double n = Math.max(1.0, (double) sums[offset] / STATS_COUNT_WEIGHT);
            double[] mean = new double[m];
            double[] std = new double[m];
            for (int j = 0; j < m; j++) {
                HrSchema.NumericColumn c = HrSchema.NUMERIC.get(j);
                double step = (c.hi() - c.lo()) / STATS_LEVELS;
                double mu = sums[offset + 1 + j] / (n * STATS_SUM_WEIGHT);
                double var = sums[offset + 1 + m + j] / n - mu * mu;
                mu = Math.max(0, Math.min(STATS_LEVELS, mu));
                mean[j] = c.lo() + mu * step;
                std[j] = Math.max(0.5, Math.sqrt(Math.max(0, var))) * step;
            }
            return new Standardization(mean, std);
        }

        /** The exact statistics of pooled rows (what the EXACT federated round 0 releases). */
        public static Standardization of(List<HrRecord> rows) {
            return fromStats(statsContribution(rows), 0);
        }

        /** The quantized feature vector (length {@link #FEATURES}) of one row. */
        public long[] quantize(HrRecord r) {
            long[] q = new long[FEATURES];
            int m = HrSchema.NUMERIC.size();
            for (int j = 0; j < m; j++) {
                double z = (r.numericAt(j) - mean[j]) / std[j];
                z = Math.max(-CLIP, Math.min(CLIP, z));
                q[j] = Math.round(SCALE * z);
            }
            int pos = m;
            for (int g = 0; g < HrSchema.NOMINAL.size(); g++) {
                List<String> cats = HrSchema.NOMINAL.get(g).categories();
                q[pos + cats.indexOf(r.nominal(g))] = ONE_HOT;
                pos += cats.size();
            }
            return q;
        }

        public long[][] quantizeAll(List<HrRecord> rows) {
            long[][] out = new long[rows.size()][];
            for (int i = 0; i < out.length; i++) {
                out[i] = quantize(rows.get(i));
            }
            return out;
        }
    }

    /** Quantized vectors as doubles (for the plaintext reference and the metrics). */
    public static double[][] toDouble(long[][] q) {
        double[][] out = new double[q.length][];
        for (int i = 0; i < q.length; i++) {
            out[i] = new double[q[i].length];
            for (int j = 0; j < q[i].length; j++) {
                out[i][j] = q[i][j];
            }
        }
        return out;
    }
}

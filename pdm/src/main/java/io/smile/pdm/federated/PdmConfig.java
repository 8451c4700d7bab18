package io.smile.pdm.federated;

/**
 * Settings of federated PdM training, identical at every site and the coordinator.
 *
 * @param sites         number of sites (noise shares are sized for this many)
 * @param maxRounds     most gradient rounds (full-batch Adam steps)
 * @param learningRate  Adam step size
 * @param l2            L2 penalty (not on the bias), as in QuadraticTrainer
 * @param clip          C: L2 bound of one row's class-weighted gradient
 * @param tolerance     stop early when the L2 norm of the averaged gradient falls below this
 * @param epsilon       target ε of (ε, δ)-DP over all releases; 0 or NaN = no noise
 * @param delta         δ
 */
public record PdmConfig(int sites, int maxRounds, double learningRate, double l2, double clip, double tolerance,
                        double epsilon, double delta) {
    /** Rows one site may hold (bounds every contribution entry). */
    public static final int MAX_ROWS_PER_SITE = 8192;
    /** Standardization round: u = (v - c)/s per profile feature, quantized at 1/64, clamped to |u| ≤ 4. */
    public static final int STAT_RESOLUTION = 64;
    public static final int STAT_CLAMP = 4 * STAT_RESOLUTION;
    /** Quantization of gradient sums: one unit = 1/GRADIENT_SCALE; C·scale ≤ 2^19. */
    public static final long GRADIENT_BUDGET = 1L << 19;
    /** Score histogram for the decision threshold: bins over [-HIST_RANGE, HIST_RANGE], each row counts HIST_UNIT. */
    public static final int HIST_BINS = 256;
    public static final double HIST_RANGE = 16;
    public static final int HIST_UNIT = 64;

    public PdmConfig {
        if (sites < 2 || sites > 10 || maxRounds < 1 || !(learningRate > 0) || l2 < 0 || !(clip > 0) || tolerance < 0) {
            throw new IllegalArgumentException("invalid federated training settings");
        }
        if (dp() && !(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1)");
        }
    }

    public static PdmConfig defaults(int sites) {
        return new PdmConfig(sites, 150, 0.1, 1e-5, 100, 1e-3, 0, 1e-6);
    }

    public PdmConfig withEpsilon(double e) {
        return new PdmConfig(sites, maxRounds, learningRate, l2, clip, tolerance, e, delta);
    }

    public PdmConfig withRounds(int r) {
        return new PdmConfig(sites, r, learningRate, l2, clip, tolerance, epsilon, delta);
    }

    public boolean dp() {
        return epsilon > 0 && !Double.isNaN(epsilon);
    }

    /** Gradient quantization scale S: C·S = 2^19 (rounded down to an integer). */
    public long gradientScale() {
        return Math.max(1, (long) Math.floor(GRADIENT_BUDGET / clip));
    }
}

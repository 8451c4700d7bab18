package io.smile.workforce;

/**
 * The public configuration of one federated k-means job: identical at every unit (and at the
 * coordinator). Nothing in it is secret; the initial centroids are derived from {@code initSeed}.
 *
 * @param k              number of segments
 * @param mode           {@link FederatedKMeansJob.Mode#EXACT} or {@link FederatedKMeansJob.Mode#DP}
 * @param members        number of units contributing to every sum
 * @param colluders      DP only: members assumed to collude (their noise does not count); 0..members-1
 * @param epsilon        DP only: total ε over all releases (round 0 and up to maxRounds Lloyd rounds)
 * @param delta          DP only: δ
 * @param maxRounds      Lloyd rounds at most (round 0, the statistics round, comes on top)
 * @param tolerance      converged when no centroid moves more than this (Euclidean, in standard units)
 * @param initSeed       public seed of the initial centroids
 * @param maxRowsPerUnit public bound on any unit's row count (bounds the contributions)
 * @param clipNorm       DP only: each row's quantized vector is scaled down to this L2 norm (standard units)
 *                       before it enters a cluster sum, which bounds the sensitivity
 * @param restarts       candidate initializations run side by side in the same rounds; the one with the
 *                       smallest released inertia is chosen at the end (under DP each one costs budget:
 *                       the sensitivity grows with √restarts)
 */
public record KMeansJobConfig(int k, FederatedKMeansJob.Mode mode, int members, int colluders, double epsilon,
                              double delta, int maxRounds, double tolerance, long initSeed, int maxRowsPerUnit,
                              double clipNorm, int restarts) {
    public KMeansJobConfig {
        if (k < 2 || k > 16) {
            throw new IllegalArgumentException("k must be in [2, 16], got " + k);
        }
        if (mode == null) {
            throw new IllegalArgumentException("mode is required");
        }
        if (members < 1 || colluders < 0 || colluders >= members) {
            throw new IllegalArgumentException("need members >= 1 and 0 <= colluders < members");
        }
        if (maxRounds < 1 || maxRounds > 1000) {
            throw new IllegalArgumentException("maxRounds must be in [1, 1000], got " + maxRounds);
        }
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0");
        }
        if (maxRowsPerUnit < 1 || maxRowsPerUnit > (1 << 20)) {
            throw new IllegalArgumentException("maxRowsPerUnit must be in [1, 2^20]");
        }
        if (restarts < 1 || restarts > 32) {
            throw new IllegalArgumentException("restarts must be in [1, 32], got " + restarts);
        }
        if (mode == FederatedKMeansJob.Mode.DP) {
            if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
                throw new IllegalArgumentException("DP mode needs a positive finite epsilon, got " + epsilon);
            }
            if (!(delta > 0 && delta < 1)) {
                throw new IllegalArgumentException("DP mode needs delta in (0, 1), got " + delta);
            }
            if (!(clipNorm > 0) || clipNorm > Math.sqrt(HrEncoding.FEATURES) * HrEncoding.CLIP) {
                throw new IllegalArgumentException("clipNorm must be in (0, " + Math.sqrt(HrEncoding.FEATURES) * HrEncoding.CLIP + "]");
            }
        }
    }

    /**
     * EXACT mode with the defaults: 8 parallel initializations, 40 rounds, tolerance 0 (stop when no
     * centroid changes), 2048 rows per unit.
     */
    public static KMeansJobConfig exact(int k, int members, long initSeed) {
        return new KMeansJobConfig(k, FederatedKMeansJob.Mode.EXACT, members, 0, 0, 0, 40, 0, initSeed, 2048, 0, 8);
    }

    /**
     * DP mode with the defaults: 10 Lloyd rounds (11 releases), tolerance 0.05 standard units,
     * δ = 1e-6, clip norm 7 standard units, 2048 rows per unit, 4 parallel initializations.
     */
    public static KMeansJobConfig dp(int k, int members, int colluders, double epsilon, long initSeed) {
        return new KMeansJobConfig(k, FederatedKMeansJob.Mode.DP, members, colluders, epsilon, 1e-6, 10, 0.05, initSeed,
                2048, 7.0, 4);
    }

    public KMeansJobConfig withMaxRounds(int rounds) {
        return new KMeansJobConfig(k, mode, members, colluders, epsilon, delta, rounds, tolerance, initSeed,
                maxRowsPerUnit, clipNorm, restarts);
    }

    public KMeansJobConfig withRestarts(int r) {
        return new KMeansJobConfig(k, mode, members, colluders, epsilon, delta, maxRounds, tolerance, initSeed,
                maxRowsPerUnit, clipNorm, r);
    }

    public KMeansJobConfig withDelta(double d) {
        return new KMeansJobConfig(k, mode, members, colluders, epsilon, d, maxRounds, tolerance, initSeed,
                maxRowsPerUnit, clipNorm, restarts);
    }
}

package io.smile.workforce;

import io.smile.federation.FederatedJob;
import io.smile.federation.dp.DistributedGaussian;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Federated k-means over organisational units, as rounds of secure sums. Every unit builds one
 * instance from the shared public {@link KMeansJobConfig} and its own rows
 * ({@link #forUnit(KMeansJobConfig, List)}); the coordinator may build a row-less
 * {@link #observer(KMeansJobConfig)} to follow the job. All instances derive the same state from
 * the released sums alone, so they agree on every centroid and on when the job ends.
 *
 * <p><b>Round 0</b> (statistics): each unit contributes {@link HrEncoding#statsContribution} (its
 * row count and, per numeric column, the sum and the sum of squares of the 6-bit pre-scaled
 * values). From the released sum every unit computes the same {@link HrEncoding.Standardization},
 * quantizes its own rows, and sets the initial centroids from the public {@code initSeed}:
 * numeric coordinates N(0, 0.5²) standard units, one-hot coordinates at the uniform mix
 * (45 / group size). No pooled data is needed to start.
 *
 * <p><b>Round r ≥ 1</b> (one Lloyd step): each unit assigns its rows to the nearest current
 * centroid (squared Euclidean distance on the quantized vectors, ties to the lowest index) and
 * contributes, per cluster c, the sum of the quantized vectors and the count times
 * {@link #COUNT_WEIGHT}. The next centroid is round(sum / count), clipped to ±256; a cluster
 * whose released count is below the minimum (1 row; under DP 3 noise standard deviations) keeps
 * its centroid. The job ends when no centroid moves more than the tolerance or after
 * {@code maxRounds} Lloyd rounds.
 *
 * <p><b>Restarts</b>: S = {@code restarts} candidate initializations (S·k public
 * centroids from the seed) run side by side in the same rounds; each unit also contributes, per
 * candidate, its rows' inertia Σ round(‖x − μ‖² / 64²) (in standard units²). At the end every
 * unit picks the candidate with the smallest released inertia (ties: lowest index): the federated
 * counterpart of k-means' usual best-of-n initializations. Layout: candidate s occupies
 * [s·B, (s+1)·B) with B = k·48 + 1; in it cluster c has its 47 sums at [c·48, c·48 + 47), its
 * weighted count at c·48 + 47, and the inertia sits at k·48.
 *
 * <p><b>Modes.</b> {@link Mode#EXACT} releases the exact sums. {@link Mode#DP} adds, at every
 * unit, its {@link DistributedGaussian} share to every used entry; each row's quantized vector is
 * first scaled down to L2 norm {@code clipNorm} standard units (truncation toward zero), so the
 * add/remove-one-row L2 sensitivity of a Lloyd round is √(S·((clipNorm·64)² + 256² + 128²)) (the
 * last term, a row's inertia clipped to 128 standard units², only with S &gt; 1 restarts) and that of
 * round 0 is {@link HrEncoding#statsSensitivity()}. The budget is split evenly in zCDP over all
 * maxRounds + 1 possible releases (so the guarantee holds whenever the job stops);
 * {@link #epsilonSpent()} reports the ε of the releases actually made. The width is
 * max(53, S·(k·48 + 1)) entries; unused entries are always 0.
 */
public final class FederatedKMeansJob implements FederatedJob {
    /** Release mode. */
    public enum Mode {
        EXACT, DP
    }

    /** Weight of a row in the per-cluster count entry (one row weighs as much as one clipped feature). */
    public static final long COUNT_WEIGHT = HrEncoding.CLIP_Q;
    /** DP: a row's inertia entry is clipped to this many standard units² (bounds its sensitivity). */
    public static final long DP_INERTIA_CLIP = 128;
    /** Standard deviation (in standard units) of the public initial centroids' numeric coordinates. */
    public static final double INIT_SPREAD = 0.5;

    /** What one released round changed. */
    /**
     * What one released round changed: the largest centroid move over all candidates (standard
     * units), the cluster sizes of the currently best candidate, and (with restarts) each
     * candidate's inertia at the centroids used in that round (standard units²), else null.
     */
    public record RoundInfo(int round, double maxMove, double[] clusterSizes, double[] inertia) {
    }

    private static final int D = HrEncoding.FEATURES;
    private static final int STRIDE = D + 1;
    /** Inertia entries are in units of SCALE² (one standard unit squared). */
    private static final double INERTIA_UNIT = (double) HrEncoding.SCALE * HrEncoding.SCALE;

    private final KMeansJobConfig config;
    private final List<HrRecord> rows;
    private final Random noise;
    private final int width;
    private final DistributedGaussian statsNoise;
    private final DistributedGaussian roundNoise;
    private final double statsSensitivity;
    private final double roundSensitivity;

    private int observedRound = -1;
    private long[] lastSum;
    private HrEncoding.Standardization standardization;
    private long[][] localRows;
    private long[][][] candidates;
    private final int restarts;
    private final int block;
    private int selected;
    private boolean done;
    private final List<RoundInfo> history = new ArrayList<>();

    /**
     * @param config the job's public configuration (identical at every unit)
     * @param rows   this unit's rows (at most {@code config.maxRowsPerUnit()}); empty for an observer
     * @param noise  source of the DP noise shares: a SecureRandom in production; ignored in EXACT mode
     */
    public FederatedKMeansJob(KMeansJobConfig config, List<HrRecord> rows, Random noise) {
        this.config = Objects.requireNonNull(config, "config");
        this.rows = List.copyOf(rows);
        if (rows.size() > config.maxRowsPerUnit()) {
            throw new IllegalArgumentException("unit has " + rows.size() + " rows, above the job's bound " + config.maxRowsPerUnit());
        }
        this.restarts = config.restarts();
        this.block = config.k() * STRIDE + 1;
        this.width = Math.max(HrEncoding.STATS_WIDTH, restarts * block);
        this.statsSensitivity = HrEncoding.statsSensitivity();
        double clipQ = config.clipNorm() * HrEncoding.SCALE;
        double inertiaClip = restarts > 1 ? DP_INERTIA_CLIP : 0;
        this.roundSensitivity = Math.sqrt(restarts * (clipQ * clipQ + (double) COUNT_WEIGHT * COUNT_WEIGHT + inertiaClip * inertiaClip));
        if (config.mode() == Mode.DP) {
            this.noise = Objects.requireNonNull(noise, "noise source");
            int releases = config.maxRounds() + 1;
            double floor = DistributedGaussian.MIN_SHARE_SIGMA * Math.sqrt(config.members() - config.colluders());
            double s0 = Math.max(floor, DistributedGaussian.sigmaFor(config.epsilon(), config.delta(), releases, statsSensitivity));
            double s1 = Math.max(floor, DistributedGaussian.sigmaFor(config.epsilon(), config.delta(), releases, roundSensitivity));
            this.statsNoise = new DistributedGaussian(s0, config.members(), config.colluders());
            this.roundNoise = new DistributedGaussian(s1, config.members(), config.colluders());
        } else {
            this.noise = null;
            this.statsNoise = null;
            this.roundNoise = null;
        }
    }

    /** A unit's instance, with DP noise shares from a SecureRandom. */
    public static FederatedKMeansJob forUnit(KMeansJobConfig config, List<HrRecord> rows) {
        return new FederatedKMeansJob(config, rows, DistributedGaussian.secureRandom());
    }

    /** A row-less instance that only follows the released sums (for the coordinator). */
    public static FederatedKMeansJob observer(KMeansJobConfig config) {
        return new FederatedKMeansJob(config, List.of(), DistributedGaussian.secureRandom());
    }

    @Override
    public String name() {
        return "workforce-kmeans-k" + config.k() + "-" + config.mode().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public long maxAbsValue() {
        long inertiaPerRow = Math.round(AssignmentLayout.MAX_DISTANCE / INERTIA_UNIT);
        long perRow = Math.max(HrEncoding.STATS_COUNT_WEIGHT, Math.max(HrEncoding.CLIP_Q, Math.max(COUNT_WEIGHT, inertiaPerRow)));
        long data = (long) config.maxRowsPerUnit() * perRow;
        if (config.mode() == Mode.DP) {
            // 20 share standard deviations: a larger draw has probability below 2^-280
            data += (long) Math.ceil(20 * Math.max(statsNoise.shareSigma(), roundNoise.shareSigma()));
        }
        return data;
    }

    @Override
    public synchronized long[] contribution(int round, long[] previousSum) {
        long[] out = new long[width];
        if (round == 0) {
            if (previousSum != null || observedRound != -1) {
                throw new IllegalStateException("round 0 must come first, without a previous sum");
            }
            long[] stats = HrEncoding.statsContribution(rows);
            if (statsNoise != null) {
                statsNoise.addNoiseShare(stats, noise);
            }
            System.arraycopy(stats, 0, out, 0, stats.length);
            return out;
        }
        observe(round - 1, Objects.requireNonNull(previousSum, "previous sum"));
        if (done) {
            throw new IllegalStateException("the job finished in round " + observedRound);
        }
        int used = restarts * block;
        long[] sums = new long[used];
        double clipQ = config.clipNorm() * HrEncoding.SCALE;
        for (long[] x : localRows) {
            long[] v = config.mode() == Mode.DP ? clipL2(x, clipQ) : x;
            for (int s = 0; s < restarts; s++) {
                int c = nearest(x, candidates[s]);
                int base = s * block + c * STRIDE;
                for (int d = 0; d < D; d++) {
                    sums[base + d] += v[d];
                }
                sums[base + D] += COUNT_WEIGHT;
                if (restarts > 1) {
                    long in = Math.round(dist2(x, candidates[s][c]) / INERTIA_UNIT);
                    sums[s * block + config.k() * STRIDE] += config.mode() == Mode.DP ? Math.min(in, DP_INERTIA_CLIP) : in;
                }
            }
        }
        if (roundNoise != null) {
            roundNoise.addNoiseShare(sums, noise);
        }
        System.arraycopy(sums, 0, out, 0, used);
        return out;
    }

    @Override
    public synchronized boolean finished(int round, long[] sum) {
        observe(round, Objects.requireNonNull(sum, "sum"));
        return done;
    }

    private void observe(int round, long[] sum) {
        if (sum.length != width) {
            throw new IllegalArgumentException("released sum has " + sum.length + " entries, expected " + width);
        }
        if (round == observedRound) {
            if (!Arrays.equals(sum, lastSum)) {
                throw new IllegalStateException("round " + round + " was already released with a different sum");
            }
            return;
        }
        if (round != observedRound + 1) {
            throw new IllegalStateException("expected the sum of round " + (observedRound + 1) + ", got round " + round);
        }
        if (done) {
            throw new IllegalStateException("the job already finished in round " + observedRound);
        }
        if (round == 0) {
            standardization = HrEncoding.Standardization.fromStats(sum, 0);
            localRows = standardization.quantizeAll(rows);
            candidates = new long[restarts][][];
            for (int s = 0; s < restarts; s++) {
                candidates[s] = initialCentroids(config, s);
            }
            history.add(new RoundInfo(0, Double.NaN, new double[] {(double) sum[0] / HrEncoding.STATS_COUNT_WEIGHT}, null));
        } else {
            double maxMove = 0;
            double minCount = roundNoise == null ? 1 : Math.max(1, 3 * roundNoise.sigma() / COUNT_WEIGHT);
            double[] inertia = new double[restarts];
            double[][] allSizes = new double[restarts][];
            for (int s = 0; s < restarts; s++) {
                long[][] cur = candidates[s];
                long[][] next = new long[config.k()][];
                double[] sizes = new double[config.k()];
                for (int c = 0; c < config.k(); c++) {
                    int base = s * block + c * STRIDE;
                    double count = (double) sum[base + D] / COUNT_WEIGHT;
                    sizes[c] = count;
                    if (count < minCount) {
                        next[c] = cur[c].clone();
                        continue;
                    }
                    next[c] = new long[D];
                    for (int d = 0; d < D; d++) {
                        long v = Math.round(sum[base + d] / count);
                        next[c][d] = Math.max(-HrEncoding.CLIP_Q, Math.min(HrEncoding.CLIP_Q, v));
                    }
                    maxMove = Math.max(maxMove, Math.sqrt(dist2(next[c], cur[c])) / HrEncoding.SCALE);
                }
                candidates[s] = next;
                inertia[s] = sum[s * block + config.k() * STRIDE];
                allSizes[s] = sizes;
            }
            int best = 0;
            for (int s = 1; s < restarts; s++) {
                if (inertia[s] < inertia[best]) {
                    best = s;
                }
            }
            selected = best;
            history.add(new RoundInfo(round, maxMove, allSizes[best], restarts > 1 ? inertia : null));
            done = maxMove <= config.tolerance() || round >= config.maxRounds();
        }
        observedRound = round;
        lastSum = sum.clone();
    }

    /** The public initial centroids (quantized) of candidate {@code s}: the same at every unit. */
    public static long[][] initialCentroids(KMeansJobConfig config, int s) {
        Random r = new Random(config.initSeed() * 1_000_003L + s);
        long[][] c = new long[config.k()][D];
        int m = HrSchema.NUMERIC.size();
        for (int j = 0; j < config.k(); j++) {
            for (int d = 0; d < m; d++) {
                long v = Math.round(HrEncoding.SCALE * INIT_SPREAD * r.nextGaussian());
                c[j][d] = Math.max(-HrEncoding.CLIP_Q, Math.min(HrEncoding.CLIP_Q, v));
            }
            int pos = m;
            for (HrSchema.NominalColumn g : HrSchema.NOMINAL) {
                for (int i = 0; i < g.categories().size(); i++) {
                    c[j][pos + i] = Math.round((double) HrEncoding.ONE_HOT / g.categories().size());
                }
                pos += g.categories().size();
            }
        }
        return c;
    }

    /** x scaled down (truncating toward zero) to L2 norm at most {@code bound}; x itself if within. */
    static long[] clipL2(long[] x, double bound) {
        double norm = Math.sqrt(dist2(x, new long[x.length]));
        if (norm <= bound) {
            return x;
        }
        double s = bound / norm;
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (long) (x[i] * s);
        }
        return out;
    }

    /** Index of the nearest centroid (squared Euclidean, exact in longs; ties to the lowest index). */
    public static int nearest(long[] x, long[][] c) {
        int best = 0;
        long bd = dist2(x, c[0]);
        for (int j = 1; j < c.length; j++) {
            long d = dist2(x, c[j]);
            if (d < bd) {
                bd = d;
                best = j;
            }
        }
        return best;
    }

    static long dist2(long[] a, long[] b) {
        long s = 0;
        for (int i = 0; i < a.length; i++) {
            long d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    // ----- results -----

    public KMeansJobConfig config() {
        return config;
    }

    /** This unit's row count (0 for an observer). */
    public int rows() {
        return rows.size();
    }

    /** The last released round (−1 before round 0). */
    public synchronized int observedRound() {
        return observedRound;
    }

    public synchronized boolean isDone() {
        return done;
    }

    /** The standardization from round 0 (null before it). */
    public synchronized HrEncoding.Standardization standardization() {
        return standardization;
    }

    /**
     * Current centroids of the selected candidate (the one with the smallest inertia released so
     * far; the only one without restarts), quantized (a copy; null before round 0).
     */
    public synchronized long[][] centroids() {
        if (candidates == null) {
            return null;
        }
        long[][] cur = candidates[selected];
        long[][] out = new long[cur.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = cur[i].clone();
        }
        return out;
    }

    /** Index of the selected candidate. */
    public synchronized int selectedCandidate() {
        return selected;
    }

    public synchronized List<RoundInfo> history() {
        return List.copyOf(history);
    }

    /** This unit's rows, quantized with the released standardization (a copy). */
    public synchronized long[][] localQuantizedRows() {
        long[][] out = new long[localRows.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = localRows[i].clone();
        }
        return out;
    }

    /** This unit's rows' segments under the current centroids. */
    public synchronized int[] assignLocal() {
        int[] out = new int[localRows.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = nearest(localRows[i], candidates[selected]);
        }
        return out;
    }

    /** Noise σ of the released statistics sum (0 in EXACT mode). */
    public double statsSigma() {
        return statsNoise == null ? 0 : statsNoise.sigma();
    }

    /** Noise σ of a released Lloyd-round sum (0 in EXACT mode). */
    public double roundSigma() {
        return roundNoise == null ? 0 : roundNoise.sigma();
    }

    public double roundSensitivity() {
        return roundSensitivity;
    }

    /** ε (at the configured δ) of the releases made so far; infinite in EXACT mode once anything is released. */
    public synchronized double epsilonSpent() {
        if (observedRound < 0) {
            return 0;
        }
        if (config.mode() == Mode.EXACT) {
            return Double.POSITIVE_INFINITY;
        }
        double rho = DistributedGaussian.rhoPerRelease(statsSensitivity, statsNoise.sigma())
                + observedRound * DistributedGaussian.rhoPerRelease(roundSensitivity, roundNoise.sigma());
        return DistributedGaussian.epsilon(rho, config.delta());
    }

    /** ε (at the configured δ) if all maxRounds + 1 releases are made: at most the configured ε. */
    public double epsilonBound() {
        if (config.mode() == Mode.EXACT) {
            return Double.POSITIVE_INFINITY;
        }
        double rho = DistributedGaussian.rhoPerRelease(statsSensitivity, statsNoise.sigma())
                + config.maxRounds() * DistributedGaussian.rhoPerRelease(roundSensitivity, roundNoise.sigma());
        return DistributedGaussian.epsilon(rho, config.delta());
    }
}

package io.smile.pdm.federated;

import io.smile.federation.FederatedJob;
import io.smile.federation.dp.DistributedGaussian;
import io.smile.pdm.model.Ai4iFeatures;
import io.smile.pdm.model.FeatureEncoding;
import io.smile.pdm.model.PdmParameters;
import io.smile.pdm.model.QuadraticModel;
import io.smile.pdm.model.QuadraticTrainer;
import io.smile.pdm.model.QuantizedModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Federated full-batch training of {@link QuadraticModel} (class-weighted logistic regression on
 * the degree-2 monomials of standardized features, as {@link QuadraticTrainer} does centrally).
 * Every site runs one instance on its rows; the coordinator runs a public instance (no rows) that
 * only follows the released sums. Rounds:
 * <ol>
 *   <li>Round 0, standardization: per feature Σu and Σu² with u = (v − profile center)/profile
 *       spread quantized at 1/64 (|u| ≤ 4), plus the row and failure counts. From the released sums
 *       every instance derives the same feature means and standard deviations and the class weight
 *       w+ = negatives/positives.</li>
 *   <li>Rounds 1..R, gradients: each site sends round(S·Σ_rows clip_C(w_y·(p − y)·φ(z))) (the
 *       class-weighted per-row gradient clipped to L2 norm C, summed, quantized with scale S) and
 *       its row and failure counts times K = C·S/8 (the counts of this round's contributors give the
 *       weight normalizer, so a site missing a round is tolerated). Every instance applies the same
 *       Adam step (with the L2 term) to the released sum, so all agree on θ. The job stops early
 *       when the averaged gradient's L2 norm falls below the tolerance.</li>
 *   <li>Last round, threshold: each site sends histograms of its training scores for failures and
 *       non-failures (256 bins over [−16, 16]); the threshold that maximizes F1 on the summed
 *       histograms replaces QuadraticTrainer's pooled threshold search.</li>
 * </ol>
 * With DP on, each site adds its {@link DistributedGaussian} share to every released entry. The
 * zCDP budget ρ of the target (ε, δ) is split 20 % standardization, 70 % gradients (evenly over
 * the R rounds), 10 % threshold; L2 sensitivities of one row: standardization √(2f + 2)·U² with
 * U = 256 (Σu is sent times U and the counts times U², so every entry moves by at most U²); gradients C·S + √d + √2·K (rounding the site sum moves each entry by less than 1);
 * histograms one unit (64).
 */
public final class FederatedPdmJob implements FederatedJob {
    private static final double B1 = 0.9;
    private static final double B2 = 0.999;

    private final PdmConfig cfg;
    private final SiteData data;
    private final Random noise;
    private final FeatureEncoding profile = Ai4iFeatures.ENCODING;
    private final int f;
    private final int k;
    private final int dims;
    private final long scale;
    private final long countScale;
    private final int width;
    // noise per release type (null without DP)
    private final DistributedGaussian statNoise;
    private final DistributedGaussian gradNoise;
    private final DistributedGaussian histNoise;
    private final double statSensitivity;
    private final double gradSensitivity;
    private final double histSensitivity;

    // state derived from the released sums (identical at every instance)
    private int lastRound = -1;
    private FeatureEncoding encoding;
    private double wPos;
    private double[] theta;
    private double[] m;
    private double[] v;
    private int steps;
    private boolean converged;
    private int thresholdRound = -1;
    private double threshold;
    private boolean done;
    private double lastGradNorm = Double.NaN;
    private final List<Double> gradNorms = new ArrayList<>();
    private double rhoSpent;
    private List<double[]> z; // this site's standardized rows (after round 0)

    /**
     * @param data  this site's rows, or null for the coordinator's public instance
     * @param noise source of this site's noise shares (SecureRandom in production); ignored without DP
     */
    public FederatedPdmJob(PdmConfig cfg, SiteData data, Random noise) {
        this.cfg = cfg;
        this.data = data;
        this.noise = noise;
        this.f = profile.features().size();
        this.k = f + 1;
        this.dims = k * (k + 1) / 2;
        this.scale = cfg.gradientScale();
        this.countScale = Math.max(1, cfg.gradientScale() * (long) cfg.clip() / 8);
        this.width = Math.max(Math.max(2 * f + 2, dims + 2), 2 * PdmConfig.HIST_BINS);
        double u = PdmConfig.STAT_CLAMP;
        this.statSensitivity = Math.sqrt(f * 2 * u * u * u * u + 2 * u * u * u * u);
        this.gradSensitivity = (double) scale * cfg.clip() + Math.sqrt(dims) + Math.sqrt(2) * countScale;
        this.histSensitivity = PdmConfig.HIST_UNIT;
        if (cfg.dp()) {
            double rho = rhoFor(cfg.epsilon(), cfg.delta());
            statNoise = new DistributedGaussian(sigma(statSensitivity, 0.2 * rho), cfg.sites(), 0);
            gradNoise = new DistributedGaussian(sigma(gradSensitivity, 0.7 * rho / cfg.maxRounds()), cfg.sites(), 0);
            histNoise = new DistributedGaussian(sigma(histSensitivity, 0.1 * rho), cfg.sites(), 0);
            for (DistributedGaussian g : List.of(statNoise, gradNoise, histNoise)) {
                if (30 * g.shareSigma() > maxAbsValue() / 2) {
                    throw new IllegalArgumentException(String.format(
                            "noise share sigma %.3g does not fit the contribution bound; use a larger epsilon or fewer rounds",
                            g.shareSigma()));
                }
            }
        } else {
            statNoise = gradNoise = histNoise = null;
        }
    }

    /** ρ of ρ-zCDP that implies (ε, δ)-DP (the inverse of {@link DistributedGaussian#epsilon(double, double)}). */
    public static double rhoFor(double epsilon, double delta) {
        double s1 = DistributedGaussian.sigmaFor(epsilon, delta, 1, 1); // = sqrt(1/(2ρ))
        return 1 / (2 * s1 * s1);
    }

    private static double sigma(double sensitivity, double rho) {
        return sensitivity / Math.sqrt(2 * rho);
    }

    @Override
    public String name() {
        return "pdm-training";
    }

    @Override
    public int width() {
        return width;
    }

    /** 2^33: with 10 sites the sum stays below t/2 ≈ 2^37. Data use at most 2^32, noise the rest. */
    @Override
    public long maxAbsValue() {
        return 1L << 33;
    }

    @Override
    public long[] contribution(int round, long[] previousSum) {
        if (data == null) {
            throw new IllegalStateException("the public instance has no data");
        }
        if (round != lastRound + 1) {
            throw new IllegalStateException("contribution for round " + round + " after round " + lastRound);
        }
        long[] c = new long[width];
        DistributedGaussian g;
        int used;
        if (round == 0) {
            used = statistics(c);
            g = statNoise;
        } else if (round == thresholdRound) {
            used = histogram(c);
            g = histNoise;
        } else {
            used = gradient(c);
            g = gradNoise;
        }
        if (g != null) {
            long[] head = Arrays.copyOf(c, used);
            g.addNoiseShare(head, noise);
            System.arraycopy(head, 0, c, 0, used);
        }
        return c;
    }

    private int statistics(long[] c) {
        for (double[] raw : data.raw()) {
            for (int i = 0; i < f; i++) {
                FeatureEncoding.Feature ft = profile.features().get(i);
                long q = Math.round((raw[i] - ft.center()) / ft.scale() * PdmConfig.STAT_RESOLUTION);
                q = Math.max(-PdmConfig.STAT_CLAMP, Math.min(PdmConfig.STAT_CLAMP, q));
                c[2 * i] += q * PdmConfig.STAT_CLAMP; // scaled so that Σu and Σu² have the same sensitivity
                c[2 * i + 1] += q * q;
            }
        }
        long unit = (long) PdmConfig.STAT_CLAMP * PdmConfig.STAT_CLAMP;
        c[2 * f] = data.rows() * unit;
        c[2 * f + 1] = data.positives() * unit;
        return 2 * f + 2;
    }

    private int gradient(long[] c) {
        double[] sum = new double[dims];
        double[] g = new double[dims];
        for (int r = 0; r < z.size(); r++) {
            rowGradient(theta, z.get(r), data.labels()[r], wPos, cfg.clip(), g);
            for (int d = 0; d < dims; d++) {
                sum[d] += g[d];
            }
        }
        for (int d = 0; d < dims; d++) {
            c[d] = Math.round(sum[d] * scale);
        }
        c[dims] = data.rows() * countScale;
        c[dims + 1] = data.positives() * countScale;
        return dims + 2;
    }

    /** Class-weighted logistic-loss gradient of one row, clipped to L2 norm {@code clip}, into {@code out}. */
    public static void rowGradient(double[] theta, double[] z, boolean label, double wPos, double clip, double[] out) {
        double[] phi = QuadraticTrainer.monomials(z);
        double s = 0;
        for (int d = 0; d < phi.length; d++) {
            s += theta[d] * phi[d];
        }
        double p = 1 / (1 + Math.exp(-s));
        double g = (label ? wPos : 1) * (p - (label ? 1 : 0));
        double norm = 0;
        for (int d = 0; d < phi.length; d++) {
            out[d] = g * phi[d];
            norm += out[d] * out[d];
        }
        norm = Math.sqrt(norm);
        if (norm > clip) {
            double f = clip / norm;
            for (int d = 0; d < phi.length; d++) {
                out[d] *= f;
            }
        }
    }

    private int histogram(long[] c) {
        QuadraticModel mdl = rawModel();
        for (int r = 0; r < z.size(); r++) {
            int bin = bin(mdl.score(z.get(r)));
            c[(data.labels()[r] ? PdmConfig.HIST_BINS : 0) + bin] += PdmConfig.HIST_UNIT;
        }
        return 2 * PdmConfig.HIST_BINS;
    }

    private static int bin(double score) {
        double x = (score + PdmConfig.HIST_RANGE) / (2 * PdmConfig.HIST_RANGE) * PdmConfig.HIST_BINS;
        return (int) Math.max(0, Math.min(PdmConfig.HIST_BINS - 1, Math.floor(x)));
    }

    @Override
    public boolean finished(int round, long[] sum) {
        if (round != lastRound + 1) {
            throw new IllegalStateException("sum of round " + round + " after round " + lastRound);
        }
        lastRound = round;
        if (round == 0) {
            applyStatistics(sum);
            account(statNoise, statSensitivity);
        } else if (round == thresholdRound) {
            applyHistogram(sum);
            account(histNoise, histSensitivity);
            done = true;
        } else {
            applyGradient(sum);
            account(gradNoise, gradSensitivity);
            if (converged || steps >= cfg.maxRounds()) {
                thresholdRound = round + 1;
            }
        }
        return done;
    }

    private void account(DistributedGaussian g, double sensitivity) {
        if (g != null) {
            rhoSpent += DistributedGaussian.rhoPerRelease(sensitivity, g.sigma());
        }
    }

    private void applyStatistics(long[] sum) {
        double unit = (double) PdmConfig.STAT_CLAMP * PdmConfig.STAT_CLAMP;
        double n = sum[2 * f] / unit;
        double pos = sum[2 * f + 1] / unit;
        // with strong noise and few failures the released counts can be off (even negative): clamp them so that
        // every instance still derives the same usable weights (the model is then poor, but the job goes on)
        n = Math.max(n, 2);
        pos = Math.max(1, Math.min(n - 1, pos));
        List<FeatureEncoding.Feature> fs = new ArrayList<>();
        for (int i = 0; i < f; i++) {
            FeatureEncoding.Feature p = profile.features().get(i);
            double mean = sum[2 * i] / (n * PdmConfig.STAT_RESOLUTION * (double) PdmConfig.STAT_CLAMP);
            double sq = sum[2 * i + 1] / (n * PdmConfig.STAT_RESOLUTION * (double) PdmConfig.STAT_RESOLUTION);
            double var = Math.max(sq - mean * mean, 1e-4);
            fs.add(new FeatureEncoding.Feature(p.name(), p.center() + p.scale() * mean, p.scale() * Math.sqrt(var)));
        }
        encoding = new FeatureEncoding(fs, profile.resolution(), profile.clip());
        wPos = (n - pos) / pos;
        theta = new double[dims];
        m = new double[dims];
        v = new double[dims];
        if (data != null) {
            z = new ArrayList<>();
            for (double[] raw : data.raw()) {
                z.add(encoding.standardize(raw));
            }
        }
    }

    private void applyGradient(long[] sum) {
        double rows = sum[dims] / (double) countScale;
        double pos = sum[dims + 1] / (double) countScale;
        double norm = Math.max(1, (rows - pos) + pos * wPos); // Σ of the class weights of this round's rows
        int bias = dims - 1;
        steps++;
        double gn = 0;
        for (int d = 0; d < dims; d++) {
            double g = sum[d] / (double) scale / norm + (d == bias ? 0 : cfg.l2() * theta[d]);
            gn += g * g;
            m[d] = B1 * m[d] + (1 - B1) * g;
            v[d] = B2 * v[d] + (1 - B2) * g * g;
            double mh = m[d] / (1 - Math.pow(B1, steps));
            double vh = v[d] / (1 - Math.pow(B2, steps));
            theta[d] -= cfg.learningRate() * mh / (Math.sqrt(vh) + 1e-8);
        }
        lastGradNorm = Math.sqrt(gn);
        gradNorms.add(lastGradNorm);
        converged = lastGradNorm < cfg.tolerance();
    }

    private void applyHistogram(long[] sum) {
        int bins = PdmConfig.HIST_BINS;
        double positives = 0;
        for (int b = 0; b < bins; b++) {
            positives += Math.max(0, sum[bins + b]);
        }
        double tp = 0;
        double fp = 0;
        double best = -1;
        int bestEdge = bins; // threshold at the top edge: nothing is an alert
        for (int b = bins - 1; b >= 0; b--) { // alerts = bins >= b
            tp += Math.max(0, sum[bins + b]);
            fp += Math.max(0, sum[b]);
            double f1 = tp == 0 ? 0 : 2 * tp / (2 * tp + fp + (positives - tp));
            if (f1 > best) {
                best = f1;
                bestEdge = b;
            }
        }
        threshold = -PdmConfig.HIST_RANGE + 2 * PdmConfig.HIST_RANGE * bestEdge / bins;
    }

    private QuadraticModel rawModel() {
        return QuadraticTrainer.model(theta, k);
    }

    /** This site's row count (0 for the coordinator's instance). */
    public int rows() {
        return data == null ? 0 : data.rows();
    }

    /** True once the threshold round has been released. */
    public boolean done() {
        return done;
    }

    /** The trained model (threshold applied): score(encoding().standardize(raw)) > 0 means alert. */
    /** The released model quantized for BGV scoring, as the cloud's model registry loads it. */
    public QuantizedModel quantized() {
        return QuantizedModel.quantize(model(), encoding(), PdmParameters.PLAIN_MODULUS);
    }

    public QuadraticModel model() {
        if (!done) {
            throw new IllegalStateException("training not finished");
        }
        return rawModel().shifted(threshold);
    }

    /** The decision threshold chosen from the released score histograms. */
    public double threshold() {
        return threshold;
    }

    /** The class weight of failures, from the released counts of round 0. */
    public double positiveWeight() {
        return wPos;
    }

    /** The standardization derived from the secure-sum round 0. */
    public FeatureEncoding encoding() {
        return encoding;
    }

    /** Gradient rounds (Adam steps) applied. */
    public int gradientRounds() {
        return steps;
    }

    public List<Double> gradientNorms() {
        return List.copyOf(gradNorms);
    }

    public double[] theta() {
        return theta.clone();
    }

    /** ρ spent so far (0 without DP). */
    public double rhoSpent() {
        return rhoSpent;
    }

    /** ε spent so far at the configured δ ({@link DistributedGaussian#epsilon(double, double)}); 0 without DP. */
    public double epsilonSpent() {
        return rhoSpent == 0 ? 0 : DistributedGaussian.epsilon(rhoSpent, cfg.delta());
    }

    /** Noise of each release type in the released sum: {statistics, gradient, histogram} (null without DP). */
    public DistributedGaussian[] noise() {
        return statNoise == null ? null : new DistributedGaussian[] {statNoise, gradNoise, histNoise};
    }

    /** L2 sensitivities {statistics, gradient, histogram}. */
    public double[] sensitivities() {
        return new double[] {statSensitivity, gradSensitivity, histSensitivity};
    }

    public long gradientScale() {
        return scale;
    }

    public long countScale() {
        return countScale;
    }
}

package io.smile.compare.dp;

import io.smile.federation.dp.DistributedGaussian;
import io.smile.pdm.model.QuadraticModel;
import io.smile.pdm.model.QuadraticTrainer;
import java.util.List;
import java.util.Random;

/**
 * Central DP for the product's model class: DP full-batch gradient descent (DP-SGD of Abadi et
 * al., CCS 2016, with every row in every step). Each row's gradient of the class-weighted logistic
 * loss is clipped to L2 norm C, the clipped gradients are summed, and N(0, σ²C²) is added to every
 * coordinate of the sum; Adam then steps on the noisy mean (post-processing).
 *
 * <p>Accountant: one step is the Gaussian mechanism with L2 sensitivity C (add or remove one row)
 * and noise σC, i.e. ρ = 1/(2σ²)-zCDP; T steps compose to T·ρ; ρ-zCDP implies
 * (ρ + 2√(ρ ln(1/δ)), δ)-DP (Bun and Steinke, TCC 2016). σ for a target (ε, δ) and T is
 * {@link DistributedGaussian#sigmaFor}, the accountant the product's distributed DP uses. No
 * amplification by subsampling is claimed (there is none: full batches).
 *
 * <p>What is public: the feature encoding (the machine profile), the row count n the mean divides
 * by, and the class weight {@link #POSITIVE_WEIGHT} (a prior, not the data's label count). The
 * decision threshold stays at 0: choosing it on the training rows, as the non-private trainer does,
 * would spend privacy budget that is not accounted for.
 */
public final class CentralDp {
    /** Weight of a failure row: about the inverse failure rate AI4I documents (3.4 %). */
    public static final double POSITIVE_WEIGHT = 28.0;

    private final double clip;
    private final int steps;
    private final double learningRate;

    public CentralDp(double clip, int steps, double learningRate) {
        if (!(clip > 0) || steps < 1 || !(learningRate > 0)) {
            throw new IllegalArgumentException("clip and learning rate must be > 0, steps >= 1");
        }
        this.clip = clip;
        this.steps = steps;
        this.learningRate = learningRate;
    }

    /** Noise multiplier σ (noise std / C) for (ε, δ) over this many steps; 0 for ε = ∞. */
    public double noiseMultiplier(double epsilon, double delta) {
        if (Double.isInfinite(epsilon)) {
            return 0;
        }
        return DistributedGaussian.sigmaFor(epsilon, delta, steps, 1.0);
    }

    /** ε this run spends at noise multiplier σ (the accountant's value). */
    public double epsilonSpent(double sigma, double delta) {
        return DistributedGaussian.epsilon(1.0, sigma, steps, delta);
    }

    /** Trains at (ε, δ) (ε = ∞: no noise, the clipped non-private reference). */
    public QuadraticModel train(List<double[]> z, boolean[] labels, double epsilon, double delta, Random noise) {
        int k = z.get(0).length;
        int dims = k * (k + 1) / 2;
        int n = z.size();
        double[][] phi = new double[n][];
        for (int r = 0; r < n; r++) {
            phi[r] = QuadraticTrainer.monomials(z.get(r));
        }
        double sigma = noiseMultiplier(epsilon, delta);
        double[] theta = new double[dims];
        double[] m = new double[dims];
        double[] v = new double[dims];
        for (int step = 1; step <= steps; step++) {
            double[] g = clippedSum(phi, labels, theta);
            for (int d = 0; d < dims; d++) {
                g[d] = (g[d] + Noise.gaussian(sigma * clip, noise)) / n;
                m[d] = 0.9 * m[d] + 0.1 * g[d];
                v[d] = 0.999 * v[d] + 0.001 * g[d] * g[d];
                double mh = m[d] / (1 - Math.pow(0.9, step));
                double vh = v[d] / (1 - Math.pow(0.999, step));
                theta[d] -= learningRate * mh / (Math.sqrt(vh) + 1e-8);
            }
        }
        return QuadraticTrainer.model(theta, k);
    }

    /**
     * Sum of the rows' gradients, each clipped to L2 norm C: the quantity whose sensitivity the
     * accountant assumes (one row moves it by at most C).
     */
    public double[] clippedSum(double[][] phi, boolean[] labels, double[] theta) {
        double[] sum = new double[theta.length];
        double[] g = new double[theta.length];
        for (int r = 0; r < phi.length; r++) {
            double p = 1 / (1 + Math.exp(-dot(theta, phi[r])));
            double coef = (labels[r] ? POSITIVE_WEIGHT : 1) * (p - (labels[r] ? 1 : 0));
            double norm = 0;
            for (int d = 0; d < g.length; d++) {
                g[d] = coef * phi[r][d];
                norm += g[d] * g[d];
            }
            double scale = Math.min(1, clip / Math.sqrt(norm));
            for (int d = 0; d < g.length; d++) {
                sum[d] += g[d] * scale;
            }
        }
        return sum;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

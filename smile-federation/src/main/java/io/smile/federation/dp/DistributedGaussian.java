package io.smile.federation.dp;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Distributed discrete Gaussian mechanism (Kairouz, Liu, Steinke, "The Distributed Discrete
 * Gaussian Mechanism for Federated Learning with Secure Aggregation", ICML 2021). Each of the
 * {@code members} adds integer noise from the discrete Gaussian N_Z(0, σ_i²) to its contribution
 * before encrypting it; only the sum is ever decrypted, so the released sum carries noise of
 * variance (honest members)·σ_i². σ_i is chosen so that the members assumed honest alone reach
 * the target σ²: σ_i = σ / √(members − colluders). A colluding member that leaves its noise out
 * (or subtracts it after the release) then does not weaken the guarantee for the others.
 *
 * <p>Accounting is in zero-concentrated DP (Bun and Steinke 2016): one release of a sum with L2
 * sensitivity Δ under Gaussian noise σ is ρ = Δ²/(2σ²)-zCDP; R releases compose to R·ρ, and
 * ρ-zCDP implies (ρ + 2√(ρ·ln(1/δ)), δ)-DP. The sum of discrete Gaussians is not exactly a
 * discrete Gaussian; Kairouz et al. bound the gap by τ = 10·Σ_{k=1}^{n−1} exp(−2π²σ_i²·k/(k+1)).
 * This class requires σ_i ≥ {@link #MIN_SHARE_SIGMA}, where τ < 2^-100 for any n ≤ 10^6, so the
 * continuous-Gaussian accounting used here holds up to that negligible term.
 *
 * <p>Noise is drawn with the exact-in-structure sampler of Canonne, Kamath, Steinke ("The Discrete
 * Gaussian for Differential Privacy", NeurIPS 2020): a discrete Laplace proposal and rejection,
 * with the Bernoulli(exp(−γ)) steps evaluated in double precision (an approximation well below
 * the sampling error of any test here; an exact rational version would remove it).
 */
public final class DistributedGaussian {
    /** Smallest per-member σ accepted; keeps the discretization gap τ negligible. */
    public static final double MIN_SHARE_SIGMA = 4.0;

    private final double sigma;
    private final double shareSigma;
    private final int members;
    private final int colluders;

    /**
     * @param sigma     standard deviation of the noise in the released sum, in the contribution's integer units
     * @param members   number of members contributing to each sum
     * @param colluders members assumed to collude or skip their noise (0 for honest-but-curious members)
     */
    public DistributedGaussian(double sigma, int members, int colluders) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be a positive finite number, got " + sigma);
        }
        if (members < 1 || colluders < 0 || colluders >= members) {
            throw new IllegalArgumentException("need members >= 1 and 0 <= colluders < members, got members=" + members
                    + " colluders=" + colluders);
        }
        this.sigma = sigma;
        this.members = members;
        this.colluders = colluders;
        this.shareSigma = sigma / Math.sqrt(members - colluders);
        if (shareSigma < MIN_SHARE_SIGMA) {
            throw new IllegalArgumentException(String.format(
                    "per-member noise sigma %.3f is below %.1f: scale the contributions up (a finer quantization) or use more noise",
                    shareSigma, MIN_SHARE_SIGMA));
        }
    }

    /** The noise standard deviation of the released sum (from honest members alone). */
    public double sigma() {
        return sigma;
    }

    /** The standard deviation each member adds. */
    public double shareSigma() {
        return shareSigma;
    }

    public int members() {
        return members;
    }

    public int colluders() {
        return colluders;
    }

    /** Adds this member's noise share to every entry of {@code contribution}, in place. */
    public long[] addNoiseShare(long[] contribution, Random random) {
        for (int i = 0; i < contribution.length; i++) {
            contribution[i] = Math.addExact(contribution[i], sampleDiscreteGaussian(shareSigma, random));
        }
        return contribution;
    }

    /** A fresh noise-share sampler backed by a SecureRandom. */
    public static Random secureRandom() {
        return new SecureRandom();
    }

    // ----- accounting -----

    /** zCDP parameter ρ of one release with L2 sensitivity Δ and noise σ. */
    public static double rhoPerRelease(double sensitivity, double sigma) {
        return sensitivity * sensitivity / (2 * sigma * sigma);
    }

    /** ε of (ε, δ)-DP implied by ρ-zCDP. */
    public static double epsilon(double rho, double delta) {
        checkDelta(delta);
        return rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
    }

    /** ε after {@code releases} releases of sums with L2 sensitivity Δ under noise σ. */
    public static double epsilon(double sensitivity, double sigma, int releases, double delta) {
        return epsilon(releases * rhoPerRelease(sensitivity, sigma), delta);
    }

    /** The noise σ of the released sum that gives (ε, δ)-DP over {@code releases} releases of sensitivity Δ. */
    public static double sigmaFor(double epsilon, double delta, int releases, double sensitivity) {
        if (!(epsilon > 0) || releases < 1 || !(sensitivity > 0)) {
            throw new IllegalArgumentException("need epsilon > 0, releases >= 1 and sensitivity > 0");
        }
        checkDelta(delta);
        double l = Math.log(1 / delta);
        double sqrtRho = Math.sqrt(l + epsilon) - Math.sqrt(l); // inverse of eps = rho + 2 sqrt(rho l)
        double rhoTotal = sqrtRho * sqrtRho;
        return sensitivity * Math.sqrt(releases / (2 * rhoTotal));
    }

    private static void checkDelta(double delta) {
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), got " + delta);
        }
    }

    // ----- sampling (Canonne, Kamath, Steinke 2020, Algorithms 2 and 3) -----

    /** One draw from the discrete Gaussian N_Z(0, σ²). */
    public static long sampleDiscreteGaussian(double sigma, Random random) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("sigma must be positive");
        }
        long t = (long) Math.floor(sigma) + 1;
        double sigma2 = sigma * sigma;
        while (true) {
            long y = sampleDiscreteLaplace(t, random);
            double d = Math.abs(y) - sigma2 / t;
            if (random.nextDouble() < Math.exp(-d * d / (2 * sigma2))) {
                return y;
            }
        }
    }

    /** One draw from the discrete Laplace distribution with P(y) ∝ exp(−|y|/t). */
    static long sampleDiscreteLaplace(long t, Random random) {
        while (true) {
            long u = (long) Math.floor(random.nextDouble() * t);
            if (random.nextDouble() >= Math.exp(-(double) u / t)) {
                continue;
            }
            long v = 0;
            double e1 = Math.exp(-1);
            while (random.nextDouble() < e1) {
                v++;
            }
            long x = u + t * v;
            boolean negative = random.nextBoolean();
            if (negative && x == 0) {
                continue;
            }
            return negative ? -x : x;
        }
    }
}

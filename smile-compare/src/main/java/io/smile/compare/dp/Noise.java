package io.smile.compare.dp;

import java.util.Random;

/** The two noise distributions the mechanisms use, drawn from the Random handed in (SecureRandom outside tests). */
public final class Noise {
    private Noise() {
    }

    /** N(0, sigma²) (Marsaglia's polar method inside {@link Random#nextGaussian()}). */
    public static double gaussian(double sigma, Random random) {
        return sigma * random.nextGaussian();
    }

    /** Laplace(0, b): variance 2b², by inverting the CDF of a uniform in (−1/2, 1/2). */
    public static double laplace(double b, Random random) {
        double u = random.nextDouble() - 0.5;
        // 1 - 2|u| is in (0, 1]: the log is finite
        return -b * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
    }
}

package io.smile.compare.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.compare.Fixtures;
import io.smile.compare.Task;
import io.smile.pdm.model.QuadraticTrainer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The noise has the calibrated variance (fixed seeds: the sample statistics are deterministic, the
 * tolerances are several standard errors wide), the accountant round-trips, and a row an adversary
 * crafts cannot move the gradient sum by more than the clip the accountant assumes.
 */
class DpTest {
    private static final int DRAWS = 200_000;

    private static double variance(double[] x) {
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return s / (x.length - 1);
    }

    @Test
    void centralDpNoiseHasTheCalibratedVariance() {
        CentralDp dp = new CentralDp(1.0, 100, 0.05);
        double sigma = dp.noiseMultiplier(2.0, 1e-5);
        Random random = new Random(11);
        double[] x = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            x[i] = Noise.gaussian(sigma, random);
        }
        // standard error of a sample variance: sqrt(2 / n) = 0.3 %; 2 % is about 6 of them
        assertEquals(sigma * sigma, variance(x), 0.02 * sigma * sigma);
        assertEquals(2.0, dp.epsilonSpent(sigma, 1e-5), 1e-9, "the accountant gives back the target ε");
    }

    @Test
    void localDpNoiseHasTheCalibratedVariance() {
        Task task = Fixtures.task();
        LocalDp ldp = new LocalDp(task.encoding());
        double eps = 4.0;
        double b = ldp.scale(eps, 7);
        assertEquals(2 * 3.75 * 7 / eps, b, 1e-12, "L1 sensitivity 2·B·d with B = clip / resolution = 15 / 4");
        Random random = new Random(12);
        double[] zero = new double[8];
        zero[7] = 1;
        double[] x = new double[DRAWS];
        for (int i = 0; i < DRAWS; i++) {
            double[] out = ldp.perturb(zero, eps, random);
            x[i] = out[i % 7];
            assertEquals(1.0, out[7], "the constant slot is not perturbed");
        }
        // Laplace(b) has variance 2b²; its sample variance has a standard error of about sqrt(5 / n) = 0.5 %
        assertEquals(2 * b * b, variance(x), 0.04 * 2 * b * b);
    }

    @Test
    void aCraftedRowMovesTheGradientSumByAtMostTheClip() {
        Task task = Fixtures.task();
        int n = 500;
        double[][] phi = new double[n + 1][];
        boolean[] labels = new boolean[n + 1];
        for (int r = 0; r < n; r++) {
            phi[r] = QuadraticTrainer.monomials(task.train().z().get(r));
            labels[r] = task.train().labels()[r];
        }
        // the adversary's row: extreme feature values and a failure label, to dominate the update
        double[] crafted = new double[8];
        java.util.Arrays.fill(crafted, 1e3);
        crafted[7] = 1;
        phi[n] = QuadraticTrainer.monomials(crafted);
        labels[n] = true;
        double clip = 0.5;
        CentralDp dp = new CentralDp(clip, 10, 0.05);
        double[] theta = new double[36];
        double[] without = dp.clippedSum(java.util.Arrays.copyOf(phi, n), java.util.Arrays.copyOf(labels, n), theta);
        double[] with = dp.clippedSum(phi, labels, theta);
        double dist = 0;
        for (int d = 0; d < theta.length; d++) {
            dist += (with[d] - without[d]) * (with[d] - without[d]);
        }
        assertTrue(Math.sqrt(dist) <= clip + 1e-9, "one row moved the sum by " + Math.sqrt(dist) + " > C = " + clip);
    }
}

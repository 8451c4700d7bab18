package io.smile.federation.dp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DistributedGaussianTest {

    @Test
    void sampleMeanAndVarianceMatchSigma() {
        Random r = new Random(7);
        for (double sigma : new double[] {4.0, 25.0, 300.0}) {
            int n = 200_000;
            double sum = 0;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                long x = DistributedGaussian.sampleDiscreteGaussian(sigma, r);
                sum += x;
                sq += (double) x * x;
            }
            double mean = sum / n;
            double var = sq / n - mean * mean;
            // standard error of the mean is sigma/sqrt(n); of the variance about sigma^2*sqrt(2/n)
            assertTrue(Math.abs(mean) < 5 * sigma / Math.sqrt(n), "mean " + mean + " for sigma " + sigma);
            assertEquals(sigma * sigma, var, 6 * sigma * sigma * Math.sqrt(2.0 / n), "variance for sigma " + sigma);
        }
    }

    @Test
    void sumOfSharesHasTheTargetVariance() {
        Random r = new Random(11);
        DistributedGaussian dg = new DistributedGaussian(60.0, 5, 1); // honest 4 reach sigma alone
        assertEquals(30.0, dg.shareSigma(), 1e-12);
        int trials = 40_000;
        double sq = 0;
        for (int i = 0; i < trials; i++) {
            long[] total = new long[1];
            for (int m = 0; m < 5; m++) {
                total[0] += dg.addNoiseShare(new long[1], r)[0];
            }
            sq += (double) total[0] * total[0];
        }
        double expected = 5 * 30.0 * 30.0; // all five add noise in this simulation
        assertEquals(expected, sq / trials, 6 * expected * Math.sqrt(2.0 / trials));
    }

    @Test
    void accountingRoundTrips() {
        for (double eps : new double[] {0.5, 1, 2, 8}) {
            for (int rounds : new int[] {1, 10, 200}) {
                double sigma = DistributedGaussian.sigmaFor(eps, 1e-6, rounds, 3.0);
                assertEquals(eps, DistributedGaussian.epsilon(3.0, sigma, rounds, 1e-6), 1e-9 * eps);
            }
        }
        // more rounds at the same sigma cost more epsilon; more noise costs less
        assertTrue(DistributedGaussian.epsilon(1, 10, 20, 1e-6) > DistributedGaussian.epsilon(1, 10, 10, 1e-6));
        assertTrue(DistributedGaussian.epsilon(1, 20, 10, 1e-6) < DistributedGaussian.epsilon(1, 10, 10, 1e-6));
    }

    @Test
    void refusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new DistributedGaussian(0, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> new DistributedGaussian(100, 3, 3));
        assertThrows(IllegalArgumentException.class, () -> new DistributedGaussian(5, 4, 0)); // share sigma 2.5 < 4
        assertThrows(IllegalArgumentException.class, () -> DistributedGaussian.epsilon(0.1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> DistributedGaussian.sigmaFor(0, 1e-6, 1, 1));
    }
}

package io.smile.he.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Statistical sanity of the samplers with fixed seeds. Every tolerance is 6 standard deviations
 * of the statistic for the sample size used, so a correct sampler fails with probability below
 * 1e-8 per check (and never, with these fixed seeds), while a biased one is caught.
 */
class SamplerTest {
    private static final int SAMPLES = 400_000;

    private static Prng prng(int s) {
        byte[] seed = new byte[Prng.SEED_BYTES];
        seed[0] = (byte) s;
        seed[31] = (byte) (s * 7 + 1);
        return new Prng(seed, 1234);
    }

    @Test
    void ternaryIsBalanced() {
        Prng p = prng(1);
        int[] counts = new int[3];
        for (int i = 0; i < SAMPLES; i++) {
            int v = Sampler.ternary(p);
            assertTrue(v >= -1 && v <= 1, "value " + v);
            counts[v + 1]++;
        }
        double sd = Math.sqrt(SAMPLES * (1.0 / 3) * (2.0 / 3));
        for (int c : counts) {
            assertEquals(SAMPLES / 3.0, c, 6 * sd);
        }
    }

    @Test
    void ternaryPolyIsDeterministicAndBalanced() {
        byte[] a = Sampler.ternaryPoly(prng(2), 1 << 16);
        byte[] b = Sampler.ternaryPoly(prng(2), 1 << 16);
        assertArrayEquals(a, b);
        int[] counts = new int[3];
        for (byte v : a) {
            assertTrue(v >= -1 && v <= 1);
            counts[v + 1]++;
        }
        double sd = Math.sqrt(a.length * (2.0 / 9));
        for (int c : counts) {
            assertEquals(a.length / 3.0, c, 6 * sd);
        }
    }

    /** Probabilities of the discrete Gaussian exp(-x^2 / (2 sigma^2)) truncated to [-19, 19]. */
    private static double[] pmf() {
        int bound = Sampler.GAUSSIAN_BOUND;
        double[] p = new double[2 * bound + 1];
        double total = 0;
        for (int x = -bound; x <= bound; x++) {
            p[x + bound] = Math.exp(-(double) x * x / (2 * Sampler.SIGMA * Sampler.SIGMA));
            total += p[x + bound];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= total;
        }
        return p;
    }

    @Test
    void gaussianMomentsBoundsAndSymmetry() {
        assertEquals(19, Sampler.GAUSSIAN_BOUND);
        assertEquals(3.2, Sampler.SIGMA);
        Prng p = prng(3);
        int bound = Sampler.GAUSSIAN_BOUND;
        long[] counts = new long[2 * bound + 1];
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < SAMPLES; i++) {
            int x = Sampler.gaussian(p);
            assertTrue(Math.abs(x) <= bound, "sample " + x + " beyond the bound");
            counts[x + bound]++;
            sum += x;
            sumSq += (double) x * x;
        }
        double sigma2 = Sampler.SIGMA * Sampler.SIGMA;
        double mean = sum / SAMPLES;
        // standard error of the mean: sigma / sqrt(n)
        assertEquals(0.0, mean, 6 * Sampler.SIGMA / Math.sqrt(SAMPLES), "mean");
        double variance = sumSq / SAMPLES - mean * mean;
        // standard error of the sample variance for a Gaussian: sigma^2 * sqrt(2 / n)
        assertEquals(sigma2, variance, 6 * sigma2 * Math.sqrt(2.0 / SAMPLES), "variance");
        // symmetry: count(x) and count(-x) agree within 6 sd of their difference
        for (int x = 1; x <= 12; x++) {
            long a = counts[bound + x];
            long b = counts[bound - x];
            assertTrue(Math.abs(a - b) <= 6 * Math.sqrt(a + b) + 1, "asymmetric at " + x + ": " + a + " vs " + b);
        }
        // every value's frequency matches the discrete Gaussian
        double[] pmf = pmf();
        for (int i = 0; i < pmf.length; i++) {
            double expected = SAMPLES * pmf[i];
            double sd = Math.sqrt(SAMPLES * pmf[i] * (1 - pmf[i]));
            assertEquals(expected, counts[i], 6 * sd + 1, "frequency of " + (i - bound));
        }
    }

    @Test
    void gaussianPolyIsDeterministicAndBounded() {
        byte[] a = Sampler.gaussianPoly(prng(4), 1 << 15);
        byte[] b = Sampler.gaussianPoly(prng(4), 1 << 15);
        assertArrayEquals(a, b);
        byte[] c = Sampler.gaussianPoly(prng(5), 1 << 15);
        assertTrue(!java.util.Arrays.equals(a, c), "another seed, another polynomial");
        for (byte v : a) {
            assertTrue(Math.abs(v) <= Sampler.GAUSSIAN_BOUND);
        }
    }
}

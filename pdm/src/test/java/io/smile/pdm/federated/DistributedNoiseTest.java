package io.smile.pdm.federated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.federation.PlainSums;
import io.smile.federation.dp.DistributedGaussian;
import io.smile.pdm.training.PdmTraining;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DistributedNoiseTest {
    static List<SiteData> sites(int k) throws Exception {
        PdmTraining.Split split = PdmTraining.split(PdmTraining.load(null, 3000, 11), 11, 0.8);
        return FederatedPdmTraining.sites(split.train(), FederatedPdmTraining.SplitMode.RANDOM, k, 11);
    }

    /** Sample variance of (noisy − exact) over {@code calls} contributions of {@code round}, first {@code used} entries. */
    static double[] noiseMoments(FederatedPdmJob noisy, FederatedPdmJob exact, int round, long[] prev, int used, int calls) {
        long[] base = exact.contribution(round, prev);
        double s = 0;
        double s2 = 0;
        long n = 0;
        for (int c = 0; c < calls; c++) {
            long[] x = noisy.contribution(round, prev);
            for (int i = 0; i < used; i++) {
                double d = x[i] - base[i];
                s += d;
                s2 += d * d;
                n++;
            }
            for (int i = used; i < x.length; i++) {
                assertEquals(base[i], x[i], "padding must stay noise-free");
            }
        }
        double mean = s / n;
        return new double[] {mean, s2 / n - mean * mean, n};
    }

    @Test
    void eachSiteAddsNoiseOfTheExpectedVarianceToEveryReleasedEntry() throws Exception {
        List<SiteData> s = sites(5);
        PdmConfig cfg = PdmConfig.defaults(5).withRounds(20).withEpsilon(1);
        FederatedPdmJob noisy = new FederatedPdmJob(cfg, s.get(0), new Random(1));
        FederatedPdmJob exact = new FederatedPdmJob(cfg.withEpsilon(0), s.get(0), null);
        DistributedGaussian[] g = noisy.noise();
        // round 0 (standardization): 2·7 + 2 entries
        double[] m0 = noiseMoments(noisy, exact, 0, null, 16, 500);
        check(m0, g[0].shareSigma());
        // round 1 (gradients): feed both the same released standardization sum
        long[] sum0 = new long[noisy.width()];
        for (FederatedPdmJob j : FederatedPdmTraining.jobs(cfg.withEpsilon(0), s, 1)) {
            long[] c = j.contribution(0, null);
            for (int i = 0; i < c.length; i++) {
                sum0[i] += c[i];
            }
        }
        noisy.finished(0, sum0);
        exact.finished(0, sum0);
        double[] m1 = noiseMoments(noisy, exact, 1, sum0, 36 + 2, 200);
        check(m1, g[1].shareSigma());
        // the released sum of 5 shares has variance σ² (= 5 share variances)
        assertEquals(g[1].sigma() * g[1].sigma(), 5 * g[1].shareSigma() * g[1].shareSigma(), 1e-6 * g[1].sigma() * g[1].sigma());
    }

    static void check(double[] m, double shareSigma) {
        double var = shareSigma * shareSigma;
        double n = m[2];
        // sample variance: relative standard error sqrt(2/n); 5 standard errors
        double tol = 5 * Math.sqrt(2 / n);
        assertTrue(Math.abs(m[1] / var - 1) < tol, String.format("variance %.4g vs expected %.4g (n=%.0f)", m[1], var, n));
        assertTrue(Math.abs(m[0]) < 5 * shareSigma / Math.sqrt(n), "mean " + m[0]);
    }

    @Test
    void theReportedEpsilonIsTheAccountantsOverEveryRelease() throws Exception {
        List<SiteData> s = sites(3);
        for (double eps : new double[] {8, 1}) {
            PdmConfig cfg = new PdmConfig(3, 12, 0.1, 1e-5, 100, 0, eps, 1e-6);
            List<FederatedPdmJob> jobs = FederatedPdmTraining.jobs(cfg, s, 3);
            FederatedPdmJob pub = new FederatedPdmJob(cfg, null, null);
            List<long[]> sums = PlainSums.run(jobs, pub, 100);
            assertEquals(12 + 2, sums.size());
            DistributedGaussian[] g = pub.noise();
            double[] d = pub.sensitivities();
            double rho = DistributedGaussian.rhoPerRelease(d[0], g[0].sigma())
                    + 12 * DistributedGaussian.rhoPerRelease(d[1], g[1].sigma())
                    + DistributedGaussian.rhoPerRelease(d[2], g[2].sigma());
            assertEquals(DistributedGaussian.epsilon(rho, 1e-6), pub.epsilonSpent(), 1e-9);
            // with every planned round released, the whole budget is spent
            assertEquals(eps, pub.epsilonSpent(), 1e-6 * eps);
            assertEquals(pub.epsilonSpent(), jobs.get(0).epsilonSpent(), 1e-12);
            // gradient sensitivity: C·S + √d + √2·K
            assertEquals(100 * pub.gradientScale() + 6 + Math.sqrt(2) * pub.countScale(), d[1], 1e-9);
        }
    }

    @Test
    void withoutDpNothingIsAddedAndNoEpsilonIsSpent() throws Exception {
        List<SiteData> s = sites(3);
        PdmConfig cfg = PdmConfig.defaults(3).withRounds(3);
        FederatedPdmJob pub = new FederatedPdmJob(cfg, null, null);
        PlainSums.run(FederatedPdmTraining.jobs(cfg, s, 3), pub, 10);
        assertEquals(0, pub.epsilonSpent());
        assertEquals(null, pub.noise());
    }
}

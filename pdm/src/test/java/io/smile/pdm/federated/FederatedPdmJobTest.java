package io.smile.pdm.federated;

import io.smile.testkit.Datasets;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import io.smile.data.ai4i.Ai4iRecord;
import io.smile.federation.PlainSums;
import io.smile.pdm.model.FeatureEncoding;
import io.smile.pdm.model.Metrics;
import io.smile.pdm.model.ModelFile;
import io.smile.pdm.model.QuadraticModel;
import io.smile.pdm.model.QuadraticTrainer;
import io.smile.pdm.training.PdmTraining;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FederatedPdmJobTest {
    static List<Ai4iRecord> rows(int n) throws Exception {
        return PdmTraining.load(null, n, 7);
    }

    /** A plain pooled implementation of the same optimizer: clipped class-weighted gradients, Adam, L2. */
    static double[] referenceTheta(List<double[]> z, boolean[] y, double wPos, PdmConfig cfg, int steps) {
        int dims = QuadraticTrainer.monomials(z.get(0)).length;
        double[] theta = new double[dims];
        double[] m = new double[dims];
        double[] v = new double[dims];
        double[] g = new double[dims];
        int pos = 0;
        for (boolean b : y) {
            pos += b ? 1 : 0;
        }
        double norm = (y.length - pos) + pos * wPos;
        for (int t = 1; t <= steps; t++) {
            double[] sum = new double[dims];
            for (int r = 0; r < z.size(); r++) {
                FederatedPdmJob.rowGradient(theta, z.get(r), y[r], wPos, cfg.clip(), g);
                for (int d = 0; d < dims; d++) {
                    sum[d] += g[d];
                }
            }
            for (int d = 0; d < dims; d++) {
                double gd = sum[d] / norm + (d == dims - 1 ? 0 : cfg.l2() * theta[d]);
                m[d] = 0.9 * m[d] + 0.1 * gd;
                v[d] = 0.999 * v[d] + 0.001 * gd * gd;
                double mh = m[d] / (1 - Math.pow(0.9, t));
                double vh = v[d] / (1 - Math.pow(0.999, t));
                theta[d] -= cfg.learningRate() * mh / (Math.sqrt(vh) + 1e-8);
            }
        }
        return theta;
    }

    @Test
    void onPlaintextSumsTheJobFollowsPooledGradientDescent() throws Exception {
        PdmTraining.Split split = PdmTraining.split(rows(4000), 7, 0.8);
        List<SiteData> sites = FederatedPdmTraining.sites(split.train(), FederatedPdmTraining.SplitMode.RANDOM, 3, 7);
        PdmConfig cfg = PdmConfig.defaults(3).withRounds(40);
        List<FederatedPdmJob> jobs = FederatedPdmTraining.jobs(cfg, sites, 1);
        FederatedPdmJob pub = new FederatedPdmJob(cfg, null, null);
        List<long[]> sums = PlainSums.run(jobs, pub, 100);
        assertEquals(pub.gradientRounds() + 2, sums.size());
        SiteData all = SiteData.of("all", split.train());

        // standardization from the secure sums equals the pooled statistics (up to the 1/64 quantization)
        FeatureEncoding enc = pub.encoding();
        for (int i = 0; i < enc.features().size(); i++) {
            // pooled statistics of the values clamped to the profile's center ± 4 spreads, as the job clamps them
            FeatureEncoding.Feature p = io.smile.pdm.model.Ai4iFeatures.ENCODING.features().get(i);
            double mean = 0;
            double sq = 0;
            for (double[] r : all.raw()) {
                double x = p.center() + p.scale() * Math.max(-4, Math.min(4, (r[i] - p.center()) / p.scale()));
                mean += x;
                sq += x * x;
            }
            mean /= all.rows();
            double sd = Math.sqrt(sq / all.rows() - mean * mean);
            assertEquals(mean, enc.features().get(i).center(), 0.02 * sd, "mean of feature " + i);
            assertEquals(sd, enc.features().get(i).scale(), 0.02 * sd, "sd of feature " + i);
        }
        assertEquals((double) (all.rows() - all.positives()) / all.positives(), pub.positiveWeight(), 1e-9);

        // the same model as pooled gradient descent on the same standardization
        List<double[]> z = new ArrayList<>();
        for (double[] r : all.raw()) {
            z.add(enc.standardize(r));
        }
        double[] ref = referenceTheta(z, all.labels(), pub.positiveWeight(), cfg, pub.gradientRounds());
        double[] theta = pub.theta();
        double maxAbs = 0;
        for (double t : ref) {
            maxAbs = Math.max(maxAbs, Math.abs(t));
        }
        for (int d = 0; d < ref.length; d++) {
            assertEquals(ref[d], theta[d], 1e-3 * maxAbs, "theta[" + d + "]");
        }
        // and every site's instance holds exactly the coordinator's model
        for (FederatedPdmJob j : jobs) {
            assertArrayEquals(theta, j.theta());
            assertEquals(pub.threshold(), j.threshold());
        }
        // decisions on the test split agree with the reference model at the same threshold
        QuadraticModel refModel = QuadraticTrainer.model(ref, enc.width()).shifted(pub.threshold());
        SiteData test = SiteData.of("test", split.test());
        int differ = 0;
        for (double[] r : test.raw()) {
            double[] zz = enc.standardize(r);
            differ += (refModel.score(zz) > 0) != (pub.model().score(zz) > 0) ? 1 : 0;
        }
        assertTrue(differ <= test.rows() / 200, differ + " decisions differ");
    }


    void closeToCentral(List<Ai4iRecord> data, String source) {
        PdmTraining.Split split = PdmTraining.split(data, 42, 0.8);
        SiteData all = SiteData.of("all", split.train());
        SiteData test = SiteData.of("test", split.test());
        Metrics.Quality central = FederatedPdmTraining.evaluate(FederatedPdmTraining.central(all.raw(), all.labels()),
                io.smile.pdm.model.Ai4iFeatures.ENCODING, test);
        for (FederatedPdmTraining.SplitMode mode : FederatedPdmTraining.SplitMode.values()) {
            List<SiteData> sites = FederatedPdmTraining.sites(split.train(), mode, 5, 42);
            FederatedPdmJob job = FederatedPdmTraining.plain(PdmConfig.defaults(sites.size()), sites, 1).job();
            Metrics.Quality fed = FederatedPdmTraining.evaluate(job.model(), job.encoding(), test);
            System.out.printf("%s, %s split: central F1 %.3f AUC %.3f, federated F1 %.3f AUC %.3f (%d rounds)%n", source,
                    mode, central.f1(), central.rocAuc(), fed.f1(), fed.rocAuc(), job.gradientRounds());
            assertTrue(fed.f1() > central.f1() - 0.06, mode + ": federated F1 " + fed.f1() + " vs central " + central.f1());
            assertTrue(fed.rocAuc() > central.rocAuc() - 0.03, mode + ": federated AUC " + fed.rocAuc());
        }
    }

    @Test
    void federatedWithoutNoiseComesCloseToCentralTrainingOnGeneratedData() throws Exception {
        closeToCentral(PdmTraining.load(null, 10000, 42), "generated");
    }

    @Test
    void federatedWithoutNoiseComesCloseToCentralTrainingOnTheAi4iFile() throws Exception {
        closeToCentral(PdmTraining.load(ai4iCsv(), 0, 42), "AI4I 2020");
    }

    /** The data set; skips the test when absent (fails in CI), see {@link Datasets}. */
    static Path ai4iCsv() {
        return Datasets.ai4iCsv();
    }

    @Test
    void sitesPartitionTheTrainingSplit() throws Exception {
        PdmTraining.Split split = PdmTraining.split(rows(3000), 3, 0.8);
        List<SiteData> product = FederatedPdmTraining.sites(split.train(), FederatedPdmTraining.SplitMode.PRODUCT, 5, 3);
        assertEquals(List.of("type-L", "type-M", "type-H"), product.stream().map(SiteData::name).toList());
        assertEquals(split.train().size(), product.stream().mapToInt(SiteData::rows).sum());
        List<SiteData> random = FederatedPdmTraining.sites(split.train(), FederatedPdmTraining.SplitMode.RANDOM, 4, 3);
        assertEquals(4, random.size());
        assertEquals(split.train().size(), random.stream().mapToInt(SiteData::rows).sum());
    }

    @Test
    void theFederatedModelIsWrittenAsAModelFileTheCloudLoads(@TempDir Path dir) throws Exception {
        PdmTraining.Split split = PdmTraining.split(rows(3000), 5, 0.8);
        List<SiteData> sites = FederatedPdmTraining.sites(split.train(), FederatedPdmTraining.SplitMode.RANDOM, 3, 5);
        FederatedPdmJob job = FederatedPdmTraining.plain(PdmConfig.defaults(3).withRounds(30), sites, 1).job();
        Path out = dir.resolve("m.json");
        ModelFile.of("pdm-federated", 1, FederatedPdmTraining.quantize(job), Map.of("test_f1", 0.5)).write(out);
        var loaded = ModelFile.read(out).toModel();
        assertEquals(job.encoding(), loaded.encoding());
    }
}

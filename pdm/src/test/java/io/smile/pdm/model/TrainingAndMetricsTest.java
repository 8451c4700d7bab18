package io.smile.pdm.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainingAndMetricsTest {
    /** A weight vector over monomials() and the model built from it score every input alike. */
    @Test
    void aModelFromMonomialWeightsScoresAsTheirDotProduct() {
        Random rnd = new Random(3);
        int k = 5;
        double[] theta = new double[k * (k + 1) / 2];
        for (int d = 0; d < theta.length; d++) {
            theta[d] = rnd.nextGaussian();
        }
        QuadraticModel model = QuadraticTrainer.model(theta, k);
        for (int r = 0; r < 50; r++) {
            double[] z = new double[k];
            for (int i = 0; i < k - 1; i++) {
                z[i] = rnd.nextGaussian();
            }
            z[k - 1] = 1;
            double[] phi = QuadraticTrainer.monomials(z);
            double dot = 0;
            for (int d = 0; d < phi.length; d++) {
                dot += theta[d] * phi[d];
            }
            assertEquals(dot, model.score(z), 1e-9);
        }
        assertThrows(IllegalArgumentException.class, () -> QuadraticTrainer.model(new double[14], k));
    }

    @Test
    void metricsMatchHandCountedExamples() {
        double[] s = {0.9, 0.8, -0.1, -0.5, 0.3, -0.7};
        boolean[] y = {true, false, true, false, true, false};
        Metrics.Quality q = Metrics.evaluate(s, y);
        assertEquals(2, q.truePositives());
        assertEquals(1, q.falsePositives());
        assertEquals(1, q.falseNegatives());
        assertEquals(2, q.trueNegatives());
        assertEquals(2.0 / 3, q.precision(), 1e-12);
        assertEquals(2.0 / 3, q.recall(), 1e-12);
        // positives 0.9, -0.1, 0.3 vs negatives 0.8, -0.5, -0.7: 7 of 9 pairs ordered correctly
        assertEquals(7.0 / 9, q.rocAuc(), 1e-12);
        assertEquals(0.5, Metrics.rocAuc(new double[] {1, 1}, new boolean[] {true, false}), 1e-12);
        assertTrue(Double.isNaN(Metrics.rocAuc(new double[] {1}, new boolean[] {true})));
    }

    @Test
    void learnsAQuadraticRuleThatNoLinearModelCouldSeparate() {
        // label = outside the ring |z| > 1.3 (an "outside the safe operating band" rule, like PWF)
        Random r = new Random(7);
        List<double[]> z = new ArrayList<>();
        boolean[] y = new boolean[3000];
        for (int i = 0; i < y.length; i++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            z.add(new double[] {a, b, 1});
            y[i] = a * a + b * b > 1.69 * 2;
        }
        QuadraticModel m = new QuadraticTrainer().epochs(400).train(z, y);
        double[] scores = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            scores[i] = m.score(z.get(i));
        }
        Metrics.Quality q = Metrics.evaluate(scores, y);
        assertTrue(q.f1() > 0.9, q.toString());
        assertTrue(q.rocAuc() > 0.98, q.toString());
    }

    @Test
    void quantizationKeepsDecisionsAndNeverWraps() {
        Random r = new Random(8);
        List<double[]> raws = new ArrayList<>();
        List<double[]> zs = new ArrayList<>();
        boolean[] y = new boolean[2000];
        for (int i = 0; i < y.length; i++) {
            double rpm = 1540 + 180 * r.nextGaussian();
            double torque = Math.max(3, 40 + 10 * r.nextGaussian());
            double[] raw = Ai4iFeatures.raw(300, 310 + r.nextGaussian(), rpm, torque, r.nextInt(250), "LMH".charAt(r.nextInt(3)));
            raws.add(raw);
            zs.add(Ai4iFeatures.ENCODING.standardize(raw));
            double power = raw[4];
            y[i] = power < 4500 || power > 8500;
        }
        QuadraticModel m = new QuadraticTrainer().epochs(300).train(zs, y);
        QuantizedModel qm = QuantizedModel.quantize(m, Ai4iFeatures.ENCODING, PdmParameters.PLAIN_MODULUS);
        assertTrue(qm.maxAbsScore() < PdmParameters.PLAIN_MODULUS / 2);
        int agree = 0;
        for (int i = 0; i < y.length; i++) {
            long s = qm.score(Ai4iFeatures.ENCODING.quantize(raws.get(i)));
            agree += (s > 0) == (m.score(zs.get(i)) > 0) ? 1 : 0;
        }
        assertTrue(agree > 0.97 * y.length, "quantized decisions agree on " + agree + " of " + y.length);
        assertThrows(IllegalArgumentException.class, () -> QuantizedModel.quantize(m, Ai4iFeatures.ENCODING, 257));
    }

    @Test
    void encodingClipsAndAppendsTheConstantSlot() {
        FeatureEncoding e = Ai4iFeatures.ENCODING;
        assertEquals(8, e.width());
        assertEquals(8, e.blockSize());
        long[] x = e.quantize(Ai4iFeatures.raw(300, 330, 5000, 0, 0, 'H'));
        assertEquals(e.clip(), x[0]); // 30 K difference: far above the clip
        assertEquals(e.resolution(), x[7]);
        assertThrows(IllegalArgumentException.class, () -> Ai4iFeatures.raw(300, 310, 1500, 40, 0, 'X'));
    }
}

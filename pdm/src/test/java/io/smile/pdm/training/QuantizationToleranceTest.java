package io.smile.pdm.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.pdm.model.DecisionBlinding;
import io.smile.pdm.model.FeatureEncoding;
import io.smile.pdm.model.PdmParameters;
import io.smile.pdm.model.QuadraticModel;
import io.smile.pdm.model.QuadraticTrainer;
import io.smile.pdm.model.QuantizedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The quantization scale is chosen per model from its weights within the decision blinding's
 * score bound, and training refuses a quantized model that falls outside the stated tolerance.
 *
 * <p>The data: two features, failure when x0² + x1 &gt; 1.5 (a quadratic boundary the model can
 * learn), 600 rows.
 */
class QuantizationToleranceTest {
    private static final long T = PdmParameters.PLAIN_MODULUS;

    private static FeatureEncoding encoding(int resolution, int clip) {
        return new FeatureEncoding(List.of(new FeatureEncoding.Feature("a", 0, 1), new FeatureEncoding.Feature("b", 0, 1)),
                resolution, clip);
    }

    private record Data(List<double[]> raw, boolean[] y) {
    }

    private static Data data(long seed, int n) {
        Random r = new Random(seed);
        List<double[]> raw = new ArrayList<>();
        boolean[] y = new boolean[n];
        for (int i = 0; i < n; i++) {
            double a = r.nextGaussian();
            double b = r.nextGaussian();
            raw.add(new double[] {a, b});
            y[i] = a * a + b > 1.5;
        }
        return new Data(raw, y);
    }

    private static QuadraticModel train(FeatureEncoding enc, Data d) {
        List<double[]> z = new ArrayList<>();
        d.raw().forEach(x -> z.add(enc.standardize(x)));
        return new QuadraticTrainer().epochs(400).train(z, d.y());
    }

    @Test
    void theScaleFollowsTheModelAndTheWorstCaseScoreStaysWithinTheBlindingBound() {
        FeatureEncoding enc = encoding(4, 15);
        QuadraticModel m = train(enc, data(1, 600));
        double k = QuantizedModel.scale(m, enc, T);
        QuantizedModel q = QuantizedModel.quantize(m, enc, T);
        assertTrue(q.maxAbsScore() <= DecisionBlinding.maxScoreBound(T), q.maxAbsScore() + " within the bound");
        // as fine as the bound allows: the worst case uses nearly all of it (only the rounding slack is kept free)
        assertTrue(q.maxAbsScore() > 0.99 * DecisionBlinding.maxScoreBound(T), "bound nearly used: " + q.maxAbsScore());
        // the same model with every weight doubled gets half the scale, and the same integer weights
        QuadraticModel doubled = scaled(m, 2);
        assertEquals(k / 2, QuantizedModel.scale(doubled, enc, T), k * 1e-12);
        QuantizedModel q2 = QuantizedModel.quantize(doubled, enc, T);
        for (int i = 0; i < enc.width(); i++) {
            for (int j = i; j < enc.width(); j++) {
                assertEquals(q.weight(i, j), q2.weight(i, j), 1, i + "," + j);
            }
        }
        // a wider clip (larger inputs) leaves less room per weight: a smaller scale
        assertTrue(QuantizedModel.scale(m, encoding(4, 60), T) < k / 10);
        // t too small for any scale
        assertThrows(IllegalArgumentException.class, () -> QuantizedModel.quantize(m, enc, 257));
    }

    private static QuadraticModel scaled(QuadraticModel m, double f) {
        int k = m.width();
        double[][] w = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                w[i][j] = m.weight(i, j) * f;
            }
        }
        return new QuadraticModel(w);
    }

    @Test
    void aModelThatQuantizesWellIsAcceptedWithinTheDefaultTolerance() {
        // a fine input grid (1/8 of a spread): the noise-free boundary is not blurred by the input quantization
        FeatureEncoding enc = encoding(8, 31);
        Data train = data(1, 600);
        Data test = data(2, 300);
        PdmTraining.Report r = new PdmTraining(1, 0.8, m -> { }).fit(enc, train.raw(), train.y(), test.raw(), test.y(), "synthetic");
        assertTrue(r.floatModel().f1() - r.quantized().f1() <= PdmTraining.Tolerance.DEFAULT.f1(), r.quantized().toString());
        assertEquals(0, r.encryptedMismatches());
    }

    @Test
    void aModelForcedToCoarseWeightsIsRefusedWithTheNumbers() {
        // slots up to 300 and a constant of 256: the rounding slack alone takes 93 % of the score bound,
        // (3·300² + 2·300·256 + 256²) / 2 = 244,568 of 262,142, leaving a fraction of a unit per weight
        FeatureEncoding enc = encoding(256, 300);
        Data train = data(1, 600);
        Data test = data(2, 300);
        List<String> log = new ArrayList<>();
        PdmTraining.ToleranceException e = assertThrows(PdmTraining.ToleranceException.class,
                () -> new PdmTraining(1, 0.8, log::add).fit(enc, train.raw(), train.y(), test.raw(), test.y(), "synthetic"));
        assertTrue(e.getMessage().startsWith("the quantized model is outside the tolerance: F1 "), e.getMessage());
        assertTrue(e.getMessage().contains("allowed 0.100"), e.getMessage());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("float F1 ") && l.contains("| quantized F1 ")), log.toString());
    }
}

package io.smile.compare.he;

import io.smile.compare.Task;
import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import io.smile.pdm.model.DecisionBlinding;
import io.smile.pdm.model.EncryptedScorer;
import io.smile.pdm.model.Metrics;
import io.smile.pdm.model.PdmParameters;
import io.smile.pdm.model.QuadraticModel;
import io.smile.pdm.model.QuantizedModel;
import io.smile.pdm.model.SlotLayout;
import java.util.List;

/**
 * HE as the product runs it: the float model quantized for BGV, the quantized model's quality on
 * the whole test side, and the cloud's decision-only scoring measured on {@code ciphertexts}
 * ciphertexts of packed test windows (their decisions must equal the quantized model's).
 */
public final class HeApproach {
    /** What was measured. */
    public record Measurement(Metrics.Quality quantized, int scoredWindows, int mismatches, int windowsPerCiphertext,
                              double cloudMsPerCiphertext, int ciphertextBytes, int resultBytes, int evaluationKeyBytes) {
        public double cloudMsPerPrediction() {
            return cloudMsPerCiphertext / windowsPerCiphertext;
        }
    }

    private HeApproach() {
    }

    public static QuantizedModel quantize(QuadraticModel floatModel, Task task) {
        return QuantizedModel.quantize(floatModel, task.encoding(), PdmParameters.PLAIN_MODULUS);
    }

    public static Measurement measure(QuantizedModel model, Task.Rows test, int ciphertexts) {
        double[] scores = new double[test.size()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = model.score(test.quantized().get(i));
        }
        Metrics.Quality q = Metrics.evaluate(scores, test.labels());
        try (HeSession session = HeBackend.byName("bgv-java").open(PdmParameters.spec());
             HeKeyOwner gateway = session.generateKeys(SlotLayout.rotationSteps(model.encoding().blockSize()))) {
            byte[] evalKeys = gateway.exportEvaluationKeys();
            HeEvaluator cloud = session.evaluator(gateway.exportPublicKey(), evalKeys);
            EncryptedScorer scorer = new EncryptedScorer(model, cloud);
            SlotLayout layout = scorer.layout();
            int perCt = layout.windowsPerCiphertext();
            int mismatches = 0;
            int scored = 0;
            long cloudNanos = 0;
            int ctBytes = 0;
            int resBytes = 0;
            for (int c = 0; c < ciphertexts; c++) {
                int from = (c * perCt) % test.size();
                int count = Math.min(perCt, test.size() - from);
                List<long[]> xs = test.quantized().subList(from, from + count);
                HeCiphertext x = gateway.encrypt(layout.pack(xs));
                ctBytes = x.serialize().length;
                long t0 = System.nanoTime();
                HeCiphertext result = scorer.score(x, count);
                cloudNanos += System.nanoTime() - t0;
                resBytes = result.serialize().length;
                long[] dec = gateway.decryptChecked(result);
                for (int w = 0; w < count; w++) {
                    if (DecisionBlinding.alert(layout.scoreOf(dec, w)) != (model.score(xs.get(w)) > 0)) {
                        mismatches++;
                    }
                }
                scored += count;
            }
            return new Measurement(q, scored, mismatches, perCt, cloudNanos / 1e6 / ciphertexts, ctBytes, resBytes,
                    evalKeys.length);
        }
    }
}

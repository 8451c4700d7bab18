package io.smile.pdm.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import io.smile.pdm.model.EncryptedScorer;
import io.smile.pdm.model.FeatureEncoding;
import io.smile.pdm.model.PdmParameters;
import io.smile.pdm.model.QuadraticModel;
import io.smile.pdm.model.QuantizedModel;
import io.smile.pdm.model.SlotLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not part of the suite: what a machine type's feature count costs — the gateway's
 * registration (public key + evaluation keys: relinearization and one Galois key per rotation the
 * block needs), the cloud's decision-only scoring of one full ciphertext, and the quantization
 * scale left per weight. Random float models quantized within the blinding bound; median of 3 runs
 * after 1 warm-up. Run:
 * {@code mvn -B -o -pl pdm -am verify -Dtest=FeatureCountBench -Dsmile.bench=true -Dsurefire.failIfNoSpecifiedTests=false}
 */
class FeatureCountBench {
    @Test
    void registrationSizeAndCloudTimeVersusFeatureCount() {
        assumeTrue(Boolean.getBoolean("smile.bench"), "benchmark: -Dsmile.bench=true");
        System.out.println();
        System.out.println("| features | block (slots/window) | rotation keys | windows per ciphertext | registration (pk + eval keys) |"
                + " cloud ms per ciphertext (median) | quantization scale | max |weight| |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int features : new int[] {7, 8, 15, 20}) {
            run(features);
        }
    }

    private static void run(int features) {
        List<FeatureEncoding.Feature> fs = new ArrayList<>();
        for (int i = 0; i < features; i++) {
            fs.add(new FeatureEncoding.Feature("f" + i, 0, 1));
        }
        FeatureEncoding enc = new FeatureEncoding(fs, 4, 15);
        Random r = new Random(features);
        int k = enc.width();
        double[][] w = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                w[i][j] = r.nextGaussian();
            }
        }
        QuadraticModel floatModel = new QuadraticModel(w);
        double scale = QuantizedModel.scale(floatModel, enc, PdmParameters.PLAIN_MODULUS);
        QuantizedModel model = QuantizedModel.quantize(floatModel, enc, PdmParameters.PLAIN_MODULUS);
        int[] rotations = SlotLayout.rotationSteps(enc.blockSize());
        try (HeSession session = HeBackend.byName("bgv-java").open(PdmParameters.spec());
             HeKeyOwner gateway = session.generateKeys(rotations)) {
            long registration = (long) gateway.exportPublicKey().length + gateway.exportEvaluationKeys().length;
            HeEvaluator cloud = session.evaluator(gateway.exportPublicKey(), gateway.exportEvaluationKeys());
            EncryptedScorer scorer = new EncryptedScorer(model, cloud);
            SlotLayout layout = scorer.layout();
            List<long[]> xs = new ArrayList<>();
            for (int n = 0; n < layout.windowsPerCiphertext(); n++) {
                long[] x = new long[k];
                for (int i = 0; i < features; i++) {
                    x[i] = r.nextInt(31) - 15;
                }
                x[features] = 4;
                xs.add(x);
            }
            HeCiphertext ct = gateway.encrypt(layout.pack(xs));
            long[] millis = new long[3];
            HeCiphertext result = null;
            for (int i = -1; i < millis.length; i++) {
                long t0 = System.nanoTime();
                result = scorer.score(ct, xs.size());
                if (i >= 0) {
                    millis[i] = (System.nanoTime() - t0) / 1_000_000;
                }
            }
            long[] dec = gateway.decryptChecked(result);
            for (int n = 0; n < xs.size(); n++) {
                assertEquals(model.score(xs.get(n)) > 0, layout.scoreOf(dec, n) > 0, "window " + n);
            }
            Arrays.sort(millis);
            System.out.printf("| %d | %d | %d | %d | %.1f MB | %d | %.1f | %d |%n", features, enc.blockSize(), rotations.length,
                    layout.windowsPerCiphertext(), registration / 1e6, millis[1], scale, model.maxAbsWeight());
        }
    }
}

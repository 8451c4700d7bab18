package io.smile.he.helib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import io.smile.pdm.model.Ai4iFeatures;
import io.smile.pdm.model.DecisionBlinding;
import io.smile.pdm.model.EncryptedScorer;
import io.smile.pdm.model.FeatureEncoding;
import io.smile.pdm.model.PdmParameters;
import io.smile.pdm.model.QuantizedModel;
import io.smile.pdm.model.SlotLayout;
import io.smile.pdm.model.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The product's own circuit on HElib at the product's parameters: the PdM job's N = 16384,
 * 40-bit t, the gateway's Galois keys (rotations 1 .. B-1), the cloud's {@link EncryptedScorer}
 * with decision-only output (diagonal products, block sums, blinding, masking, flooding and the
 * switch to the lowest level) — every window's decrypted decision equal to the plaintext quantized
 * model's, on random windows and on the clip extremes. What the edge and the cloud run with
 * {@code backend: helib}, without the transport (the same circuit as {@code bgv-java}'s
 * EncryptedScorerTest).
 */
class HelibPdmScoringTest {
    private static final FeatureEncoding ENC = Ai4iFeatures.ENCODING;

    @Test
    void decisionOnlyScoringOnHelibEqualsThePlaintextQuantizedModel() {
        try (HeSession session = HeBackend.byName("helib").open(PdmParameters.spec().withThreads(2))) {
            SlotLayout layout = SlotLayout.of(ENC, session.slotCount());
            try (HeKeyOwner edge = session.generateKeys(layout.rotationSteps())) {
                HeEvaluator cloud = session.evaluator(edge.exportPublicKey(), edge.exportEvaluationKeys());
                QuantizedModel model = TestModels.random(11);
                EncryptedScorer scorer = new EncryptedScorer(model, cloud);
                Random r = new Random(3);
                for (boolean extreme : new boolean[] {false, true}) {
                    int windows = extreme ? 64 : 1 + r.nextInt(200);
                    List<long[]> xs = new ArrayList<>();
                    for (int w = 0; w < windows; w++) {
                        long[] x = new long[ENC.width()];
                        for (int i = 0; i < x.length - 1; i++) {
                            x[i] = extreme ? (r.nextBoolean() ? ENC.clip() : -ENC.clip()) : r.nextInt(2 * ENC.clip() + 1) - ENC.clip();
                        }
                        x[x.length - 1] = ENC.resolution();
                        xs.add(x);
                    }
                    // as the cloud holds it: read from the gateway's bytes
                    HeCiphertext in = session.readCiphertext(edge.encrypt(layout.pack(xs)).serialize());
                    HeCiphertext out = session.readCiphertext(scorer.score(in, windows).serialize());
                    long[] dec = edge.decryptChecked(out);
                    for (int w = 0; w < windows; w++) {
                        long v = layout.scoreOf(dec, w);
                        assertNotEquals(0, v, "window " + w);
                        assertEquals(model.score(xs.get(w)) > 0, DecisionBlinding.alert(v), "window " + w + ": decision");
                    }
                }
            }
        }
    }
}

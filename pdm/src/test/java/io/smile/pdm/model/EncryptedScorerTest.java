package io.smile.pdm.model;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The encrypted pipeline equals the quantized plaintext model exactly, on random and extreme inputs. */
class EncryptedScorerTest {
    private static HeSession session;
    private static HeKeyOwner owner;
    private static HeEvaluator cloud;
    private static QuantizedModel model;
    private static final FeatureEncoding ENC = Ai4iFeatures.ENCODING;

    @BeforeAll
    static void setUp() {
        session = HeBackend.byName("bgv-java").open(PdmParameters.spec());
        owner = session.generateKeys(SlotLayout.rotationSteps(ENC.blockSize()));
        cloud = session.evaluator(owner.exportPublicKey(), owner.exportEvaluationKeys());
        model = TestModels.random(1);
    }

    @AfterAll
    static void tearDown() {
        owner.close();
        session.close();
    }

    private static long[] pack(List<long[]> windows) {
        return SlotLayout.of(ENC, session.slotCount()).pack(windows);
    }

    private static List<long[]> randomWindows(Random r, int count, boolean extreme) {
        List<long[]> out = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            long[] x = new long[ENC.width()];
            for (int i = 0; i < x.length - 1; i++) {
                x[i] = extreme ? (r.nextBoolean() ? ENC.clip() : -ENC.clip()) : r.nextInt(2 * ENC.clip() + 1) - ENC.clip();
            }
            x[x.length - 1] = ENC.resolution();
            out.add(x);
        }
        return out;
    }

    @Test
    void encryptedScoresEqualQuantizedScoresForEveryWindow() {
        EncryptedScorer scorer = new EncryptedScorer(model, cloud, ScoringPlan.forSession(session));
        Random r = new Random(2);
        for (boolean extreme : new boolean[] {false, true}) {
            int windows = extreme ? scorer.windowsPerCiphertext() : 1 + r.nextInt(300);
            List<long[]> xs = randomWindows(r, windows, extreme);
            HeCiphertext ct = owner.encrypt(pack(xs));
            HeCiphertext result = scorer.score(ct, windows);
            assertEquals(0, result.level());
            long[] dec = owner.decryptChecked(result);
            int nonZeroMask = 0;
            for (int w = 0; w < windows; w++) {
                assertEquals(model.score(xs.get(w)), SlotLayout.of(ENC, dec.length).scoreOf(dec, w), "window " + w);
                nonZeroMask += dec[w * ENC.blockSize() + 1] != 0 ? 1 : 0;
            }
            // every non-result slot is masked with a uniform value: almost never 0
            assertTrue(nonZeroMask >= windows - 2, "masked slots look unmasked");
        }
    }

    @Test
    void zeroInputScoresTheBiasAndAllZeroBlocksStayExact() {
        EncryptedScorer scorer = new EncryptedScorer(model, cloud, ScoringPlan.forSession(session));
        List<long[]> xs = new ArrayList<>();
        long[] x = new long[ENC.width()];
        x[x.length - 1] = ENC.resolution();
        xs.add(x);
        long[] dec = owner.decrypt(scorer.score(owner.encrypt(pack(xs)), 1));
        assertEquals(model.score(x), dec[0]);
    }

    @Test
    void noiseAtTheFloodingLevelStaysBelowTheDocumentedBound() {
        // replay the pipeline up to the flooding level and measure |noise/t| there
        ScoringPlan plan = ScoringPlan.forSession(session);
        Random r = new Random(3);
        List<long[]> xs = randomWindows(r, 2048, true);
        HeCiphertext x = owner.encrypt(pack(xs));
        List<HeCiphertext> left = new ArrayList<>();
        List<HeCiphertext> right = new ArrayList<>();
        for (int d = 0; d < ENC.blockSize(); d++) {
            long[] diag = model.diagonal(d);
            long[] vec = new long[session.slotCount()];
            for (int s = 0; s < vec.length; s++) {
                vec[s] = diag[s % ENC.blockSize()];
            }
            left.add(cloud.multiplyPlain(x, vec));
            right.add(d == 0 ? x : cloud.rotate(x, d));
        }
        HeCiphertext s = cloud.modSwitchTo(cloud.multiplySum(left, right), x.level() - plan.levelsAfterProduct());
        s = cloud.sumBlocks(s, 3);
        s = cloud.modSwitchTo(s, plan.floodLevel());
        // budget = log2(Q_l) - 2 - log2|v| and |v| ~ t * E  =>  log2 E = log2(Q_l) - 2 - budget - log2 t
        double logQ = 120; // two 60-bit primes at level 1
        double logE = logQ - 2 - owner.noiseBudget(s) - Math.log(session.plainModulus()) / Math.log(2);
        assertTrue(logE <= ScoringPlan.NOISE_BOUND_BITS - 1, "log2 E = " + logE);
    }

    @Test
    void refusesMismatchedModelsAndTooLowCiphertexts() {
        long[][] v = new long[ENC.width()][ENC.width()];
        v[0][0] = 1;
        QuantizedModel wrongT = new QuantizedModel(v, ENC, 65537);
        assertThrows(IllegalArgumentException.class, () -> new EncryptedScorer(wrongT, cloud, ScoringPlan.forSession(session)));
        EncryptedScorer scorer = new EncryptedScorer(model, cloud, ScoringPlan.forSession(session));
        HeCiphertext low = owner.encrypt(new long[] {1}, 1);
        assertThrows(IllegalArgumentException.class, () -> scorer.score(low, 1));
        assertThrows(IllegalArgumentException.class, () -> scorer.score(owner.encrypt(new long[] {1}), 0));
    }
}

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

/**
 * The encrypted pipeline equals the quantized plaintext model exactly, on random and extreme inputs:
 * its decision (decision-only output, the default) or its score (the raw-score option).
 */
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
        EncryptedScorer scorer = new EncryptedScorer(model, cloud, ScoringPlan.forSession(session), EncryptedScorer.Output.SCORE);
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
    void decisionOnlyOutputCarriesExactlyTheQuantizedDecisionAndNotTheScore() {
        EncryptedScorer scorer = new EncryptedScorer(model, cloud);
        assertEquals(EncryptedScorer.Output.DECISION, scorer.output());
        long bound = DecisionBlinding.of(model).multiplierBound() * (2 * model.maxAbsScore() + 2);
        Random r = new Random(5);
        for (boolean extreme : new boolean[] {false, true}) {
            int windows = extreme ? scorer.windowsPerCiphertext() : 1 + r.nextInt(300);
            List<long[]> xs = randomWindows(r, windows, extreme);
            long[] dec = owner.decryptChecked(scorer.score(owner.encrypt(pack(xs)), windows));
            int equalToScore = 0;
            int nonZeroMask = 0;
            for (int w = 0; w < windows; w++) {
                long s = model.score(xs.get(w));
                long v = SlotLayout.of(ENC, dec.length).scoreOf(dec, w);
                assertEquals(s > 0, DecisionBlinding.alert(v), "window " + w + ": decision");
                assertNotEquals(0, v, "window " + w);
                assertTrue(Math.abs(v) < bound, "window " + w + ": |v| = " + Math.abs(v) + " >= R(2D+2) = " + bound);
                equalToScore += v == s ? 1 : 0;
                nonZeroMask += dec[w * ENC.blockSize() + 1] != 0 ? 1 : 0;
            }
            // the score itself is not what the gateway sees (v = r(2s-1) + e', r uniform in [1, 2^20+])
            assertTrue(equalToScore <= 1, equalToScore + " windows decrypted to their raw score");
            assertTrue(nonZeroMask >= windows - 2, "masked slots look unmasked");
        }
    }

    @Test
    void decisionOnlyOutputIsExactAtTheEdgesZeroPlusMinusOneAndPlusMinusD() {
        // S(x) = K·x0·x7 + x1·x7, K as large as the blinding allows: D = 60K + 60, R at its minimum (~2^20)
        long k = (DecisionBlinding.maxScoreBound(PdmParameters.PLAIN_MODULUS) - 60) / 60;
        long[][] v = new long[ENC.width()][ENC.width()];
        v[0][7] = k;
        v[1][7] = 1;
        QuantizedModel edge = new QuantizedModel(v, ENC, PdmParameters.PLAIN_MODULUS);
        long d = edge.maxAbsScore();
        assertEquals(60 * k + 60, d);
        long multiplierBound = DecisionBlinding.of(edge).multiplierBound();
        assertTrue(multiplierBound >= 1L << DecisionBlinding.MIN_MULTIPLIER_BITS
                && multiplierBound < 1L << (DecisionBlinding.MIN_MULTIPLIER_BITS + 1), "R = " + multiplierBound);
        EncryptedScorer scorer = new EncryptedScorer(edge, cloud);
        List<long[]> xs = new ArrayList<>();
        long[][] cases = {{0, 0, 0}, {0, 1, 1}, {0, -1, 1}, {1, -1, 1}, {-1, 1, 1}, {1, -k + 1, 1},
                {15, 15, 4}, {-15, -15, 4}, {15, -15, 4}, {-15, 15, 4}, {0, 0, 4}};
        for (long[] c : cases) {
            long[] x = new long[ENC.width()];
            x[0] = c[0];
            x[1] = c[1];
            x[7] = c[2];
            xs.add(x);
        }
        java.util.Set<Long> scores = new java.util.HashSet<>();
        xs.forEach(x -> scores.add(edge.score(x)));
        assertTrue(scores.containsAll(List.of(0L, 1L, -1L, d, -d)), scores.toString());
        for (int rep = 0; rep < 20; rep++) {
            long[] dec = owner.decryptChecked(scorer.score(owner.encrypt(pack(xs)), xs.size()));
            for (int w = 0; w < xs.size(); w++) {
                long s = edge.score(xs.get(w));
                assertEquals(s > 0, DecisionBlinding.alert(SlotLayout.of(ENC, dec.length).scoreOf(dec, w)),
                        "score " + s + " (repetition " + rep + ")");
            }
        }
    }

    @Test
    void blindingRefusesModelsWhoseScoresWouldWrap() {
        long[][] v = new long[ENC.width()][ENC.width()];
        v[0][7] = DecisionBlinding.maxScoreBound(PdmParameters.PLAIN_MODULUS) / 60 + 1;
        QuantizedModel tooLarge = new QuantizedModel(v, ENC, PdmParameters.PLAIN_MODULUS);
        assertThrows(IllegalArgumentException.class, () -> new EncryptedScorer(tooLarge, cloud));
        // a model owner who shares raw scores only needs |S| < t/2
        assertEquals(EncryptedScorer.Output.SCORE, new EncryptedScorer(tooLarge, cloud, EncryptedScorer.Output.SCORE).output());
    }

    @Test
    void zeroInputScoresTheBiasAndAllZeroBlocksStayExact() {
        EncryptedScorer scorer = new EncryptedScorer(model, cloud, ScoringPlan.forSession(session), EncryptedScorer.Output.SCORE);
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
        // the decision blinding's plaintext product with the largest multipliers (2R in every slot)
        long[] twoR = new long[session.slotCount()];
        java.util.Arrays.fill(twoR, 2 * DecisionBlinding.of(model).multiplierBound());
        s = cloud.multiplyPlain(s, twoR);
        s = cloud.modSwitchTo(s, plan.floodLevel());
        // budget = log2(Q_l) - 2 - log2|v| and |v| ~ t * E  =>  log2 E = log2(Q_l) - 2 - budget - log2 t
        assertEquals(2, plan.floodLevel());
        double logQ = 180; // three 60-bit primes at level 2
        double logE = logQ - 2 - owner.noiseBudget(s) - Math.log(session.plainModulus()) / Math.log(2);
        System.out.printf("log2 E at the flooding level: %.1f (bound %d)%n", logE, ScoringPlan.NOISE_BOUND_BITS);
        assertTrue(logE <= ScoringPlan.NOISE_BOUND_BITS - 1, "log2 E = " + logE);
    }

    @Test
    void refusesMismatchedModelsAndTooLowCiphertexts() {
        long[][] v = new long[ENC.width()][ENC.width()];
        v[0][0] = 1;
        QuantizedModel wrongT = new QuantizedModel(v, ENC, 65537);
        assertThrows(IllegalArgumentException.class, () -> new EncryptedScorer(wrongT, cloud, ScoringPlan.forSession(session)));
        EncryptedScorer scorer = new EncryptedScorer(model, cloud, ScoringPlan.forSession(session));
        HeCiphertext low = owner.encrypt(new long[] {1}, ScoringPlan.forSession(session).minInputLevel() - 1);
        assertThrows(IllegalArgumentException.class, () -> scorer.score(low, 1));
        assertThrows(IllegalArgumentException.class, () -> scorer.score(owner.encrypt(new long[] {1}), 0));
    }
}

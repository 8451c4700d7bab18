package io.smile.pdm.model;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The adversary: a curious gateway that wants the model's weights (issue 10, finding 5). It plays
 * {@link ExtractionAttack} against the real {@link EncryptedScorer} with its own real keys.
 * <ul>
 *   <li>with raw scores (the model owner's option), 36 chosen windows in one batch give every
 *       weight exactly, and so do 100 ordinary windows: kept as a test of the attack;</li>
 *   <li>with decision-only output (the default), the best attack here (repeated-query magnitude
 *       estimation, then least squares) stays above {@link #DECISION_ONLY_ERROR} relative weight
 *       error at {@link #BUDGET} queries; with raw scores the same budget gives the exact weights,
 *       which is what this test would see without the blinding.</li>
 * </ul>
 * docs/pdm-model.md has the error-vs-queries table ({@code ModelExtractionBench}).
 */
class ModelExtractionTest {
    /** Windows the attacker may have scored: 72 windows sent 4 times each. */
    static final int WINDOWS = 72;
    static final int REPEATS = 4;
    static final int BUDGET = WINDOWS * REPEATS;
    /** The relative weight error (up to scale) decision-only output keeps at that budget. */
    static final double DECISION_ONLY_ERROR = 0.05;

    private static HeSession session;
    private static HeKeyOwner gateway;
    private static HeEvaluator evaluator;
    private static QuantizedModel model;

    @BeforeAll
    static void setUp() {
        session = HeBackend.byName("bgv-java").open(PdmParameters.spec());
        gateway = session.generateKeys(SlotLayout.rotationSteps(Ai4iFeatures.ENCODING.blockSize()));
        evaluator = session.evaluator(gateway.exportPublicKey(), gateway.exportEvaluationKeys());
        model = TestModels.random(21);
    }

    @AfterAll
    static void tearDown() {
        gateway.close();
        session.close();
    }

    @Test
    void rawScoresGiveAwayEveryWeightFrom36ChosenWindows() {
        ExtractionAttack attack = new ExtractionAttack(session, gateway, evaluator, model, EncryptedScorer.Output.SCORE);
        long[][] stolen = attack.solveChosen();
        assertEquals(ExtractionAttack.MONOMIALS, attack.queries());
        for (int i = 0; i < model.width(); i++) {
            for (int j = i; j < model.width(); j++) {
                assertEquals(model.weight(i, j), stolen[i][j], "weight " + i + "," + j);
            }
        }
    }

    @Test
    void rawScoresOfOrdinaryWindowsGiveAwayEveryWeightToo() {
        ExtractionAttack attack = new ExtractionAttack(session, gateway, evaluator, model, EncryptedScorer.Output.SCORE);
        double[] w = attack.estimateFromMagnitudes(ExtractionAttack.admissibleWindows(100, new Random(1)), 1);
        long[] truth = ExtractionAttack.weights(model);
        for (int k = 0; k < truth.length; k++) {
            assertEquals(truth[k], Math.round(w[k]), "monomial " + k);
        }
    }

    @Test
    void decisionOnlyOutputKeepsTheWeightsAboveTheStatedErrorAtTheStatedBudget() {
        ExtractionAttack attack = new ExtractionAttack(session, gateway, evaluator, model, EncryptedScorer.Output.DECISION);
        List<long[]> windows = ExtractionAttack.admissibleWindows(WINDOWS, new Random(2));
        double[] w = attack.estimateFromMagnitudes(windows, REPEATS);
        assertEquals(BUDGET, attack.queries());
        double error = ExtractionAttack.relativeError(w, ExtractionAttack.weights(model));
        assertTrue(error > DECISION_ONLY_ERROR, "decision-only output leaked the weights to within " + error);
        // and what the blinding costs the attacker: the same windows and budget with raw scores give them exactly
        ExtractionAttack raw = new ExtractionAttack(session, gateway, evaluator, model, EncryptedScorer.Output.SCORE);
        assertTrue(ExtractionAttack.relativeError(raw.estimateFromMagnitudes(windows, REPEATS), ExtractionAttack.weights(model)) < 1e-9);
    }
}

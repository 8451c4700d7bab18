package io.smile.pdm.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not part of the suite: the extraction error of {@link ExtractionAttack} against
 * decision-only output as a function of the queries (windows scored), printed as the Markdown
 * table of docs/pdm-model.md. Run:
 * {@code mvn -B -o -pl pdm -am verify -Dtest=ModelExtractionBench -Dsurefire.failIfNoSpecifiedTests=false}
 */
class ModelExtractionBench {
    @Test
    void errorAgainstQueries() {
        int windows = ModelExtractionTest.WINDOWS;
        QuantizedModel model = TestModels.random(21);
        List<long[]> fresh = ExtractionAttack.admissibleWindows(20_000, new Random(99));
        try (HeSession session = HeBackend.byName("bgv-java").open(PdmParameters.spec());
             HeKeyOwner gateway = session.generateKeys(SlotLayout.rotationSteps(Ai4iFeatures.ENCODING.blockSize()))) {
            HeEvaluator evaluator = session.evaluator(gateway.exportPublicKey(), gateway.exportEvaluationKeys());
            System.out.printf("%nmodel TestModels.random(21), %d admissible windows, R = %d%n%n", windows,
                    DecisionBlinding.of(model).multiplierBound());
            System.out.println("| output | repeats per window | queries (windows scored) | relative weight error (up to scale) | decisions differing on 20,000 fresh windows |");
            System.out.println("|---|---:|---:|---:|---:|");
            ExtractionAttack raw = new ExtractionAttack(session, gateway, evaluator, model, EncryptedScorer.Output.SCORE);
            double[] exact = raw.solveChosenAsVector();
            System.out.printf("| raw score (36 chosen windows) | 1 | %d | %.2e | %.4f |%n", raw.queries(),
                    ExtractionAttack.relativeError(exact, ExtractionAttack.weights(model)),
                    ExtractionAttack.decisionDisagreement(exact, model, fresh));
            double previous = Double.MAX_VALUE;
            double first = 0;
            for (int repeats : new int[] {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024}) {
                ExtractionAttack attack = new ExtractionAttack(session, gateway, evaluator, model, EncryptedScorer.Output.DECISION);
                double[] w = attack.estimateFromMagnitudes(ExtractionAttack.admissibleWindows(windows, new Random(repeats)), repeats);
                double error = ExtractionAttack.relativeError(w, ExtractionAttack.weights(model));
                System.out.printf("| decision only | %d | %d | %.4f | %.4f |%n", repeats, attack.queries(), error,
                        ExtractionAttack.decisionDisagreement(w, model, fresh));
                first = repeats == 1 ? error : first;
                previous = error;
            }
            // the estimate converges: more queries, smaller error (what the budget limits)
            assertTrue(previous < first, "error did not fall with the queries: " + first + " -> " + previous);
        }
    }
}

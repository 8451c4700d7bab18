package io.smile.pdm.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeParameterSpec;
import io.smile.he.api.HeSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not part of the suite: the cloud's scoring of one full ciphertext (2048 windows)
 * before decision-only scoring (t = 3,735,553, raw score, flooding at level 1) and after it
 * (t = {@link PdmParameters#PLAIN_MODULUS}, flooding at level 2, decision-only or raw), with the
 * message sizes. Medians of 10 runs after 3 warm-ups, one session thread. Run:
 * {@code mvn -B -o -pl pdm -am verify -Dtest=ScoringBench -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dsmile.bench.expanded-cache-mb=0} for the backend's expanded-key cache off; default 256;
 * {@code -Dsmile.bench.pipelines=after-decision} for the decision-only pipeline alone).
 */
class ScoringBench {
    private static final long PREVIOUS_PLAIN_MODULUS = 3_735_553L;

    @Test
    void scoringTimeAndSizes() {
        long cacheMb = Long.getLong("smile.bench.expanded-cache-mb", 256);
        HeBackend.byName("bgv-java").setExpandedKeyCacheBytes(cacheMb << 20);
        boolean all = !"after-decision".equals(System.getProperty("smile.bench.pipelines"));
        System.out.println();
        System.out.println("expanded-key cache: " + cacheMb + " MiB");
        System.out.println("| pipeline | cloud scoring per ciphertext (median) | result message | fresh seeded batch |");
        System.out.println("|---|---:|---:|---:|");
        QuantizedModel now = TestModels.random(1);
        long[][] v = new long[now.width()][now.width()];
        for (int i = 0; i < v.length; i++) {
            for (int j = i; j < v.length; j++) {
                v[i][j] = now.weight(i, j);
            }
        }
        QuantizedModel before = new QuantizedModel(v, now.encoding(), PREVIOUS_PLAIN_MODULUS);
        if (all) {
            run("before: t = 3,735,553, raw score, flood at level 1", before, PREVIOUS_PLAIN_MODULUS, EncryptedScorer.Output.SCORE, 1);
        }
        run("after: t = 2^40 - 1,572,863, decision only, flood at level 2", now, PdmParameters.PLAIN_MODULUS,
                EncryptedScorer.Output.DECISION, 2);
        if (all) {
            run("after: t = 2^40 - 1,572,863, raw score (share-scores), flood at level 2", now, PdmParameters.PLAIN_MODULUS,
                    EncryptedScorer.Output.SCORE, 2);
        }
    }

    private static void run(String name, QuantizedModel model, long t, EncryptedScorer.Output output, int floodLevel) {
        HeParameterSpec spec = HeParameterSpec.explicit(PdmParameters.DEGREE, t, new int[] {60, 60, 60, 60, 60, 60}, new int[] {61})
                .withThreads(1);
        try (HeSession session = HeBackend.byName("bgv-java").open(spec);
             HeKeyOwner gateway = session.generateKeys(SlotLayout.rotationSteps(model.encoding().blockSize()))) {
            HeEvaluator cloud = session.evaluator(gateway.exportPublicKey(), gateway.exportEvaluationKeys());
            ScoringPlan plan = new ScoringPlan(2, floodLevel, ScoringPlan.forSession(session).floodBits());
            EncryptedScorer scorer = new EncryptedScorer(model, cloud, plan, output);
            Random r = new Random(4);
            List<long[]> xs = ExtractionAttack.admissibleWindows(scorer.windowsPerCiphertext(), r);
            HeCiphertext x = gateway.encrypt(scorer.layout().pack(xs));
            long[] millis = new long[10];
            HeCiphertext result = null;
            for (int i = -3; i < millis.length; i++) {
                long t0 = System.nanoTime();
                result = scorer.score(x, xs.size());
                if (i >= 0) {
                    millis[i] = (System.nanoTime() - t0) / 1_000_000;
                }
            }
            long[] dec = gateway.decryptChecked(result);
            for (int w = 0; w < xs.size(); w++) {
                long value = scorer.layout().scoreOf(dec, w);
                long s = model.score(xs.get(w));
                assertEquals(s > 0, value > 0, "window " + w);
            }
            Arrays.sort(millis);
            System.out.printf("| %s | %d ms | %,d B | %,d B |%n", name, millis[millis.length / 2], result.serialize().length,
                    x.serialize().length);
        }
    }
}

package io.smile.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import io.smile.pdm.model.Ai4iFeatures;
import io.smile.pdm.model.DecisionBlinding;
import io.smile.pdm.model.EncryptedScorer;
import io.smile.pdm.model.Metrics;
import io.smile.pdm.model.ModelFile;
import io.smile.pdm.model.PdmParameters;
import io.smile.pdm.model.QuantizedModel;
import io.smile.pdm.model.SlotLayout;
import io.smile.pdm.training.HistoryFile;
import io.smile.pdm.training.PdmTraining;
import io.smile.pdm.training.ProfileTraining;
import io.smile.pdm.training.TrainingWindows;
import io.smile.profiles.MachineProfile;
import io.smile.profiles.ProfileLoader;
import io.smile.simulator.history.PumpHistoryGenerator;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The second shipped machine type end to end, without a line of machine-specific Java: generated
 * run-to-failure history of the centrifugal pump → training through its profile → the quantized
 * model's decisions on fresh units equal to the decrypted decisions of the cloud's encrypted,
 * decision-only scorer (BGV, the gateway's keys), for the freshly trained model and the shipped one.
 */
class PumpEndToEndTest {
    private static final MachineProfile PUMP = new ProfileLoader().builtinMachineProfile("centrifugal-pump");

    private static String history(long seed, int units) throws Exception {
        StringWriter w = new StringWriter();
        new PumpHistoryGenerator(seed).write(w, units);
        return w.toString();
    }

    @Test
    void trainFromGeneratedHistoryThenTheEncryptedPathDecidesLikeThePlaintextModel(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("pump.csv"), history(3, 40));
        PdmTraining.Report r = new ProfileTraining(42, 0.8, m -> { }).run(PUMP, csv, null);
        System.out.println("[pump e2e] trained: " + PdmTraining.markdown(r));
        assertEquals(0, r.encryptedMismatches(), "every decrypted decision equals the quantized model's");
        assertEquals(r.quantized().truePositives(), r.encrypted().truePositives());
        assertTrue(r.quantized().f1() > 0.7, r.quantized().toString());
        assertEquals(8, r.model().width()); // 7 features + the constant slot: one block of 8
        assertFresh(r.model(), "freshly trained");
    }

    @Test
    void theShippedModelMatchesTheProfileAndDecidesLikeItsEncryptedPath() throws Exception {
        ModelFile file;
        try (InputStream in = getClass().getResourceAsStream("/models/centrifugal-pump.json")) {
            assertNotNull(in, "shipped model resource");
            file = ModelFile.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "models/centrifugal-pump.json");
        }
        QuantizedModel model = file.toModel();
        assertEquals("centrifugal-pump", file.modelId());
        // the model's public encoding is the profile's: a gateway with this profile computes its inputs
        assertEquals(Ai4iFeatures.encoding(PUMP), model.encoding());
        assertFresh(model, "shipped");
    }

    /** Scores 10 fresh units (another seed) in plaintext and under encryption; every decision must agree. */
    private static void assertFresh(QuantizedModel model, String what) throws Exception {
        HistoryFile h = HistoryFile.parse(history(99, 10), "fresh.csv", PUMP, PUMP.history());
        List<TrainingWindows.Window> windows = TrainingWindows.of(h, PUMP);
        List<long[]> xs = new ArrayList<>();
        boolean[] labels = new boolean[windows.size()];
        double[] plain = new double[windows.size()];
        for (int i = 0; i < windows.size(); i++) {
            long[] x = model.encoding().quantize(windows.get(i).features());
            xs.add(x);
            labels[i] = windows.get(i).failure();
            plain[i] = model.score(x);
        }
        boolean[] encrypted = new boolean[xs.size()];
        try (HeSession session = HeBackend.byName("bgv-java").open(PdmParameters.spec());
             HeKeyOwner gateway = session.generateKeys(SlotLayout.rotationSteps(model.encoding().blockSize()))) {
            HeEvaluator cloud = session.evaluator(gateway.exportPublicKey(), gateway.exportEvaluationKeys());
            EncryptedScorer scorer = new EncryptedScorer(model, cloud);
            SlotLayout layout = scorer.layout();
            for (int from = 0; from < xs.size(); from += layout.windowsPerCiphertext()) {
                int count = Math.min(layout.windowsPerCiphertext(), xs.size() - from);
                HeCiphertext result = scorer.score(gateway.encrypt(layout.pack(xs.subList(from, from + count))), count);
                long[] dec = gateway.decryptChecked(result);
                for (int w = 0; w < count; w++) {
                    encrypted[from + w] = DecisionBlinding.alert(layout.scoreOf(dec, w));
                }
            }
        }
        int mismatches = 0;
        double[] decisions = new double[xs.size()];
        for (int i = 0; i < xs.size(); i++) {
            mismatches += encrypted[i] != (plain[i] > 0) ? 1 : 0;
            decisions[i] = encrypted[i] ? 1 : -1;
        }
        Metrics.Quality q = Metrics.evaluate(decisions, labels);
        System.out.printf("[pump e2e] %s model on 10 fresh units (%d windows): encrypted decisions precision %.3f recall %.3f"
                + " F1 %.3f, %d differ from the plaintext quantized model%n", what, xs.size(), q.precision(), q.recall(), q.f1(),
                mismatches);
        assertEquals(0, mismatches, what + ": decrypted decisions equal the plaintext quantized model's");
        assertTrue(q.recall() > 0.6 && q.precision() > 0.6, what + ": " + q);
    }
}

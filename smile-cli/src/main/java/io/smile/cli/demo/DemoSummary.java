package io.smile.cli.demo;

import io.smile.data.ai4i.Ai4iRecord;
import io.smile.edge.EdgeMetrics;
import io.smile.edge.WindowResult;
import io.smile.pdm.model.Metrics;
import io.smile.pdm.model.QuantizedModel;
import io.smile.pdm.training.PdmTraining;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The demo's summary: every decrypted result checked against the plaintext quantized model (its
 * decision, and its score too when the cloud shares scores), the alerts against the dataset's
 * labels, latency, throughput, message sizes and the cloud's counters, printed; the demo's exit
 * code (0 only if every streamed window was scored or counted by the edge as never read, and every
 * result matched).
 */
final class DemoSummary {
    private final List<WindowResult> results;
    private final Map<String, Ai4iRecord> truth;
    private final QuantizedModel model;

    /**
     * @param results the decrypted windows
     * @param truth   the published records by {@link MainJob#key(String, long) machine and sequence}
     * @param model   the quantized model the cloud scored with
     */
    DemoSummary(List<WindowResult> results, Map<String, Ai4iRecord> truth, QuantizedModel model) {
        this.results = new ArrayList<>(results);
        this.truth = truth;
        this.model = model;
    }

    /** Prints the summary of a run that streamed {@code expected} windows in {@code millis}; returns the exit code. */
    int print(int expected, long millis, EdgeMetrics m, String cloudMetrics) {
        List<WindowResult> rs = results;
        int mismatches = 0;
        int unknown = 0;
        double[] decisions = new double[rs.size()];
        double[] plainScores = new double[rs.size()];
        boolean[] labels = new boolean[rs.size()];
        int withScore = 0;
        for (int i = 0; i < rs.size(); i++) {
            WindowResult r = rs.get(i);
            Ai4iRecord rec = truth.get(MainJob.key(r.machineId(), r.sampleSequence()));
            if (rec == null) {
                unknown++;
                continue;
            }
            long plain = model.score(model.encoding().quantize(PdmTraining.features(rec)));
            withScore += r.score().isPresent() ? 1 : 0;
            if ((plain > 0) != r.alert() || r.score().isPresent() && plain != r.score().getAsLong()) {
                mismatches++;
            }
            decisions[i] = r.alert() ? 1 : -1;
            plainScores[i] = plain;
            labels[i] = rec.machineFailure();
        }
        // precision/recall/F1 of the decrypted alerts; ROC-AUC of the plaintext model's scores (decisions carry no ranking)
        Metrics.Quality d = Metrics.evaluate(decisions, labels);
        Metrics.Quality q = new Metrics.Quality(d.truePositives(), d.falsePositives(), d.falseNegatives(), d.trueNegatives(),
                Metrics.rocAuc(plainScores, labels));
        long[] lat = rs.stream().mapToLong(WindowResult::latencyMillis).sorted().toArray();
        long batches = rs.stream().map(WindowResult::batchSequence).distinct().count();
        double evalSeconds = rs.stream().filter(distinctBatch()).mapToLong(WindowResult::cloudEvaluationMicros).sum() / 1e6;
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.println();
        System.out.println("=== summary");
        long neverRead = Math.min(m.samplesMissed(), Math.max(0, expected - rs.size()));
        long lost = Math.max(0, expected - rs.size() - neverRead);
        System.out.printf("windows: %d streamed, %d scored and decrypted, %d never read, %d lost%n", expected, rs.size(), neverRead,
                lost);
        if (neverRead > 0) {
            System.out.printf("  never read: %d samples were overwritten on the OPC UA server before the edge read them (a busy"
                    + " machine); the edge counted each one from the gaps in the machines' Sequence numbers%n", neverRead);
        }
        System.out.printf("decrypted results equal to the plaintext quantized model: %d of %d%s (%s)%n", rs.size() - mismatches - unknown,
                rs.size(), mismatches == 0 && unknown == 0 ? " (all)" : "", withScore == 0 ? "decisions: the cloud returns decisions only"
                        : withScore == rs.size() ? "scores: the cloud shares raw scores" : withScore + " with scores");
        System.out.printf("alerts: %d; against the dataset labels: %s (ROC-AUC of the plaintext model's scores)%n",
                q.truePositives() + q.falsePositives(), q);
        if (lat.length > 0) {
            System.out.printf("end-to-end latency (sensor read -> alert decrypted): p50 %d ms, p99 %d ms, max %d ms%n",
                    lat[lat.length / 2], lat[Math.min(lat.length - 1, (int) Math.ceil(lat.length * 0.99) - 1)], lat[lat.length - 1]);
        }
        double perBatch = batches > 0 ? evalSeconds / batches : 0;
        System.out.printf("throughput: %.0f windows/s end to end over %.1f s (the stream's rate); cloud evaluation %.0f ms per"
                        + " ciphertext (%d batches, %.0f windows each on average): %.0f windows/s per core at this fill,"
                        + " %.0f windows/s per core with full ciphertexts (2048 windows), %d cores%n",
                rs.size() / (millis / 1000.0), millis / 1000.0, perBatch * 1000, batches, rs.size() / (double) Math.max(1, batches),
                evalSeconds > 0 ? rs.size() / evalSeconds / cores : 0, perBatch > 0 ? 2048 / perBatch / cores : 0, cores);
        if (m.batchesPublished() > 0) {
            System.out.printf("feature batch messages: %d, %.0f kB each on average (seeded ciphertext, %d windows max)%n", m.batchesPublished(),
                    m.bytesSent() / 1024.0 / m.batchesPublished(), 2048);
        }
        cloudMetrics.lines().filter(l -> l.startsWith("smile_bytes_out_total") || l.startsWith("smile_batches_scored_total")
                || l.startsWith("smile_batches_rejected_total") && !l.endsWith(" 0.0")).forEach(l -> System.out.println("cloud metric  " + l));
        // a window whose samples never reached the edge is counted, not lost; anything unaccounted for fails the run
        // and a run that read fewer than 90 % of its samples demonstrates nothing
        boolean ok = lost == 0 && rs.size() + neverRead == expected && neverRead * 10 <= expected && mismatches == 0
                && unknown == 0;
        System.out.println(ok ? "OK" : "FAILED: windows lost, more than 10 % never read, or results differ from the plaintext model");
        return ok ? 0 : 1;
    }

    /** Passes the first window of every batch (the cloud's evaluation time is per batch). */
    private static Predicate<WindowResult> distinctBatch() {
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        return r -> seen.add(r.batchSequence());
    }
}

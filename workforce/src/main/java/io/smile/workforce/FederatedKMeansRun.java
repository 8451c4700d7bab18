package io.smile.workforce;

import io.smile.federation.Coordinator;
import io.smile.federation.FederatedJob;
import io.smile.federation.FederationParameters;
import io.smile.federation.LocalFederation;
import io.smile.he.bgv.BgvContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * One federated k-means run, on the encrypted runtime ({@link LocalFederation}: embedded MQTT broker
 * on loopback, collective BGV key, t-out-of-n threshold decryption) or on the plaintext
 * {@link InProcessSumHarness}, and its comparison with plaintext
 * k-means on the pooled rows: ARI between the two assignments, silhouette of each (both on the
 * pooled rows quantized with the exact pooled standardization), segment sizes and attrition rate
 * per segment.
 */
public final class FederatedKMeansRun {
    /** Per-segment size and attrition rate of the federated segments. */
    public record Segment(int index, int size, double attritionRate) {
    }

    /** Outcome of one run. */
    public record Outcome(KMeansJobConfig config, int rounds, boolean converged, double ari, double silhouetteFederated,
                          double silhouettePlain, int plainIterations, double plainStabilityAri, double epsilonSpent, List<Segment> segments,
                          long[][] centroids, int[] federatedLabels, int[] plainLabels, String runtime, long runMillis,
                          Coordinator.Outcome federation) {
    }

    /** k-means++ initializations of the plaintext reference (best inertia kept). */
    public static final int PLAIN_RESTARTS = 10;

    private FederatedKMeansRun() {
    }

    /**
     * Runs the job over {@code units} (noise from {@code noise}; pass a SecureRandom outside tests)
     * and compares with plaintext k-means (best of 10 k-means++ seeds from {@code plainSeed}) on the
     * pooled rows; also reports the ARI between two plaintext runs with different seeds (how stable
     * the clustering itself is).
     */
    public static Outcome run(List<List<HrRecord>> units, KMeansJobConfig config, Random noise, long plainSeed,
                              Consumer<String> log) {
        return run(units, config, noise, plainSeed, 0, null, log);
    }

    /**
     * As above; {@code threshold} &gt; 0 runs the job on the encrypted MQTT runtime with
     * {@code threshold}-out-of-n decryption through the broker at {@code brokerUrl} (the command
     * line starts an embedded one on loopback), 0 on the plaintext harness.
     */
    public static Outcome run(List<List<HrRecord>> units, KMeansJobConfig config, Random noise, long plainSeed,
                              int threshold, String brokerUrl, Consumer<String> log) {
        if (threshold > 0 && brokerUrl == null) {
            throw new IllegalArgumentException("the encrypted runtime needs a broker URL");
        }
        if (threshold > 0) {
            FederationParameters.checkThreshold(threshold, units.size()); // t = 1 refused before any job is built
        }
        List<FederatedKMeansJob> jobs = new ArrayList<>();
        for (List<HrRecord> u : units) {
            jobs.add(new FederatedKMeansJob(config, u, noise));
        }
        FederatedKMeansJob first = jobs.get(0);
        // the coordinator's view: follows the released sums only, and reports each round as it is released
        FederatedKMeansJob observer = FederatedKMeansJob.observer(config);
        long t0 = System.nanoTime();
        int released;
        Coordinator.Outcome federation = null;
        String runtime;
        if (threshold > 0) {
            runtime = String.format("encrypted MQTT runtime (broker %s, BGV N = %d, %d-out-of-%d threshold "
                    + "decryption)", brokerUrl, FederationParameters.DEGREE, threshold, units.size());
            try (BgvContext ctx = BgvContext.create(FederationParameters.bgv(), 2)) {
                LocalFederation.Result r = LocalFederation.run(brokerUrl, "kmeans", ctx, new ArrayList<FederatedJob>(jobs),
                        observer, Math.min(2, units.size()), threshold, Coordinator.Settings.defaults(), s -> {
                            if (log != null && s.startsWith("coordinator:")) {
                                log.accept(s);
                            }
                        });
                federation = r.outcome();
                if (!federation.completed()) {
                    throw new IllegalStateException("federated k-means failed: " + federation.failure());
                }
            }
            released = federation.rounds().size();
            if (log != null) {
                for (FederatedKMeansJob.RoundInfo info : observer.history()) {
                    logRound(info, observer, log);
                }
            }
        } else {
            runtime = InProcessSumHarness.LABEL;
            released = InProcessSumHarness.run(jobs, config.maxRounds() + 1, (round, sum) -> {
                observer.finished(round, sum);
                List<FederatedKMeansJob.RoundInfo> h = observer.history();
                if (log != null) {
                    logRound(h.get(h.size() - 1), observer, log);
                }
            }).size();
        }
        long runMillis = (System.nanoTime() - t0) / 1_000_000;
        List<HrRecord> pooled = new ArrayList<>();
        List<Integer> fedLabels = new ArrayList<>();
        for (int u = 0; u < units.size(); u++) {
            pooled.addAll(units.get(u));
            for (int l : jobs.get(u).assignLocal()) {
                fedLabels.add(l);
            }
        }
        int[] fed = fedLabels.stream().mapToInt(Integer::intValue).toArray();
        double[][] x = HrEncoding.toDouble(HrEncoding.Standardization.of(pooled).quantizeAll(pooled));
        KMeans.Result plain = KMeans.fitBest(x, config.k(), plainSeed, PLAIN_RESTARTS, 300);
        KMeans.Result other = KMeans.fitBest(x, config.k(), plainSeed + 1000, PLAIN_RESTARTS, 300);
        double stability = ClusterMetrics.adjustedRand(plain.labels(), other.labels());
        double ari = ClusterMetrics.adjustedRand(fed, plain.labels());
        double silFed = distinct(fed) >= 2 ? ClusterMetrics.silhouette(x, fed) : Double.NaN;
        double silPlain = ClusterMetrics.silhouette(x, plain.labels());
        List<Segment> segments = new ArrayList<>();
        for (int c = 0; c < config.k(); c++) {
            int size = 0;
            int left = 0;
            for (int i = 0; i < fed.length; i++) {
                if (fed[i] == c) {
                    size++;
                    left += pooled.get(i).attrition() ? 1 : 0;
                }
            }
            segments.add(new Segment(c, size, size == 0 ? Double.NaN : (double) left / size));
        }
        boolean converged = first.isDone() && first.history().get(first.history().size() - 1).maxMove() <= config.tolerance();
        return new Outcome(config, released - 1, converged, ari, silFed, silPlain, plain.iterations(), stability, first.epsilonSpent(),
                segments, first.centroids(), fed, plain.labels(), runtime, runMillis, federation);
    }

    private static void logRound(FederatedKMeansJob.RoundInfo info, FederatedKMeansJob observer, Consumer<String> log) {
        if (info.round() == 0) {
            log.accept(String.format("round 0: standardization statistics released (%.1f rows)", info.clusterSizes()[0]));
        } else {
            StringBuilder sizes = new StringBuilder();
            for (double s : info.clusterSizes()) {
                sizes.append(String.format(" %.0f", s));
            }
            log.accept(String.format("round %d: max centroid move %.4f std units, cluster sizes [%s ] (candidate %d)",
                    info.round(), info.maxMove(), sizes, observer.selectedCandidate()));
        }
    }

    private static int distinct(int[] labels) {
        return (int) java.util.Arrays.stream(labels).distinct().count();
    }
}

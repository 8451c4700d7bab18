package io.smile.pdm.federated;

import io.smile.data.ai4i.Ai4iRecord;
import io.smile.federation.Coordinator;
import io.smile.federation.FederatedJob;
import io.smile.federation.FederationParameters;
import io.smile.federation.LocalFederation;
import io.smile.federation.PlainSums;
import io.smile.he.bgv.BgvContext;
import io.smile.pdm.model.Ai4iFeatures;
import io.smile.pdm.model.FeatureEncoding;
import io.smile.pdm.model.Metrics;
import io.smile.pdm.model.PdmParameters;
import io.smile.pdm.model.QuadraticModel;
import io.smile.pdm.model.QuadraticTrainer;
import io.smile.pdm.model.QuantizedModel;
import io.smile.pdm.training.PdmTraining;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Federated training of the PdM model on the AI4I training split cut into sites, compared with
 * central training and single-site training on the held-out test split that {@link PdmTraining} uses.
 */
public final class FederatedPdmTraining {
    public enum SplitMode { RANDOM, PRODUCT }

    /** One line of the quality table. */
    public record Row(String model, String rounds, String epsilon, Metrics.Quality quality) {
    }

    /** A finished federated run: the job (model, encoding, rounds, ε) and, over MQTT, the coordinator's outcome. */
    public record Federated(FederatedPdmJob job, Coordinator.Outcome outcome) {
    }

    private final long seed;
    private final double trainFraction;
    private final Consumer<String> log;

    public FederatedPdmTraining(long seed, double trainFraction, Consumer<String> log) {
        this.seed = seed;
        this.trainFraction = trainFraction;
        this.log = log;
    }

    /** The training split cut into sites: at random into k sites, or by product type (L, M, H). */
    public static List<SiteData> sites(List<Ai4iRecord> train, SplitMode mode, int k, long seed) {
        List<SiteData> out = new ArrayList<>();
        if (mode == SplitMode.PRODUCT) {
            for (char t : new char[] {'L', 'M', 'H'}) {
                List<Ai4iRecord> rows = train.stream().filter(r -> r.type().name().charAt(0) == t).toList();
                out.add(SiteData.of("type-" + t, rows));
            }
            return out;
        }
        List<Ai4iRecord> shuffled = new ArrayList<>(train);
        Collections.shuffle(shuffled, new Random(seed ^ 0x5173L));
        for (int s = 0; s < k; s++) {
            List<Ai4iRecord> rows = new ArrayList<>();
            for (int i = s; i < shuffled.size(); i += k) {
                rows.add(shuffled.get(i));
            }
            out.add(SiteData.of("site-" + (s + 1), rows));
        }
        return out;
    }

    public PdmTraining.Split split(List<Ai4iRecord> rows) {
        return PdmTraining.split(rows, seed, trainFraction);
    }

    /** Central training exactly as the model owner's command does it (profile standardization). */
    public static QuadraticModel central(List<double[]> raw, boolean[] labels) {
        List<double[]> z = new ArrayList<>();
        for (double[] r : raw) {
            z.add(Ai4iFeatures.ENCODING.standardize(r));
        }
        return new QuadraticTrainer().train(z, labels);
    }

    public static Metrics.Quality evaluate(QuadraticModel model, FeatureEncoding enc, SiteData test) {
        double[] scores = new double[test.rows()];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = model.score(enc.standardize(test.raw().get(i)));
        }
        return Metrics.evaluate(scores, test.labels());
    }

    public static List<FederatedPdmJob> jobs(PdmConfig cfg, List<SiteData> sites, long noiseSeed) {
        List<FederatedPdmJob> jobs = new ArrayList<>();
        for (int i = 0; i < sites.size(); i++) {
            Random noise = noiseSeed == 0 ? new java.security.SecureRandom() : new Random(noiseSeed * 31 + i);
            jobs.add(new FederatedPdmJob(cfg, sites.get(i), noise));
        }
        return jobs;
    }

    /** The job on plaintext sums (reference, and the fast DP sweep). */
    public static Federated plain(PdmConfig cfg, List<SiteData> sites, long noiseSeed) {
        List<FederatedPdmJob> jobs = jobs(cfg, sites, noiseSeed);
        FederatedPdmJob pub = new FederatedPdmJob(cfg, null, null);
        PlainSums.run(jobs, pub, cfg.maxRounds() + 2);
        return new Federated(jobs.get(0), null);
    }

    /**
     * The job over MQTT under BGV through the broker at {@code brokerUrl} (the command line starts an
     * embedded one on loopback): one coordinator, one member per site.
     */
    public static Federated encrypted(PdmConfig cfg, List<SiteData> sites, long noiseSeed, String brokerUrl,
                                      Consumer<String> log) {
        return encrypted(cfg, sites, noiseSeed, LocalFederation.majority(sites.size()), brokerUrl, log);
    }

    /** As above with t-out-of-n threshold decryption ({@code threshold} = t). */
    public static Federated encrypted(PdmConfig cfg, List<SiteData> sites, long noiseSeed, int threshold,
                                      String brokerUrl, Consumer<String> log) {
        FederationParameters.checkThreshold(threshold, sites.size()); // t = 1 refused before any job is built
        List<FederatedPdmJob> jobs = jobs(cfg, sites, noiseSeed);
        FederatedPdmJob pub = new FederatedPdmJob(cfg, null, null);
        try (BgvContext ctx = BgvContext.create(FederationParameters.bgv(), 2)) {
            LocalFederation.Result r = LocalFederation.run(brokerUrl, "pdm", ctx, new ArrayList<FederatedJob>(jobs), pub,
                    Math.min(2, sites.size()), threshold, Coordinator.Settings.defaults(), log);
            if (!r.outcome().completed()) {
                throw new IllegalStateException("federated training failed: " + r.outcome().failure());
            }
            return new Federated(jobs.get(0), r.outcome());
        }
    }

    public static QuantizedModel quantize(FederatedPdmJob job) {
        return job.quantized();
    }

    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder("| model | rounds | ε | precision | recall | F1 | ROC-AUC |\n|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            Metrics.Quality q = r.quality();
            sb.append(String.format("| %s | %s | %s | %.3f | %.3f | %.3f | %.3f |%n", r.model(), r.rounds(), r.epsilon(),
                    q.precision(), q.recall(), q.f1(), q.rocAuc()));
        }
        return sb.toString();
    }
}

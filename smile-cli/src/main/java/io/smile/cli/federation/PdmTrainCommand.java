package io.smile.cli.federation;

import io.smile.data.ai4i.Ai4iRecord;
import io.smile.broker.EmbeddedBroker;
import io.smile.federation.Coordinator;
import io.smile.pdm.federated.FederatedPdmJob;
import io.smile.pdm.federated.FederatedPdmTraining;
import io.smile.pdm.federated.FederatedPdmTraining.Row;
import io.smile.pdm.federated.PdmConfig;
import io.smile.pdm.federated.SiteData;
import io.smile.pdm.model.Ai4iFeatures;
import io.smile.pdm.model.Metrics;
import io.smile.pdm.model.ModelFile;
import io.smile.pdm.model.QuadraticModel;
import io.smile.pdm.model.QuantizedModel;
import io.smile.pdm.training.PdmTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pdm-train}: federated training of the PdM model over MQTT + BGV, with the quality table. */
@Command(name = "pdm-train", mixinStandardHelpOptions = true,
        description = "Train the PdM model federated across sites (embedded MQTT broker on loopback, one coordinator, "
                + "one member per site, secure sums under multiparty BGV) and compare it with central and per-site training.")
public final class PdmTrainCommand implements Callable<Integer> {
    @Option(names = "--data", description = "AI4I 2020 CSV (default: generated rows)")
    Path data;

    @Option(names = "--generated-rows", defaultValue = "10000", description = "rows to generate without --data (default ${DEFAULT-VALUE})")
    int generatedRows;

    @Option(names = "--sites", defaultValue = "5", description = "sites for --split random (default ${DEFAULT-VALUE}); product = 3")
    int sites;

    @Option(names = "--split", defaultValue = "random", description = "random | product (default ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--rounds", defaultValue = "150", description = "most gradient rounds (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--learning-rate", defaultValue = "0.1")
    double learningRate;

    @Option(names = "--clip", defaultValue = "100", description = "L2 clipping bound C of a row's gradient (default ${DEFAULT-VALUE})")
    double clip;

    @Option(names = "--epsilon", defaultValue = "0", description = "ε of the encrypted run (0 = no DP; default ${DEFAULT-VALUE})")
    double epsilon;

    @Option(names = "--delta", defaultValue = "1e-6")
    double delta;

    @Option(names = "--sweep", defaultValue = "8,4,2,1,0.5", split = ",",
            description = "ε values for the DP rows of the table, run on plaintext sums (--sweep= for none)")
    List<String> sweep = new ArrayList<>();

    @Option(names = "--dp-rounds", defaultValue = "40",
            description = "most gradient rounds of the DP sweep runs (fewer releases, less noise each; default ${DEFAULT-VALUE})")
    int dpRounds;

    @Option(names = "--convergence", defaultValue = "10,20,40,80,150,300", split = ",",
            description = "round counts for the convergence table (no DP, plaintext sums; --convergence= for none)")
    List<String> convergence = new ArrayList<>();

    @Option(names = "--plain", description = "run the federated job on plaintext sums instead of MQTT + BGV (fast check)")
    boolean plain;

    @Option(names = "--threshold", defaultValue = "0",
            description = "t of the t-out-of-n threshold decryption (default 0 = majority, (sites / 2) + 1; t = sites is n-out-of-n)")
    int threshold;

    @Option(names = "--seed", defaultValue = "42", description = "split/generator seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "model/pdm-federated.json")
    Path out;

    @Option(names = "--report", description = "also write the quality table (markdown) here")
    Path report;

    @Override
    public Integer call() throws Exception {
        if (data != null && !Files.isRegularFile(data)) {
            System.err.println("error: data file not found: " + data);
            return 2;
        }
        FederatedPdmTraining.SplitMode mode = FederatedPdmTraining.SplitMode.valueOf(split.toUpperCase());
        List<Ai4iRecord> rows = PdmTraining.load(data, generatedRows, seed);
        FederatedPdmTraining t = new FederatedPdmTraining(seed, 0.8, System.out::println);
        PdmTraining.Split s = t.split(rows);
        List<SiteData> siteData = FederatedPdmTraining.sites(s.train(), mode, sites, seed);
        SiteData test = SiteData.of("test", s.test());
        SiteData all = SiteData.of("train", s.train());
        System.out.printf("data: %s; %d training rows (%d failures), %d test rows (%d failures)%n",
                data != null ? data : generatedRows + " generated rows (seed " + seed + ")", all.rows(), all.positives(),
                test.rows(), test.positives());
        for (SiteData d : siteData) {
            System.out.printf("  %s: %d rows, %d failures%n", d.name(), d.rows(), d.positives());
        }
        List<Row> table = new ArrayList<>();
        QuadraticModel central = FederatedPdmTraining.central(all.raw(), all.labels());
        table.add(new Row("(a) central (QuadraticTrainer, all training rows)", "3000 epochs", "-",
                FederatedPdmTraining.evaluate(central, Ai4iFeatures.ENCODING, test)));
        for (SiteData d : siteData) {
            try {
                QuadraticModel m = FederatedPdmTraining.central(d.raw(), d.labels());
                table.add(new Row("(b) " + d.name() + " alone", "3000 epochs", "-",
                        FederatedPdmTraining.evaluate(m, Ai4iFeatures.ENCODING, test)));
            } catch (IllegalArgumentException e) {
                System.out.println(d.name() + " alone: cannot train (" + e.getMessage() + ")");
            }
        }
        PdmConfig cfg = new PdmConfig(siteData.size(), rounds, learningRate, 1e-5, clip, 1e-3, epsilon, delta);
        long start = System.nanoTime();
        FederatedPdmTraining.Federated fed;
        if (plain) {
            fed = FederatedPdmTraining.plain(cfg, siteData, 0);
        } else {
            // the demo's broker: embedded, on loopback, for this run only
            try (EmbeddedBroker broker = EmbeddedBroker.startOnFreePort()) {
                fed = FederatedPdmTraining.encrypted(cfg, siteData, 0,
                        threshold > 0 ? threshold : io.smile.federation.LocalFederation.majority(siteData.size()),
                        broker.url(), System.out::println);
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        FederatedPdmJob job = fed.job();
        Metrics.Quality fq = FederatedPdmTraining.evaluate(job.model(), job.encoding(), test);
        table.add(new Row("(c) federated" + (plain ? " (plaintext sums)" : " (MQTT + BGV)") + (cfg.dp() ? ", DP" : ", no DP"),
                String.valueOf(job.gradientRounds() + 2), cfg.dp() ? String.format("%.2f", job.epsilonSpent()) : "-", fq));
        System.out.printf("federated run: %d gradient rounds (+ standardization and threshold rounds), %.1f s%n",
                job.gradientRounds(), millis / 1000.0);
        for (String es : sweep) {
            if (es.isBlank()) {
                continue;
            }
            double e = Double.parseDouble(es);
            FederatedPdmJob dp = FederatedPdmTraining.plain(cfg.withEpsilon(e).withRounds(dpRounds), siteData, 0).job();
            table.add(new Row("(d) federated, DP (plaintext-sum simulation)", String.valueOf(dp.gradientRounds() + 2),
                    String.format("%.2f (target %s)", dp.epsilonSpent(), e),
                    FederatedPdmTraining.evaluate(dp.model(), dp.encoding(), test)));
        }
        String md = FederatedPdmTraining.table(table);
        if (convergence.stream().anyMatch(x -> !x.isBlank())) {
            StringBuilder cv = new StringBuilder("\nConvergence (no DP, plaintext sums, tolerance off): test quality after R gradient rounds\n\n"
                    + "| R | F1 | ROC-AUC | final averaged-gradient norm |\n|---|---|---|---|\n");
            for (String rs : convergence) {
                if (rs.isBlank()) {
                    continue;
                }
                int r = Integer.parseInt(rs);
                PdmConfig c = new PdmConfig(siteData.size(), r, learningRate, 1e-5, clip, 0, 0, delta);
                FederatedPdmJob j = FederatedPdmTraining.plain(c, siteData, 0).job();
                Metrics.Quality q = FederatedPdmTraining.evaluate(j.model(), j.encoding(), test);
                List<Double> norms = j.gradientNorms();
                cv.append(String.format("| %d | %.3f | %.3f | %.2e |%n", r, q.f1(), q.rocAuc(), norms.get(norms.size() - 1)));
            }
            md += cv;
        }
        System.out.println();
        System.out.println(md);
        QuantizedModel q = FederatedPdmTraining.quantize(job);
        double[] qs = new double[test.rows()];
        for (int i = 0; i < qs.length; i++) {
            qs[i] = q.score(job.encoding().quantize(test.raw().get(i)));
        }
        Metrics.Quality qq = Metrics.evaluate(qs, test.labels());
        System.out.printf("federated model quantized for BGV scoring: F1 %.3f, ROC-AUC %.3f%n", qq.f1(), qq.rocAuc());
        Map<String, Double> quality = new LinkedHashMap<>();
        quality.put("test_precision", qq.precision());
        quality.put("test_recall", qq.recall());
        quality.put("test_f1", qq.f1());
        quality.put("test_roc_auc", qq.rocAuc());
        quality.put("federated_sites", (double) siteData.size());
        quality.put("federated_rounds", (double) job.gradientRounds() + 2);
        quality.put("dp_epsilon", job.epsilonSpent());
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        ModelFile.of("pdm-federated", 1, q, quality).write(out);
        System.out.println("model written to " + out.toAbsolutePath());
        if (report != null) {
            Files.writeString(report, md);
        }
        if (fed.outcome() != null) {
            Coordinator.Outcome o = fed.outcome();
            long bytes = o.rounds().stream().mapToLong(r -> r.bytesSent() + r.bytesReceived()).sum();
            System.out.printf("coordinator: keys %d ms; %d rounds, %.1f MB sent+received%n", o.keyMillis(), o.rounds().size(),
                    bytes / 1048576.0);
        }
        return 0;
    }
}

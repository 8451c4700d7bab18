package io.smile.compare;

import io.smile.compare.dp.CentralDp;
import io.smile.compare.dp.LocalDp;
import io.smile.compare.he.HeApproach;
import io.smile.compare.smpc.SpdzScorer;
import io.smile.compare.synthetic.PrivacyChecks;
import io.smile.compare.synthetic.SiteSynthesizer;
import io.smile.compare.transfer.TransferLearning;
import io.smile.pdm.model.Metrics;
import io.smile.pdm.model.QuadraticModel;
import io.smile.pdm.model.QuadraticTrainer;
import io.smile.pdm.model.QuantizedModel;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Runs every approach on one {@link Task} and collects the table rows and the curves. Privacy
 * mechanisms (DP noise, copula sampling) draw from a SecureRandom; only the experiment's own
 * choices (the split, which k local rows) are seeded, so the tables are reproducible up to the
 * mechanisms' noise.
 */
public final class Comparison {
    /** Everything one run measured. */
    public record Outcome(Task task, Settings settings, List<Result> rows, List<double[]> centralDpCurve,
                          List<double[]> localDpCurve, double[] reference, List<TransferLearning.Point> transfer,
                          PrivacyChecks.Report synthetic, char transferTarget, SpdzScorer.Run smpcSingle) {
    }

    private final Settings settings;
    private final Consumer<String> log;
    private final Random mechanisms = new SecureRandom();

    public Comparison(Settings settings, Consumer<String> log) {
        this.settings = settings;
        this.log = log;
    }

    public Outcome run(Task task) {
        List<Result> rows = new ArrayList<>();
        Task.Rows train = task.train();
        Task.Rows test = task.test();
        log.accept(String.format("%s: %d training rows (%d failures), %d test rows (%d failures)", task.source(), train.size(),
                train.positives(), test.size(), test.positives()));

        // the plaintext reference: the product's trainer on the pooled rows
        long t0 = System.nanoTime();
        QuadraticModel central = new QuadraticTrainer().epochs(settings.epochs()).train(train.z(), train.labels());
        double centralMs = ms(t0);
        Metrics.Quality cq = Quality.of(central, test);
        int d = task.encoding().features().size();
        rows.add(new Result("No protection (reference)", "rows pooled at the model owner", cq.f1(), cq.rocAuc(), Double.NaN,
                centralMs, (double) train.size() * d * 8, "every training row, " + d + " doubles each", 1,
                "the model owner sees every row", "none", "—"));
        log.accept("reference: " + cq);

        // HE: the product
        QuantizedModel quantized = HeApproach.quantize(central, task);
        log.accept("HE: timing the BGV decision-only scorer on " + settings.heCiphertexts() + " ciphertext(s)");
        HeApproach.Measurement he = HeApproach.measure(quantized, test, settings.heCiphertexts());
        if (he.mismatches() != 0) {
            throw new IllegalStateException("encrypted decisions differ from the quantized model on " + he.mismatches() + " rows");
        }
        rows.add(new Result("HE (SMiLe, BGV N=16384)", "decision-only scoring, " + he.windowsPerCiphertext() + " windows/ciphertext",
                he.quantized().f1(), he.quantized().rocAuc(), he.cloudMsPerPrediction(), centralMs,
                he.ciphertextBytes() + he.resultBytes(), String.format("per batch of %d: ciphertext %d B + result %d B"
                        + " (evaluation keys %d B once per gateway)", he.windowsPerCiphertext(), he.ciphertextBytes(),
                        he.resultBytes(), he.evaluationKeyBytes()), 1,
                "gateway: the decision only; cloud: nothing (ciphertexts); model stays with the cloud",
                "no collusion needed: the cloud never holds the secret key (RLWE, 128-bit parameters)",
                "the gateway's secret key leaking to the cloud; a cloud that returns wrong results is not detected"));
        log.accept(String.format("HE: %d windows scored, %.1f ms per ciphertext", he.scoredWindows(), he.cloudMsPerCiphertext()));

        // SMPC: the same integer model under SPDZ
        List<long[]> batch = test.quantized().subList(0, Math.min(settings.smpcBatch(), test.size()));
        SpdzScorer spdz = new SpdzScorer(quantized, SpdzScorer.Output.DECISION);
        SpdzScorer.Run single = spdz.score(batch.subList(0, 1));
        SpdzScorer.Run run = spdz.score(batch);
        for (int i = 0; i < batch.size(); i++) {
            if ((run.values()[i] == 1) != (quantized.score(batch.get(i)) > 0)) {
                throw new IllegalStateException("SPDZ decision differs from the quantized model on row " + i);
            }
        }
        rows.add(new Result("SMPC (FRESCO SPDZ, 2 parties)", "online phase, decision opened to the gateway",
                he.quantized().f1(), he.quantized().rocAuc(), run.millis() / batch.size(), centralMs, run.bytes(),
                String.format("per batch of %d rows, both parties' traffic (1 row: %d B, %.0f ms)", batch.size(),
                        single.bytes(), single.millis()), run.batches(),
                "with a real dealer or MASCOT: gateway the decision, model owner nothing; in this run FRESCO's dummy dealer draws every share from java.util.Random(42), so either party could recompute the other's: it measures cost, not privacy",
                "gateway and model-owner servers must not collude; preprocessing by a trusted dealer here (MASCOT in a deployment, not measured)",
                "collusion of the two servers; the dealer; a server offline stops scoring"));
        log.accept(String.format("SMPC: %d rows in %.0f ms, %d bytes, %d rounds", batch.size(), run.millis(), run.bytes(), run.batches()));

        // central DP
        CentralDp dp = new CentralDp(Settings.DP_CLIP, settings.dpSteps(), 0.05);
        List<double[]> centralCurve = new ArrayList<>();
        t0 = System.nanoTime();
        QuadraticModel noiseless = dp.train(train.z(), train.labels(), Double.POSITIVE_INFINITY, Settings.DELTA, mechanisms);
        double dpMs = ms(t0);
        Metrics.Quality nq = Quality.of(noiseless, test);
        double[] reference = {nq.f1(), nq.rocAuc()};
        for (double eps : Settings.EPSILONS) {
            Metrics.Quality q = Quality.of(dp.train(train.z(), train.labels(), eps, Settings.DELTA, mechanisms), test);
            centralCurve.add(new double[] {eps, q.f1(), q.rocAuc()});
            log.accept(String.format("central DP ε = %.1f (σ = %.2f): %s", eps, dp.noiseMultiplier(eps, Settings.DELTA), q));
            if (eps == 1 || eps == 8) {
                rows.add(new Result("Central DP (DP-GD)", String.format(java.util.Locale.ROOT, "ε = %s, δ = %s, %d steps, σ = %.1f", fmt(eps), sci(Settings.DELTA),
                        settings.dpSteps(), dp.noiseMultiplier(eps, Settings.DELTA)), q.f1(), q.rocAuc(), Double.NaN, dpMs,
                        (double) train.size() * d * 8, "every training row, to the model owner", 1,
                        "the model owner sees every row; the model's users learn an (ε, δ)-DP model",
                        "the model owner is trusted with the raw rows", "a curious model owner; ε too large"));
            }
        }

        // local DP
        LocalDp ldp = new LocalDp(task.encoding());
        List<double[]> localCurve = new ArrayList<>();
        for (double eps : Settings.EPSILONS) {
            t0 = System.nanoTime();
            QuadraticModel m = new QuadraticTrainer().epochs(settings.epochs())
                    .train(ldp.perturbAll(train.z(), eps, mechanisms), train.labels());
            double ms = ms(t0);
            Metrics.Quality q = Quality.of(m, test);
            localCurve.add(new double[] {eps, q.f1(), q.rocAuc()});
            log.accept(String.format("local DP ε = %.1f (Laplace b = %.1f): %s", eps, ldp.scale(eps, d), q));
            if (eps == 1 || eps == 8) {
                rows.add(new Result("Local DP (Laplace per record)", String.format("ε = %s per record, features only", fmt(eps)),
                        q.f1(), q.rocAuc(), Double.NaN, ms, (double) train.size() * d * 8, "every perturbed row", 1,
                        "the pool sees noisy rows (ε-DP each) and the true labels",
                        "none for the features: each factory perturbs before sending", "labels are not protected; ε too large"));
            }
        }

        // synthetic data
        t0 = System.nanoTime();
        Task.Rows synthetic = SiteSynthesizer.synthesize(train, mechanisms);
        QuadraticModel onSynthetic = new QuadraticTrainer().epochs(settings.epochs()).train(synthetic.z(), synthetic.labels());
        double synMs = ms(t0);
        Metrics.Quality sq = Quality.of(onSynthetic, test);
        int m = Math.min(settings.attackRows(), test.size());
        PrivacyChecks.Report privacy = PrivacyChecks.run(synthetic.z(), train.z(), train.z().subList(0, m), test.z().subList(0, m));
        rows.add(new Result("Synthetic data (Gaussian copula per site and label)", "trained on synthetic, tested on real",
                sq.f1(), sq.rocAuc(), Double.NaN, synMs, (double) synthetic.size() * d * 8, "every synthetic row", 1,
                String.format("the pool sees synthetic rows: median distance to closest training row %.2f (real held-out rows: %.2f);"
                        + " membership attack AUC %.2f, advantage %.2f", privacy.syntheticToTrainMedian(),
                        privacy.holdoutToTrainMedian(), privacy.attackAuc(), privacy.attackAdvantage()),
                "none formally: no DP guarantee, only the empirical checks",
                "outliers (rare failures) reproduced closely; stronger attacks than the distance attack"));
        log.accept("synthetic: " + sq + " " + privacy);

        // transfer learning: target = the mid-sized site M, pretrained on L and H
        char target = 'M';
        TransferLearning tl = new TransferLearning(settings.epochs(), Math.max(150, settings.epochs() / 10));
        t0 = System.nanoTime();
        QuadraticModel pretrained = tl.pretrain(train.exceptSite(target));
        double preMs = ms(t0);
        Task.Rows targetTest = test.ofSite(target);
        Metrics.Quality pq = Quality.of(pretrained, targetTest);
        List<TransferLearning.Point> curve = tl.run(pretrained, train.ofSite(target), targetTest, Settings.LOCAL_LABELS,
                settings.transferSeeds());
        for (TransferLearning.Point p : curve) {
            log.accept(String.format("transfer k = %d: transferred F1 %.3f AUC %.3f, scratch F1 %.3f AUC %.3f", p.k(), p.transferF1(),
                    p.transferAuc(), p.scratchF1(), p.scratchAuc()));
            if (p.k() == 25) {
                rows.add(new Result("Transfer learning (pretrained on L+H, fine-tuned at M)", "k = 25 local labels, mean of "
                        + settings.transferSeeds() + " draws; type-M test rows", p.transferF1(), p.transferAuc(), Double.NaN,
                        p.fineTuneMs(), Double.NaN, "the pretrained model (36 weights) to the target site", 1,
                        "the target site learns the pretrained weights; the other sites learn nothing of the target",
                        "the party that pretrains sees the other sites' rows", "weights memorise source rows (no formal bound)"));
                rows.add(new Result("Scratch at the target site", "the same k = 25 labels, no pretraining", p.scratchF1(),
                        p.scratchAuc(), Double.NaN, Double.NaN, 0, "nothing", 0, "nothing leaves the site", "none",
                        "—"));
            }
        }
        log.accept(String.format("pretrained (k = 0) on the type-%s test rows: %s (%.0f ms)", target, pq, preMs));
        return new Outcome(task, settings, rows, centralCurve, localCurve, reference, curve, privacy, target, single);
    }

    static String fmt(double eps) {
        return eps == Math.rint(eps) ? String.valueOf((long) eps) : String.valueOf(eps);
    }

    /** 1e-5 rather than 1.0E-5. */
    static String sci(double v) {
        return String.format(java.util.Locale.ROOT, "%.0e", v).replace("e-0", "e-");
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }
}

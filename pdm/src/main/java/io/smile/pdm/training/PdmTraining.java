package io.smile.pdm.training;

import io.smile.data.ai4i.Ai4iDataset;
import io.smile.data.ai4i.Ai4iGenerator;
import io.smile.data.ai4i.Ai4iRecord;
import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import io.smile.pdm.model.Ai4iFeatures;
import io.smile.pdm.model.DecisionBlinding;
import io.smile.pdm.model.EncryptedScorer;
import io.smile.pdm.model.SlotLayout;
import io.smile.pdm.model.FeatureEncoding;
import io.smile.pdm.model.Metrics;
import io.smile.pdm.model.PdmParameters;
import io.smile.pdm.model.QuadraticModel;
import io.smile.pdm.model.QuadraticTrainer;
import io.smile.pdm.model.QuantizedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The model owner's job: train the predictive-maintenance model on AI4I data (the real file or
 * generated rows), quantize it for BGV, and measure it on a fixed held-out split three ways: the
 * float model, the quantized model, and the quantized model evaluated under encryption exactly as
 * the cloud does (decision-only output: the gateway decrypts blinded values whose sign is the
 * decision). The encrypted decisions must equal the quantized ones on every test row.
 */
public final class PdmTraining {
    /** Everything the training measured. */
    public record Report(String source, int trainRows, int testRows, int testFailures, Metrics.Quality floatModel,
                         Metrics.Quality quantized, Metrics.Quality encrypted, int encryptedMismatches,
                         long encryptedMillis, QuantizedModel model) {
    }

    /**
     * How far the quantized model may fall behind the float model on the test rows: at most
     * {@code f1} in F1 and {@code auc} in ROC-AUC (doing better is always fine).
     */
    public record Tolerance(double f1, double auc) {
        /** The default: 0.10 F1, 0.03 ROC-AUC (generated AI4I rows lose 0.057 F1, 0.007 ROC-AUC; the real file none). */
        public static final Tolerance DEFAULT = new Tolerance(0.10, 0.03);

        public Tolerance {
            if (!(f1 >= 0) || !(auc >= 0)) {
                throw new IllegalArgumentException("tolerances must be >= 0");
            }
        }
    }

    /** The quantized model fell outside the tolerance: the trainer refuses to write it. */
    public static final class ToleranceException extends RuntimeException {
        public ToleranceException(String message) {
            super(message);
        }
    }

    private final long seed;
    private final double trainFraction;
    private final Tolerance tolerance;
    private final Consumer<String> log;

    public PdmTraining(long seed, double trainFraction, Consumer<String> log) {
        this(seed, trainFraction, Tolerance.DEFAULT, log);
    }

    public PdmTraining(long seed, double trainFraction, Tolerance tolerance, Consumer<String> log) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("train fraction must be in (0, 1)");
        }
        this.seed = seed;
        this.trainFraction = trainFraction;
        this.tolerance = tolerance;
        this.log = log;
    }

    /** Rows of the AI4I file, or {@code generated} rows from the paper-based generator when path is null. */
    public static List<Ai4iRecord> load(Path csv, int generated, long seed) throws IOException {
        if (csv != null) {
            return Ai4iDataset.load(csv).records();
        }
        Ai4iGenerator gen = new Ai4iGenerator(seed);
        List<Ai4iRecord> rows = new ArrayList<>();
        for (int i = 0; i < generated; i++) {
            rows.add(gen.next());
        }
        return rows;
    }

    public static double[] features(Ai4iRecord r) {
        return Ai4iFeatures.raw(r.airTemperatureK(), r.processTemperatureK(), r.rotationalSpeedRpm(), r.torqueNm(),
                r.toolWearMin(), r.type().name().charAt(0));
    }

    /** The fixed train/test split: the rows shuffled with the seed, the first trainFraction of them for training. */
    public record Split(List<Ai4iRecord> train, List<Ai4iRecord> test) {
    }

    /** The split {@link #run} uses; other trainers (e.g. federated training) reuse it to test on the same rows. */
    public static Split split(List<Ai4iRecord> rows, long seed, double trainFraction) {
        List<Ai4iRecord> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(seed));
        int trainRows = (int) Math.round(shuffled.size() * trainFraction);
        return new Split(List.copyOf(shuffled.subList(0, trainRows)), List.copyOf(shuffled.subList(trainRows, shuffled.size())));
    }

    public Report run(List<Ai4iRecord> rows, String source) {
        Split split = split(rows, seed, trainFraction);
        List<double[]> trainRaw = new ArrayList<>();
        boolean[] yTrain = new boolean[split.train().size()];
        for (int i = 0; i < yTrain.length; i++) {
            trainRaw.add(features(split.train().get(i)));
            yTrain[i] = split.train().get(i).machineFailure();
        }
        List<double[]> testRaw = new ArrayList<>();
        boolean[] yTest = new boolean[split.test().size()];
        for (int i = 0; i < yTest.length; i++) {
            testRaw.add(features(split.test().get(i)));
            yTest[i] = split.test().get(i).machineFailure();
        }
        return fit(Ai4iFeatures.ENCODING, trainRaw, yTrain, testRaw, yTest, source);
    }

    /**
     * The training core every data source goes through (AI4I records here, any profile's history in
     * {@link ProfileTraining}): train the float model on the standardized training rows, quantize
     * it, and measure float, quantized and encrypted on the test rows.
     */
    public Report fit(FeatureEncoding enc, List<double[]> trainRaw, boolean[] yTrain, List<double[]> testRaw, boolean[] yTest,
                      String source) {
        if (trainRaw.size() != yTrain.length || testRaw.size() != yTest.length) {
            throw new IllegalArgumentException("need one label per row");
        }
        log.accept(String.format("training on %d rows (%d failures), testing on %d rows (%d failures) from %s", trainRaw.size(),
                count(yTrain), testRaw.size(), count(yTest), source));
        List<double[]> z = new ArrayList<>();
        for (double[] raw : trainRaw) {
            z.add(enc.standardize(raw));
        }
        QuadraticModel floatModel = new QuadraticTrainer().train(z, yTrain);
        double scale = QuantizedModel.scale(floatModel, enc, PdmParameters.PLAIN_MODULUS);
        QuantizedModel quantized = QuantizedModel.quantize(floatModel, enc, PdmParameters.PLAIN_MODULUS);
        log.accept(String.format("quantized: %d weights, scale %.1f chosen for this model, max |weight| %d, max |score| %d <= %d"
                        + " (decision blinding with R = %d, t = %d)", enc.width() * (enc.width() + 1) / 2, scale,
                quantized.maxAbsWeight(), quantized.maxAbsScore(), DecisionBlinding.maxScoreBound(PdmParameters.PLAIN_MODULUS),
                DecisionBlinding.of(quantized).multiplierBound(), PdmParameters.PLAIN_MODULUS));
        List<double[]> test = testRaw;
        boolean[] labelsIn = yTest;

        double[] floatScores = new double[test.size()];
        double[] quantScores = new double[test.size()];
        boolean[] labels = new boolean[test.size()];
        List<long[]> xs = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            double[] raw = test.get(i);
            floatScores[i] = floatModel.score(enc.standardize(raw));
            long[] x = enc.quantize(raw);
            xs.add(x);
            quantScores[i] = quantized.score(x);
            labels[i] = labelsIn[i];
        }
        Metrics.Quality floatQ = Metrics.evaluate(floatScores, labels);
        Metrics.Quality quantQ = Metrics.evaluate(quantScores, labels);
        log.accept(String.format("float F1 %.3f ROC-AUC %.3f | quantized F1 %.3f ROC-AUC %.3f (tolerance: F1 -%.3f, ROC-AUC -%.3f)",
                floatQ.f1(), floatQ.rocAuc(), quantQ.f1(), quantQ.rocAuc(), tolerance.f1(), tolerance.auc()));
        checkTolerance(floatQ, quantQ);
        long start = System.nanoTime();
        boolean[] encAlerts = encryptedDecisions(quantized, xs);
        long encryptedMillis = (System.nanoTime() - start) / 1_000_000;
        int mismatches = 0;
        double[] encDecisions = new double[test.size()];
        for (int i = 0; i < test.size(); i++) {
            if (encAlerts[i] != (quantScores[i] > 0)) {
                mismatches++;
            }
            encDecisions[i] = encAlerts[i] ? 1 : -1;
        }
        // decisions carry no ranking: no ROC-AUC for the encrypted pipeline
        Metrics.Quality encQ = Metrics.evaluate(encDecisions, labels);
        Metrics.Quality encrypted = new Metrics.Quality(encQ.truePositives(), encQ.falsePositives(), encQ.falseNegatives(),
                encQ.trueNegatives(), Double.NaN);
        int failures = 0;
        for (boolean l : labels) {
            failures += l ? 1 : 0;
        }
        return new Report(source, trainRaw.size(), test.size(), failures, floatQ, quantQ, encrypted, mismatches, encryptedMillis,
                quantized);
    }

    /** Refuses a quantized model that falls more than the tolerance behind the float one. */
    void checkTolerance(Metrics.Quality floatQ, Metrics.Quality quantQ) {
        double f1Drop = floatQ.f1() - quantQ.f1();
        double aucDrop = floatQ.rocAuc() - quantQ.rocAuc();
        if (f1Drop > tolerance.f1() || aucDrop > tolerance.auc() || Double.isNaN(quantQ.f1())) {
            throw new ToleranceException(String.format("the quantized model is outside the tolerance: F1 %.3f -> %.3f (drop %.3f,"
                    + " allowed %.3f), ROC-AUC %.3f -> %.3f (drop %.3f, allowed %.3f); the score bound of the decision blinding"
                    + " forces too coarse weights for this model — use fewer features, a smaller clip or resolution,"
                    + " or pass a larger tolerance", floatQ.f1(), quantQ.f1(), f1Drop, tolerance.f1(), floatQ.rocAuc(),
                    quantQ.rocAuc(), aucDrop, tolerance.auc()));
        }
    }

    private static int count(boolean[] labels) {
        int n = 0;
        for (boolean l : labels) {
            n += l ? 1 : 0;
        }
        return n;
    }

    /** Decides every row under BGV: a gateway's keys, the cloud's decision-only scorer, the gateway's decryption. */
    private boolean[] encryptedDecisions(QuantizedModel model, List<long[]> xs) {
        boolean[] out = new boolean[xs.size()];
        try (HeSession session = HeBackend.byName("bgv-java").open(PdmParameters.spec());
             HeKeyOwner gateway = session.generateKeys(SlotLayout.rotationSteps(model.encoding().blockSize()))) {
            HeEvaluator cloud = session.evaluator(gateway.exportPublicKey(), gateway.exportEvaluationKeys());
            EncryptedScorer scorer = new EncryptedScorer(model, cloud);
            SlotLayout layout = scorer.layout();
            int perCt = layout.windowsPerCiphertext();
            for (int from = 0; from < xs.size(); from += perCt) {
                int count = Math.min(perCt, xs.size() - from);
                long[] slots = layout.pack(xs.subList(from, from + count));
                HeCiphertext result = scorer.score(gateway.encrypt(slots), count);
                long[] dec = gateway.decryptChecked(result);
                for (int w = 0; w < count; w++) {
                    out[from + w] = DecisionBlinding.alert(layout.scoreOf(dec, w));
                }
                log.accept(String.format("encrypted scoring: %d / %d rows", from + count, xs.size()));
            }
        }
        return out;
    }

    public static String markdown(Report r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Data: %s — %d training rows, %d test rows (%d failures).%n%n", r.source(), r.trainRows(),
                r.testRows(), r.testFailures()));
        sb.append("| model | precision | recall | F1 | ROC-AUC |\n|---|---|---|---|---|\n");
        row(sb, "float (quadratic logistic regression)", r.floatModel());
        row(sb, "quantized (integer weights, 4 steps/spread)", r.quantized());
        row(sb, "encrypted pipeline (BGV, N=16384, decision-only)", r.encrypted());
        sb.append(String.format("%nEncrypted decisions that differ from the quantized model: %d of %d (scoring took %d ms).%n",
                r.encryptedMismatches(), r.testRows(), r.encryptedMillis()));
        return sb.toString();
    }

    private static void row(StringBuilder sb, String name, Metrics.Quality q) {
        sb.append(String.format("| %s | %.3f | %.3f | %.3f | %s |%n", name, q.precision(), q.recall(), q.f1(),
                Double.isNaN(q.rocAuc()) ? "— (decisions only)" : String.format("%.3f", q.rocAuc())));
    }
}

package io.smile.cli.train;

import io.smile.pdm.training.PdmTraining;
import io.smile.pdm.model.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code smile train}: the model owner's command. Writes the model file the cloud service loads. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train, quantize and verify (under BGV) the predictive-maintenance model.")
public final class TrainModelCli implements Callable<Integer> {
    @Option(names = "--data", description = "AI4I 2020 CSV (default: generate rows following the dataset paper)")
    Path data;

    @Option(names = "--generated-rows", defaultValue = "10000", description = "rows to generate when no --data is given (default ${DEFAULT-VALUE})")
    int generatedRows;

    @Option(names = "--out", defaultValue = "model/pdm-quadratic.json", description = "model file to write (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--report", description = "also write the quality table (markdown) here")
    Path report;

    @Option(names = "--model-id", defaultValue = "pdm-quadratic")
    String modelId;

    @Option(names = "--model-version", defaultValue = "1")
    int modelVersion;

    @Option(names = "--seed", defaultValue = "42", description = "split (and generator) seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--train-fraction", defaultValue = "0.8")
    double trainFraction;

    @Override
    public Integer call() throws Exception {
        if (data != null && !Files.isRegularFile(data)) {
            System.err.println("error: data file not found: " + data);
            return 2;
        }
        PdmTraining training = new PdmTraining(seed, trainFraction, m -> System.out.println("[train] " + m));
        String source = data != null ? data.toString() : generatedRows + " generated rows (seed " + seed + ")";
        PdmTraining.Report r = training.run(PdmTraining.load(data, generatedRows, seed), source);
        String table = PdmTraining.markdown(r);
        System.out.println();
        System.out.println(table);
        if (r.encryptedMismatches() != 0) {
            System.err.println("error: the encrypted pipeline disagrees with the quantized model on " + r.encryptedMismatches() + " rows");
            return 1;
        }
        Map<String, Double> quality = new LinkedHashMap<>();
        quality.put("test_precision", r.quantized().precision());
        quality.put("test_recall", r.quantized().recall());
        quality.put("test_f1", r.quantized().f1());
        quality.put("test_roc_auc", r.quantized().rocAuc());
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        ModelFile.of(modelId, modelVersion, r.model(), quality).write(out);
        System.out.println("model written to " + out.toAbsolutePath() + " (keep it in the cloud: it is the model owner's property)");
        if (report != null) {
            Files.writeString(report, table);
        }
        return 0;
    }

}

package io.smile.cli.train;

import io.smile.data.ai4i.Ai4iFormatException;
import io.smile.pdm.model.ModelFile;
import io.smile.pdm.training.HistoryFormatException;
import io.smile.pdm.training.PdmTraining;
import io.smile.pdm.training.ProfileTraining;
import io.smile.profiles.LabelRule;
import io.smile.profiles.MachineProfile;
import io.smile.profiles.ProfileException;
import io.smile.profiles.ProfileLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code smile train}: the model owner's command. Writes the model file the cloud service loads.
 * Without {@code --profile} it trains the AI4I model (the AI4I CSV or generated rows); with
 * {@code --profile machine.yaml --data history.csv} any machine type, from its profile's
 * {@code history:} section. Bad input ends with one line on stderr and exit code 2.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train, quantize and verify (under BGV) the predictive-maintenance model.")
public final class TrainModelCli implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--profile", description = "machine profile YAML (or a built-in id such as ai4i-milling, centrifugal-pump);"
            + " needs --data: a history CSV mapped by the profile's history section")
    String profile;

    @Option(names = "--data", description = "AI4I 2020 CSV (default: generate rows following the dataset paper),"
            + " or with --profile the machine's history CSV")
    Path data;

    @Option(names = "--label-rule", description = "with --profile: column:<name> or failure-within:<N> (overrides the profile's history.label)")
    String labelRule;

    @Option(names = "--generated-rows", defaultValue = "10000", description = "rows to generate when no --data is given (default ${DEFAULT-VALUE})")
    int generatedRows;

    @Option(names = "--out", defaultValue = "model/pdm-quadratic.json", description = "model file to write (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--report", description = "also write the quality table (markdown) here")
    Path report;

    @Option(names = "--model-id", description = "model id (default: pdm-quadratic, or the profile id with --profile)")
    String modelId;

    @Option(names = "--model-version", defaultValue = "1")
    int modelVersion;

    @Option(names = "--seed", defaultValue = "42", description = "split (and generator) seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--train-fraction", defaultValue = "0.8")
    double trainFraction;

    @Option(names = "--tolerance-f1", defaultValue = "0.10", description = "largest F1 drop float -> quantized accepted (default ${DEFAULT-VALUE})")
    double toleranceF1;

    @Option(names = "--tolerance-auc", defaultValue = "0.03", description = "largest ROC-AUC drop float -> quantized accepted (default ${DEFAULT-VALUE})")
    double toleranceAuc;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outw = spec.commandLine().getOut();
        try {
            return train(outw, err);
        } catch (ProfileException | HistoryFormatException | PdmTraining.ToleranceException | IllegalArgumentException
                 | IOException e) {
            // the user's input or the model's quality: one line, no stack trace
            err.println("error: " + oneLine(e));
            err.flush();
            return 2;
        }
    }

    private int train(PrintWriter outw, PrintWriter err) throws IOException {
        if (data != null && !Files.isRegularFile(data)) {
            err.println("error: data file not found: " + data);
            return 2;
        }
        PdmTraining.Tolerance tolerance = new PdmTraining.Tolerance(toleranceF1, toleranceAuc);
        PdmTraining.Report r;
        String id;
        if (profile != null) {
            if (data == null) {
                err.println("error: --profile needs --data <history.csv>");
                return 2;
            }
            MachineProfile machine = loadProfile(profile);
            LabelRule rule = labelRule == null ? null : LabelRule.parse(labelRule);
            r = new ProfileTraining(seed, trainFraction, tolerance, m -> outw.println("[train] " + m)).run(machine, data, rule);
            id = modelId != null ? modelId : machine.id();
        } else {
            if (labelRule != null) {
                err.println("error: --label-rule needs --profile");
                return 2;
            }
            PdmTraining training = new PdmTraining(seed, trainFraction, tolerance, m -> outw.println("[train] " + m));
            String source = data != null ? data.toString() : generatedRows + " generated rows (seed " + seed + ")";
            try {
                r = training.run(PdmTraining.load(data, generatedRows, seed), source);
            } catch (Ai4iFormatException e) {
                err.println("error: " + oneLine(e) + " (not an AI4I 2020 CSV? for another machine use --profile)");
                return 2;
            }
            id = modelId != null ? modelId : "pdm-quadratic";
        }
        String table = PdmTraining.markdown(r);
        outw.println();
        outw.println(table);
        if (r.encryptedMismatches() != 0) {
            err.println("error: the encrypted pipeline disagrees with the quantized model on " + r.encryptedMismatches() + " rows");
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
        ModelFile.of(id, modelVersion, r.model(), quality).write(out);
        outw.println("model written to " + out.toAbsolutePath() + " (keep it in the cloud: it is the model owner's property)");
        if (report != null) {
            Files.writeString(report, table);
        }
        outw.flush();
        return 0;
    }

    /** A profile file, or a built-in profile id. */
    static MachineProfile loadProfile(String nameOrPath) {
        Path p = Path.of(nameOrPath);
        ProfileLoader loader = new ProfileLoader();
        if (Files.isRegularFile(p)) {
            return loader.loadMachineProfile(p);
        }
        if (nameOrPath.endsWith(".yaml") || nameOrPath.contains("/")) {
            throw new IllegalArgumentException("machine profile not found: " + nameOrPath);
        }
        return loader.builtinMachineProfile(nameOrPath);
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ').replaceAll("\\s+", " ").trim();
    }
}

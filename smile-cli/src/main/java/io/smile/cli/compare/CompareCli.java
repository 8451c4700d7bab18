package io.smile.cli.compare;

import io.smile.compare.Comparison;
import io.smile.compare.Report;
import io.smile.compare.Settings;
import io.smile.compare.Task;
import io.smile.pdm.training.PdmTraining;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code smile compare}: runs every approach on the product's AI4I split and writes docs/comparison.md with its plots. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Measure HE against SMPC (FRESCO SPDZ), central and local DP, synthetic data and transfer learning "
                + "on the same AI4I split; write a Markdown table and PNG plots.")
public final class CompareCli implements Callable<Integer> {
    @Option(names = "--data", description = "AI4I 2020 CSV (default: ../shared/data/ai4i2020.csv if present, else generated rows; "
            + "--quick always generates)")
    Path data;

    @Option(names = "--generated-rows", description = "rows to generate without a data file (default 10000, --quick 3000)")
    Integer generatedRows;

    @Option(names = "--quick", description = "small sizes for CI (well under a minute)")
    boolean quick;

    @Option(names = "--out", defaultValue = "docs/comparison.md", description = "Markdown file to write; the plots go beside it (default ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "split and generator seed (default ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        Path csv = data;
        if (csv == null && !quick && Files.isRegularFile(Path.of("../shared/data/ai4i2020.csv"))) {
            csv = Path.of("../shared/data/ai4i2020.csv");
        }
        if (csv != null && !Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("data file not found: " + csv);
        }
        int rows = generatedRows != null ? generatedRows : quick ? 3000 : 10000;
        String source = csv != null ? "AI4I 2020 file " + csv.getFileName() : rows + " generated AI4I-like rows (seed " + seed + ")";
        Task task = Task.of(PdmTraining.load(csv, rows, seed), source, seed, 0.8);
        Comparison.Outcome o = new Comparison(quick ? Settings.quick() : Settings.full(), m -> System.out.println("[compare] " + m))
                .run(task);
        StringBuilder cmd = new StringBuilder("./smile compare");
        if (quick) {
            cmd.append(" --quick");
        }
        if (data != null) {
            cmd.append(" --data ").append(data);
        }
        if (generatedRows != null) {
            cmd.append(" --generated-rows ").append(generatedRows);
        }
        if (seed != 42) {
            cmd.append(" --seed ").append(seed);
        }
        if (!out.equals(Path.of("docs/comparison.md"))) {
            cmd.append(" --out ").append(out);
        }
        Report.write(o, out, cmd.toString());
        System.out.println("written: " + out.toAbsolutePath() + " and its plots");
        return 0;
    }
}

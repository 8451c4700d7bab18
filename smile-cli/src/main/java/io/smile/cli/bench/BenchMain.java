package io.smile.cli.bench;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeException;
import io.smile.he.bench.BackendComparison;
import io.smile.he.bench.Harness;
import io.smile.he.bench.Stats;
import io.smile.he.bench.Table;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.BgvPreset;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./smile bench [--markdown]}: wall times (median, p10, p90) of
 * every BGV engine operation and the serialized sizes of ciphertexts and keys, for the chosen
 * presets and thread counts. Results go to stdout, progress to stderr.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, version = "smile bench 0.1.0",
        description = "Benchmarks the SMiLe BGV engine: median, p10 and p90 wall time of each operation, "
                + "with one BgvContext per thread count, plus the serialized sizes of ciphertexts and keys.")
public final class BenchMain implements Callable<Integer> {
    @Option(names = "--preset", split = ",", paramLabel = "PRESET",
            description = "Parameter presets, comma-separated (default: N8192_DEPTH3,N16384_DEPTH5). One of: ${COMPLETION-CANDIDATES}")
    List<BgvPreset> presets;

    @Option(names = "--threads", split = ",", paramLabel = "N",
            description = "Thread counts, comma-separated (default: 1 and all cores)")
    List<Integer> threads;

    @Option(names = "--iterations", description = "Timed iterations per operation (default: 15, or 5 with --backend)")
    Integer iterations;

    @Option(names = "--warmup", defaultValue = "5", description = "Untimed warm-up iterations per operation (default: ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--backend", split = ",", paramLabel = "BACKEND",
            description = "Compare these he-api backends side by side in one run instead (e.g. bgv-java,helib): "
                    + "single thread, operations alternating between the backends, median of --iterations, "
                    + "Markdown tables with the ratio per operation. helib needs its native library "
                    + "(mvn -B verify -Pnative-helib -pl native-helib -am; ./smile then finds it)")
    List<String> backends;

    @Option(names = "--markdown", description = "Print markdown tables")
    boolean markdown;

    @Option(names = "--input-seed", defaultValue = "1", hidden = true,
            description = "Seed of the random input vectors (not of any key or encryption)")
    long inputSeed;

    private final PrintStream out;
    private final PrintStream err;

    public BenchMain() {
        this(System.out, System.err);
    }

    BenchMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }


    @Override
    public Integer call() {
        if (iterations == null) {
            iterations = backends == null ? 15 : 5;
        }
        if (iterations < 1 || warmup < 0) {
            err.println("--iterations must be >= 1 and --warmup >= 0");
            return 2;
        }
        List<BgvPreset> chosenPresets = presets == null || presets.isEmpty()
                ? List.of(BgvPreset.N8192_DEPTH3, BgvPreset.N16384_DEPTH5) : presets;
        if (backends != null) {
            return compareBackends(chosenPresets);
        }
        int cores = Runtime.getRuntime().availableProcessors();
        LinkedHashSet<Integer> threadSet = new LinkedHashSet<>();
        if (threads == null || threads.isEmpty()) {
            threadSet.add(1);
            threadSet.add(cores);
        } else {
            for (int t : threads) {
                if (t < 1) {
                    err.println("--threads values must be >= 1, got " + t);
                    return 2;
                }
                threadSet.add(t);
            }
        }
        List<Integer> threadList = new ArrayList<>(threadSet);

        long started = System.nanoTime();
        out.print(environment(cores));
        Harness harness = new Harness(iterations, warmup, inputSeed);
        for (BgvPreset preset : chosenPresets) {
            out.print(presetReport(preset.name(), preset.parameters(), threadList, harness));
            out.flush();
        }
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        if (load >= 0) {
            out.printf(markdown ? "- system load average at end: %.2f; total run time %.0f s%n"
                    : "system load average at end: %.2f; total run time %.0f s%n", load, (System.nanoTime() - started) / 1e9);
        }
        err.printf("done in %.0f s%n", (System.nanoTime() - started) / 1e9);
        return 0;
    }

    /** --backend: the side-by-side table of he-bench's {@link BackendComparison}. */
    private int compareBackends(List<BgvPreset> chosenPresets) {
        List<String> names = backends.stream().map(String::trim).filter(b -> !b.isEmpty()).distinct().toList();
        List<String> known = HeBackend.available().stream().map(HeBackend::name).toList();
        for (String b : names) {
            if (!known.contains(b)) {
                err.println("unknown backend '" + b + "' (available: " + String.join(", ", known) + ")");
                return 2;
            }
        }
        if (names.isEmpty()) {
            err.println("--backend needs at least one backend name");
            return 2;
        }
        long started = System.nanoTime();
        out.print(environment(Runtime.getRuntime().availableProcessors()));
        try {
            BackendComparison.run(names, chosenPresets.stream().map(Enum::name).toList(), iterations, out);
        } catch (HeException e) {
            err.println("cannot open a backend: " + e.getMessage());
            return 2;
        }
        err.printf("done in %.0f s%n", (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private String environment(int cores) {
        Runtime rt = Runtime.getRuntime();
        String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (" + System.getProperty("java.vendor") + ")";
        String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
        String date = ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String heap = (rt.maxMemory() >> 20) + " MiB";
        String jvmArgs = String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments());
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        String cpus = cores + (load < 0 ? "" : String.format(" (system load average at start: %.2f)", load));
        if (load > cores / 2.0) {
            err.printf("warning: system load average %.2f on %d CPUs: other processes will distort the timings%n", load, cores);
        }
        StringBuilder sb = new StringBuilder();
        if (markdown) {
            sb.append("# SMiLe BGV engine benchmark\n\n");
            sb.append("- date: ").append(date).append('\n');
            sb.append("- JVM: ").append(jvm).append('\n');
            sb.append("- JVM options: ").append(jvmArgs.isEmpty() ? "(none)" : jvmArgs).append(", max heap ").append(heap).append('\n');
            sb.append("- OS: ").append(os).append('\n');
            sb.append("- CPUs (available processors): ").append(cpus).append('\n');
            sb.append("- method: ").append(method()).append("\n\n");
        } else {
            sb.append("SMiLe BGV engine benchmark\n");
            sb.append("date:        ").append(date).append('\n');
            sb.append("JVM:         ").append(jvm).append('\n');
            sb.append("JVM options: ").append(jvmArgs.isEmpty() ? "(none)" : jvmArgs).append(", max heap ").append(heap).append('\n');
            sb.append("OS:          ").append(os).append('\n');
            sb.append("CPUs:        ").append(cpus).append('\n');
            sb.append("method:      ").append(method()).append("\n\n");
        }
        return sb.toString();
    }

    private String method() {
        return "wall time in ms, median [p10 – p90] of " + iterations + " timed iterations after " + warmup
                + " warm-up iterations (plus one untimed JIT warm-up pass over all operations per preset); every "
                + "iteration on fresh random inputs (uniform slot values, fresh public-key encryptions at the top "
                + "level); one BgvContext per thread count, thread counts interleaved iteration by iteration";
    }

    String presetReport(String name, BgvParameters params, List<Integer> threadList, Harness harness) {
        Map<Integer, Map<String, Stats>> byThreads = harness.run(params, threadList,
                op -> err.printf("[%s] %s%n", name, op));
        String security = params.meetsSecurityStandard()
                ? String.format("128-bit (log2 QP = %.1f <= %d, HE standard)", params.logQP(), BgvParameters.maxSecureLogQP(params.degree()))
                : "NOT 128-bit secure (test parameters)";

        String[] header = new String[1 + threadList.size()];
        boolean[] right = new boolean[header.length];
        header[0] = "Operation";
        for (int i = 0; i < threadList.size(); i++) {
            int t = threadList.get(i);
            header[i + 1] = t + (t == 1 ? " thread" : " threads") + ", ms";
            right[i + 1] = true;
        }
        Table timings = new Table(header, right);
        for (String op : byThreads.values().iterator().next().keySet()) {
            String[] row = new String[header.length];
            row[0] = op;
            int i = 1;
            for (Map<String, Stats> m : byThreads.values()) {
                row[i++] = m.get(op).format();
            }
            timings.add(row);
        }

        Table sizes = new Table(new String[] {"Object", "bytes", "size"}, new boolean[] {false, true, true});
        for (Map.Entry<String, Long> e : Harness.sizes(params, threadList.get(threadList.size() - 1)).entrySet()) {
            sizes.add(e.getKey(), String.format("%,d", e.getValue()), human(e.getValue()));
        }

        StringBuilder sb = new StringBuilder();
        if (markdown) {
            sb.append("## ").append(name).append("\n\n");
            sb.append("`").append(params).append("`, security: ").append(security).append("\n\n");
            sb.append("Wall time in ms: median [p10 – p90]\n\n");
            sb.append(timings.render(true)).append('\n');
            sb.append("Serialized sizes (bit-packed wire format)\n\n");
            sb.append(sizes.render(true)).append('\n');
        } else {
            sb.append("== ").append(name).append(": ").append(params).append('\n');
            sb.append("security: ").append(security).append("\n\n");
            sb.append("Wall time in ms: median [p10 – p90]\n");
            sb.append(timings.render(false)).append('\n');
            sb.append("Serialized sizes (bit-packed wire format)\n");
            sb.append(sizes.render(false)).append('\n');
        }
        return sb.toString();
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KiB", bytes / 1024.0);
        }
        return String.format("%.2f MiB", bytes / (1024.0 * 1024.0));
    }
}

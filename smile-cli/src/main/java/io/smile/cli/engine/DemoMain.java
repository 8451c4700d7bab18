package io.smile.cli.engine;

import io.smile.he.bgv.BgvPreset;
import io.smile.he.bgv.NoiseBudgetExhaustedException;
import io.smile.he.ring.Parallel;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./smile engine [--preset P] [--threads N] [--seed S]}: exit 0 if the check passes, 1 if not. */
@Command(name = "engine", mixinStandardHelpOptions = true, version = "smile engine 0.1.0",
        description = "Encrypts simulated sensor readings, scores them homomorphically with the SMiLe BGV engine, "
                + "decrypts, and checks the result against the same computation on plaintext (exit code 1 on mismatch).")
public final class DemoMain implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "N8192_DEPTH3",
            description = "Parameter preset (default: ${DEFAULT-VALUE}). One of: ${COMPLETION-CANDIDATES}")
    BgvPreset preset;

    @Option(names = "--threads", description = "Worker threads (default: all cores)")
    Integer threads;

    @Option(names = "--seed", description = "TEST ONLY: derive keys, encryption randomness and data deterministically "
            + "from this seed (reproducible, protects nothing)")
    Long seed;


    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new DemoMain());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl;
    }

    @Override
    public Integer call() {
        int t = threads == null ? Parallel.defaultThreads() : threads;
        if (t < 1) {
            System.err.println("--threads must be >= 1, got " + t);
            return 2;
        }
        try {
            EngineDemo.Result r = new EngineDemo(System.out).run(preset.name(), preset.parameters(), t, seed);
            System.out.flush();
            return r.ok() ? 0 : 1;
        } catch (NoiseBudgetExhaustedException e) {
            System.out.flush();
            System.err.println("FAILED: " + e.getMessage());
            return 1;
        }
    }
}

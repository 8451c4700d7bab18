package io.smile.federation.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench}: per-round time and bytes of the secure-sum protocol for several federation sizes. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure key generation and secure-sum rounds over the embedded MQTT broker.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--parties", defaultValue = "3,5,10", split = ",")
    List<Integer> parties;

    @Option(names = "--width", defaultValue = "512", description = "values per contribution (default ${DEFAULT-VALUE})")
    int width;

    @Option(names = "--rounds", defaultValue = "5", description = "measured rounds per size (default ${DEFAULT-VALUE})")
    int rounds;

    @Override
    public Integer call() {
        System.out.println(SecureSumBench.run(parties, width, rounds, System.out::println));
        return 0;
    }
}

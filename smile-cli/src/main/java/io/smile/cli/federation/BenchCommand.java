package io.smile.cli.federation;

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

    @Option(names = "--threshold", defaultValue = "0",
            description = "t of the threshold decryption (default 0 = majority of each size; t = n is n-out-of-n)")
    int threshold;

    @Option(names = "--dropout", description = "also measure one dropout: a member that stops after contributing to round 1")
    boolean dropout;

    @Option(names = "--signing", description = "only the signed transcript's cost per round (sign, verify, bytes)")
    boolean signing;

    @Override
    public Integer call() {
        if (signing) {
            System.out.println(SigningOverheadBench.run(parties, threshold, Math.max(rounds, 10)));
            return 0;
        }
        System.out.println(SecureSumBench.run(parties, width, rounds, threshold, dropout, System.out::println));
        return 0;
    }
}

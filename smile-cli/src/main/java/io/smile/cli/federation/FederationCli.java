package io.smile.cli.federation;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code smile federation}: federated training of the PdM model and the secure-sum benchmark. */
@Command(name = "federation", mixinStandardHelpOptions = true,
        subcommands = {PdmTrainCommand.class, PdmMemberCommand.class, IdentityCommand.class, BenchCommand.class},
        description = "Federated learning over MQTT with multiparty BGV secure sums (t-out-of-n threshold decryption).")
public final class FederationCli implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

}

package io.smile.cli.simulator;

import io.smile.simulator.MachineSimulator;
import io.smile.simulator.SimulatorConfig;
import io.smile.simulator.SimulatorException;
import io.smile.simulator.SimulatorSecurity;
import io.smile.profiles.Fleet;
import io.smile.profiles.MachineProfile;
import io.smile.profiles.ProfileException;
import io.smile.profiles.ProfileLoader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line: starts the simulator and runs until interrupted (or until {@code --records}
 * samples per machine are published).
 *
 * <pre>
 * ./smile simulator --machines 8 --rate 2
 * ./smile simulator --fleet example-fleet.yaml --data ../shared/data/ai4i2020.csv
 * </pre>
 */
@Command(name = "simulator", mixinStandardHelpOptions = true, version = "smile simulator 0.1.0",
        description = "OPC UA server exposing simulated AI4I 2020 milling machines (replay of the data set or a "
                + "generator following the data set's description).")
public final class SimulatorCli implements Callable<Integer> {

    @Option(names = "--fleet", paramLabel = "<yaml>",
            description = "Fleet file: simulate the machines of one gateway, listening on the port and path of its"
                    + " endpoint URL (built-in: example-fleet).")
    Path fleet;

    @Option(names = "--gateway", paramLabel = "<id>", description = "Gateway of the fleet (default: the first).")
    String gateway;

    @Option(names = "--data", paramLabel = "<csv>",
            description = "Replay this AI4I 2020 CSV (ai4i2020.csv). Default: the generator.")
    Path data;

    @Option(names = "--rate", paramLabel = "<Hz>", defaultValue = "1",
            description = "Records per second per machine (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--port", paramLabel = "<port>",
            description = "TCP port (default: the fleet endpoint's port, else 4840; 0 = any free port).")
    Integer port;

    @Option(names = "--machines", paramLabel = "<n>",
            description = "Number of machines (without --fleet: Mill01..MillNN of --profile, default 8; with"
                    + " --fleet: the gateway's first n machines).")
    Integer machines;

    @Option(names = "--profile", paramLabel = "<id>", defaultValue = "ai4i-milling",
            description = "Built-in machine profile without --fleet (default: ${DEFAULT-VALUE}).")
    String profile;

    @Option(names = "--seed", defaultValue = "1", description = "Generator seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--bind", defaultValue = SimulatorConfig.DEFAULT_BIND,
            description = "Listen address (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--hostname", description = "Host name advertised in endpoint URLs (default: the fleet"
            + " endpoint's host, else the listen address).")
    String hostname;

    @Option(names = "--security", defaultValue = "BOTH",
            description = "Endpoints: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    SimulatorSecurity security;

    @Option(names = "--records", paramLabel = "<n>", defaultValue = "0",
            description = "Stop after n records per machine (default: run until interrupted).")
    long records;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Builds the configuration from the options (visible for tests). */
    SimulatorConfig config() {
        if (rate < 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--rate must be >= 0, got " + rate);
        }
        ProfileLoader loader = new ProfileLoader();
        SimulatorConfig.Builder b = SimulatorConfig.builder().seed(seed).rateHz(rate).bindAddress(bind)
                .security(security).dataset(data);
        if (fleet != null) {
            Fleet f = ProfileLoader.BUILTIN_FLEETS.contains(fleet.toString()) && !fleet.toFile().exists()
                    ? loader.loadBuiltinFleet(fleet.toString()) : loader.loadFleet(fleet);
            b.fleetGateway(f, gateway, machines == null ? 0 : machines);
        } else {
            if (gateway != null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--gateway needs --fleet");
            }
            MachineProfile p = loader.builtinMachineProfile(profile);
            b.machines(p, machines == null ? 8 : machines).port(4840);
        }
        if (port != null) {
            b.port(port);
        }
        if (hostname != null) {
            b.hostname(hostname);
        }
        return b.build();
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        SimulatorConfig config = config();
        if (config.rateHz() == 0 && records == 0) {
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "--rate 0 publishes nothing; give a rate above 0");
        }
        CountDownLatch done = new CountDownLatch(1);
        try (MachineSimulator sim = MachineSimulator.start(config)) {
            out.println("endpoint " + sim.endpointUrl());
            out.println("machines " + String.join(",", sim.machineIds()));
            out.flush();
            if (records > 0) {
                if (config.rateHz() == 0) {
                    sim.publish((int) Math.min(Integer.MAX_VALUE, records));
                    done.countDown();
                } else {
                    long target = records * sim.machineIds().size();
                    sim.addListener(p -> {
                        if (p.sequence() >= records && sim.recordsPublished() >= target) {
                            done.countDown();
                        }
                    });
                }
            }
            Thread hook = new Thread(done::countDown, "machine-simulator-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                done.await();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is exiting: nothing to remove
                }
            }
            out.println("published " + sim.recordsPublished() + " records");
            out.flush();
        }
        return 0;
    }

    /** Runs the command; returns the exit code (0 ok, 1 error, 2 usage). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return io.smile.cli.SmileCli.run(out, err, io.smile.cli.SmileCli.job("simulator", args));
    }

}

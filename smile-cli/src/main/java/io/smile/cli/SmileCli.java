package io.smile.cli;

import io.smile.cli.bench.BenchMain;
import io.smile.cli.compare.CompareCli;
import io.smile.cli.demo.MainJob;
import io.smile.cli.edge.EdgeAgentCli;
import io.smile.cli.engine.DemoMain;
import io.smile.cli.federation.FederationCli;
import io.smile.cli.simulator.SimulatorCli;
import io.smile.cli.train.TrainModelCli;
import io.smile.cli.workforce.WorkforceCli;
import io.smile.edge.EdgeAgentException;
import io.smile.profiles.ProfileException;
import io.smile.simulator.SimulatorException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code smile}: the one entry point of the product's command line. Every job is a subcommand with
 * its own {@code --help} and its defaults in Java; {@code ./smile} at the repository root builds the
 * jar when a tracked file is newer and runs this class.
 */
@Command(name = "smile", mixinStandardHelpOptions = true, version = "smile 0.1.0",
        description = "SMiLe — secure machine learning on homomorphically encrypted industrial data.",
        commandListHeading = "%nJobs:%n")
public final class SmileCli implements Callable<Integer> {
    private SmileCli() {
    }

    /** The root command with every job; one place for the error contract of all of them. */
    public static CommandLine commandLine() {
        CommandLine root = new CommandLine(new SmileCli());
        root.addSubcommand("demo", new MainJob());
        root.addSubcommand("engine", new DemoMain());
        root.addSubcommand("train", new TrainModelCli());
        root.addSubcommand("bench", new BenchMain());
        root.addSubcommand("federation", new FederationCli());
        root.addSubcommand("workforce", new WorkforceCli());
        root.addSubcommand("edge", new EdgeAgentCli());
        root.addSubcommand("simulator", new SimulatorCli());
        root.addSubcommand("compare", new CompareCli());
        root.setCaseInsensitiveEnumValuesAllowed(true);
        // configuration mistakes end with their message and exit code 1; anything else is a bug and keeps its trace
        root.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof IllegalArgumentException || e instanceof ProfileException
                    || e instanceof EdgeAgentException || e instanceof SimulatorException) {
                cmd.getErr().println("error: " + e.getMessage());
                cmd.getErr().flush();
                return 1;
            }
            throw e;
        });
        return root;
    }

    /** Runs {@code args} with the given streams; returns the exit code (0 ok, 1 error, 2 usage). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine root = commandLine();
        root.setOut(out);
        root.setErr(err);
        return root.execute(args);
    }

    /** Prepends {@code job} to {@code args}: the commands' own test entry points go through the root. */
    public static String[] job(String job, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = job;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    @Override
    public Integer call() {
        CommandLine.usage(this, System.out);
        return 2;
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }
}

package io.smile.cli.edge;

import io.smile.edge.EdgeAgent;
import io.smile.edge.EdgeAgentConfig;
import io.smile.edge.EdgeAgentException;
import io.smile.edge.metrics.MetricsEndpoint;
import io.smile.edge.opcua.OpcUaSecurity;
import io.smile.profiles.Fleet;
import io.smile.profiles.ProfileException;
import io.smile.profiles.ProfileLoader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of the edge agent: {@code java -jar edge-agent-all.jar --gateway gw-hall-a}. Runs
 * until interrupted (Ctrl-C) or for {@code --run-seconds}.
 */
@Command(name = "edge", mixinStandardHelpOptions = true, version = "smile edge 0.1.0",
        description = "Reads machines over OPC UA, encrypts feature windows with the gateway's own BGV key, publishes"
                + " them over MQTT v5 and decrypts the cloud's encrypted results locally.")
public final class EdgeAgentCli implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeAgentCli.class);

    @Option(names = "--fleet", paramLabel = "<yaml>",
            description = "Fleet file (default: the built-in example fleet).")
    Path fleet;

    @Option(names = "--gateway", paramLabel = "<id>", description = "Gateway of the fleet (default: its first).")
    String gateway;

    @Option(names = "--state-dir", paramLabel = "<dir>",
            description = "Keys, outbox, pending results, result logs (default: ./edge-state/<gateway>).")
    Path stateDir;

    @Option(names = "--broker", paramLabel = "<url>", description = "MQTT broker URL overriding the fleet's,"
            + " e.g. tcp://127.0.0.1:1883.")
    URI broker;

    @Option(names = "--opcua-endpoint", paramLabel = "<url>",
            description = "OPC UA endpoint overriding the gateway's, e.g. opc.tcp://127.0.0.1:4840/smile-sim.")
    URI opcUaEndpoint;

    @Option(names = "--model", paramLabel = "<id>", defaultValue = EdgeAgentConfig.DEFAULT_MODEL,
            description = "Model the cloud evaluates (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--batch-interval-ms", paramLabel = "<ms>", defaultValue = "1000",
            description = "Encrypt and send the collected windows this often (default: ${DEFAULT-VALUE}).")
    long batchIntervalMs;

    @Option(names = "--max-windows", paramLabel = "<n>", defaultValue = "0",
            description = "At most this many windows per ciphertext (default 0: slots / block size, capped by the"
                    + " gateway profile's machinesPerCiphertext).")
    int maxWindows;

    @Option(names = "--outbox-max-mb", paramLabel = "<mb>", defaultValue = "512",
            description = "Bound of the on-disk outbox; when full the OLDEST unsent batches are dropped"
                    + " (default: ${DEFAULT-VALUE}).")
    long outboxMaxMb;

    @Option(names = "--sampling-interval-ms", paramLabel = "<ms>", defaultValue = "0",
            description = "OPC UA sampling interval for every node (default 0: each sensor's profile value).")
    int samplingIntervalMs;

    @Option(names = "--periodic-read",
            description = "Read every node at each sampling tick instead of subscribing to data changes (for OPC UA"
                    + " servers that report only changed values); overrides the fleet's `read:` for this gateway.")
    boolean periodicRead;

    @Option(names = "--result-timeout-ms", paramLabel = "<ms>", defaultValue = "60000",
            description = "Re-send a batch (same sequence and bytes) when its result has not arrived this long after the"
                    + " broker acknowledged it; doubles with every re-send (default: ${DEFAULT-VALUE}).")
    long resultTimeoutMs;

    @Option(names = "--max-result-timeout-ms", paramLabel = "<ms>", defaultValue = "600000",
            description = "Upper bound of the doubling result timeout (default: ${DEFAULT-VALUE}).")
    long maxResultTimeoutMs;

    @Option(names = "--result-max-age-s", paramLabel = "<s>", defaultValue = "86400",
            description = "Give a batch up (counted and logged as lost) when no result came this long after it was"
                    + " created (default: ${DEFAULT-VALUE}).")
    long resultMaxAgeSeconds;

    @Option(names = "--opcua-security", paramLabel = "<mode>", defaultValue = "NONE",
            description = "OPC UA transport security: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OpcUaSecurity opcUaSecurity;

    @Option(names = "--metrics-port", paramLabel = "<port>", defaultValue = "-1",
            description = "Serve Prometheus metrics at http://<metrics-host>:<port>/metrics (default: off; 0 = any free port).")
    int metricsPort;

    @Option(names = "--metrics-host", paramLabel = "<address>", defaultValue = "127.0.0.1",
            description = "Address of the metrics endpoint (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--run-seconds", paramLabel = "<s>", defaultValue = "0",
            description = "Stop after this many seconds (default 0: run until interrupted).")
    long runSeconds;

    private final CountDownLatch stopSignal = new CountDownLatch(1);

    @Override
    public Integer call() throws Exception {
        ProfileLoader loader = new ProfileLoader();
        Fleet f = fleet == null ? loader.loadBuiltinFleet("example-fleet") : loader.loadFleet(fleet);
        EdgeAgentConfig.Builder b = EdgeAgentConfig.builder(f, gateway)
                .modelId(model)
                .batchInterval(Duration.ofMillis(batchIntervalMs))
                .maxWindowsPerBatch(maxWindows)
                .outboxMaxMb(outboxMaxMb)
                .samplingIntervalMs(samplingIntervalMs)
                .resultTimeout(Duration.ofMillis(resultTimeoutMs))
                .maxResultTimeout(Duration.ofMillis(maxResultTimeoutMs))
                .pendingResultTtl(Duration.ofSeconds(resultMaxAgeSeconds))
                .opcUaSecurity(opcUaSecurity)
                .brokerUrl(broker)
                .opcUaEndpoint(opcUaEndpoint);
        if (stateDir != null) {
            b.stateDir(stateDir);
        }
        if (periodicRead) {
            b.periodicRead(true);
        }
        EdgeAgentConfig config = b.build();
        EdgeAgent agent = new EdgeAgent(config);
        Thread hook = new Thread(() -> {
            agent.stop();
            stopSignal.countDown();
        }, "edge-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        agent.start();
        MetricsEndpoint metrics = null;
        if (metricsPort >= 0) {
            try {
                metrics = new MetricsEndpoint(agent, metricsHost, metricsPort);
            } catch (java.io.IOException e) {
                agent.stop();
                throw new EdgeAgentException("cannot serve metrics on " + metricsHost + ":" + metricsPort + ": " + e.getMessage(), e);
            }
            LOG.info("metrics at http://{}:{}/metrics", metricsHost, metrics.port());
        }
        if (runSeconds > 0) {
            stopSignal.await(runSeconds, TimeUnit.SECONDS);
        } else {
            stopSignal.await();
        }
        if (metrics != null) {
            metrics.close();
        }
        agent.stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        return 0;
    }

    /** Parses and runs through the root command; returns the exit code (2: usage, 1: configuration or start failure). */
    static int run(PrintWriter out, PrintWriter err, String... args) {
        return io.smile.cli.SmileCli.run(out, err, io.smile.cli.SmileCli.job("edge", args));
    }
}

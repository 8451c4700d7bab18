package io.smile.cli.faults;

import io.smile.broker.FileTrees;
import io.smile.broker.LoopbackPorts;
import io.smile.broker.MosquittoBroker;
import io.smile.broker.SmallFileSystem;
import io.smile.pdm.model.ModelFile;
import io.smile.pdm.training.PdmTraining;
import io.smile.profiles.Fleet;
import io.smile.profiles.ProfileLoader;
import io.smile.simulator.MachineSimulator;
import io.smile.simulator.SimulatorConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Assumptions;

/**
 * One scenario's deployment on loopback: a {@link MosquittoBroker} that saves on every change, the Milo machine simulator with
 * the gateway's eight machines (stepped by a {@link SampleStream}), the cloud service ({@link CloudNode})
 * and the edge agent ({@link EdgeNode}), each in its own process but the simulator. Files and logs stay in
 * {@code target/faults/<scenario>} for the post-mortem.
 */
final class FaultRig implements AutoCloseable {
    static final String TENANT = "faults";
    static final String GATEWAY = "gw-hall-a";
    static final int MACHINES = 8;
    /** Samples per second per machine: 80 windows/s for the gateway. */
    static final double RATE_HZ = 10;
    static final long BATCH_INTERVAL_MS = 1000;

    private static Path root;
    private static Path model;
    private static Path fleetFile;
    private static Fleet fleet;

    final String name;
    final Path dir;
    // assigned in start order; close() ends what was started
    MosquittoBroker broker;
    /** The edge's state directory's own small file system, for the disk-full scenario (else null). */
    SmallFileSystem edgeDisk;
    MachineSimulator sim;
    SampleStream stream;
    CloudNode cloud;
    EdgeNode edge;
    private final int edgeMetricsPort = LoopbackPorts.free();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final long startedAt = System.currentTimeMillis();

    /** Trains the model once for the suite and writes the fleet file. */
    static synchronized void prepare() throws IOException {
        if (root != null) {
            return;
        }
        Path r = Path.of("target", "faults").toAbsolutePath();
        FileTrees.deleteTree(r);
        Files.createDirectories(r);
        Path m = r.resolve("model/pdm-quadratic.json");
        Files.createDirectories(m.getParent());
        PdmTraining.Report report = new PdmTraining(42, 0.8, line -> { }).run(PdmTraining.load(null, 10_000, 7), "generated rows");
        ModelFile.of("pdm-quadratic", 1, report.model(), Map.of("test_f1", report.quantized().f1())).write(m);
        Path f = r.resolve("fleet.yaml");
        Files.writeString(f, fleetYaml());
        fleet = new ProfileLoader().loadFleet(f);
        model = m;
        fleetFile = f;
        root = r;
    }

    /** Load gateways of the overload scenario (machines of their own: ids are unique in a fleet). */
    static final List<String> LOAD_GATEWAYS = List.of("gw-load-1", "gw-load-2", "gw-load-3");
    static final int LOAD_MACHINES = 4;

    /** The scenario's gateway with its eight machines, and the load gateways with theirs. */
    private static String fleetYaml() {
        StringBuilder y = new StringBuilder("tenant: " + TENANT + "\nbroker:\n  url: tcp://127.0.0.1:1883\ngateways:\n");
        gatewayYaml(y, GATEWAY, "Mill", MACHINES);
        for (int g = 0; g < LOAD_GATEWAYS.size(); g++) {
            gatewayYaml(y, LOAD_GATEWAYS.get(g), "L" + (g + 1) + "Mill", LOAD_MACHINES);
        }
        return y.toString();
    }

    private static void gatewayYaml(StringBuilder y, String id, String machinePrefix, int machines) {
        y.append("  - id: ").append(id).append("\n    profile: arm-gateway-small\n")
                .append("    endpoint: opc.tcp://127.0.0.1:4840/smile-sim\n    machines:\n");
        for (int i = 1; i <= machines; i++) {
            y.append(String.format("      - { id: %s%02d, profile: ai4i-milling }%n", machinePrefix, i));
        }
    }

    static Fleet fleet() {
        return fleet;
    }

    private final List<String> cloudProperties;
    private final long edgeDiskBytes;

    /** Starts broker, simulator, cloud and edge; returns once the edge is registered and reading. */
    FaultRig(String name) throws Exception {
        this(name, List.of());
    }

    /** The same, with extra {@code -D} properties for the cloud. */
    FaultRig(String name, List<String> cloudProperties) throws Exception {
        this(name, cloudProperties, 0);
    }

    /**
     * The same, the edge's state directory on a tmpfs of {@code edgeDiskBytes} of its own (0: none), which
     * the scenario can fill; skipped, saying why, where tmpfs cannot be mounted.
     */
    FaultRig(String name, List<String> cloudProperties, long edgeDiskBytes) throws Exception {
        prepare();
        this.edgeDiskBytes = edgeDiskBytes;
        this.cloudProperties = List.copyOf(cloudProperties);
        this.name = name;
        this.dir = root.resolve(name);
        FileTrees.deleteTree(dir);
        Files.createDirectories(dir);
        try {
            startAll();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        if (edgeDiskBytes > 0) {
            SmallFileSystem.Mount m = SmallFileSystem.mount(dir.resolve("edge"), edgeDiskBytes);
            Assumptions.assumeTrue(m.mounted(), () -> "disk full at the edge needs a tmpfs of its own: " + m.refusedBecause());
            edgeDisk = m.fileSystem();
        }
        broker = MosquittoBroker.create(dir.resolve("broker"), MosquittoBroker.Config.persistentOnEveryChange())
                .orElseThrow(() -> new IllegalStateException("mosquitto is not installed at /usr/sbin/mosquitto"));
        broker.start();
        sim = simulator();
        stream = new SampleStream(sim, RATE_HZ);
        cloud = new CloudNode(CloudNode.packagedJar(), dir.resolve("cloud"), broker.url(), model, cloudProperties).start();
        cloud.awaitReady();
        edge = new EdgeNode(fleetFile, GATEWAY, dir.resolve("edge"), broker.url(), sim.endpointUrl(), List.of(
                "--batch-interval-ms", Long.toString(BATCH_INTERVAL_MS), "--sampling-interval-ms", "5",
                // a re-send after 5 s (doubling up to 20 s): bounded scenarios, same mechanism as the 60 s default
                "--result-timeout-ms", "5000", "--max-result-timeout-ms", "20000",
                "--metrics-port", Integer.toString(edgeMetricsPort)));
        edge.start();
        cloud.awaitGateway(GATEWAY);
        Thread.sleep(1500); // the OPC UA subscriptions deliver their initial values
        stream.start();
    }

    static MachineSimulator simulator() {
        return MachineSimulator.start(SimulatorConfig.builder().fleetGateway(fleet, GATEWAY, MACHINES).seed(42).rateHz(0).port(0)
                .build());
    }

    static Path fleetFile() {
        return fleetFile;
    }

    static Path model() {
        return model;
    }

    /** A counter or gauge of the edge's Prometheus endpoint (gateway tag ignored), empty if it does not answer. */
    OptionalLong edgeMetric(String name) {
        try {
            String body = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edgeMetricsPort + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (String line : body.split("\n")) {
                if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                    return OptionalLong.of((long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return OptionalLong.empty();
    }

    /** A metric of the edge, asked again until it answers (a scrape is slow on a loaded machine), at most timeoutMillis. */
    long edgeMetricWithin(String name, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            OptionalLong v = edgeMetric(name);
            if (v.isPresent()) {
                return v.getAsLong();
            }
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException("the edge's metrics endpoint did not answer " + name + " within " + timeoutMillis + " ms");
            }
            Sleep.millis(100);
        }
    }

    /**
     * Waits until the edge has accounted for every sample produced so far (the stream paused): read, or
     * counted as missed in a Sequence gap. Returns null then, or what the edge's counters said last.
     */
    String awaitEdgeRead(long samples, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        String last = "";
        while (System.currentTimeMillis() < deadline) {
            OptionalLong read = edgeMetric("smile_edge_samples_total");
            OptionalLong missed = edgeMetric("smile_edge_samples_missed_total");
            last = "read " + read + ", missed " + missed + " of " + samples + " produced";
            if (read.isPresent() && read.getAsLong() + missed.orElse(0) >= samples) {
                return null;
            }
            Sleep.millis(20);
        }
        return last;
    }

    /**
     * Stops the stream and waits until every produced window is scored (or was never read), at most
     * {@code drainMillis}; returns the count.
     */
    DeliveryCount finish(long downFromMillis, long drainMillis) throws IOException {
        stream.close();
        long deadline = System.currentTimeMillis() + drainMillis;
        DeliveryCount c = count(downFromMillis);
        while (c.lost() > 0 && System.currentTimeMillis() < deadline) {
            Sleep.millis(500);
            c = count(downFromMillis);
        }
        Sleep.millis(2 * BATCH_INTERVAL_MS); // a late duplicate would show up now
        return count(downFromMillis);
    }

    DeliveryCount count(long downFromMillis) throws IOException {
        return DeliveryCount.of(name, stream.produced(), edge.results(), downFromMillis, EdgeNode.reportedMissed(edge.log()),
                System.currentTimeMillis() - startedAt);
    }

    /** Lines of a log that contain any of the words (for failure messages). */
    static String grep(Path log, String... words) {
        try {
            if (!Files.exists(log)) {
                return "";
            }
            List<String> hits = new ArrayList<>();
            for (String l : Files.readAllLines(log)) {
                for (String w : words) {
                    if (l.contains(w)) {
                        hits.add(l);
                        break;
                    }
                }
            }
            return String.join("\n", hits.subList(Math.max(0, hits.size() - 15), hits.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {stream, edge, cloud, sim, broker}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("fault suite: closing " + c + ": " + e);
                }
            }
        }
        if (edgeDisk != null) {
            try { // the post-mortem keeps the results; keys and outbox go with the tmpfs
                Files.copy(dir.resolve("edge/results.jsonl"), dir.resolve("edge-results.jsonl"));
            } catch (IOException e) {
                System.err.println("fault suite: keeping results.jsonl: " + e);
            }
            edgeDisk.close();
        }
    }
}

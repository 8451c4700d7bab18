package io.smile.cli.demo;

import io.smile.broker.EmbeddedBroker;
import io.smile.broker.FileTrees;
import io.smile.data.ai4i.Ai4iRecord;
import io.smile.edge.EdgeAgent;
import io.smile.edge.EdgeAgentConfig;
import io.smile.edge.EdgeMetrics;
import io.smile.edge.WindowResult;
import io.smile.pdm.model.ModelFile;
import io.smile.pdm.model.QuantizedModel;
import io.smile.profiles.BrokerSpec;
import io.smile.profiles.Fleet;
import io.smile.profiles.FleetMachine;
import io.smile.profiles.GatewaySpec;
import io.smile.profiles.ProfileLoader;
import io.smile.simulator.MachineSimulator;
import io.smile.simulator.PublishedRecord;
import io.smile.simulator.SimulatorConfig;
import io.smile.pdm.training.PdmTraining;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main job on one machine: the model owner trains the model; an embedded MQTT broker, the
 * OPC UA machine simulator, the Quarkus cloud service (its own process, as in production) and an
 * edge agent start; the simulator streams AI4I samples; every decrypted alert is printed as it
 * happens; a summary compares the alerts with the dataset's labels and every decrypted score with
 * the plaintext quantized model.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run SMiLe end to end on this machine: OPC UA -> edge (BGV) -> MQTT -> cloud scoring -> encrypted alerts.")
public final class MainJob implements Callable<Integer> {
    @Option(names = "--data", description = "AI4I 2020 CSV to replay (default: generated machines following the dataset paper)")
    Path data;

    @Option(names = "--samples", description = "samples to stream in total (default: 4000, or every row of --data)")
    Integer samples;

    @Option(names = "--machines", defaultValue = "8", description = "simulated machines (default ${DEFAULT-VALUE})")
    int machines;

    @Option(names = "--rate", defaultValue = "20", description = "samples per second per machine (default ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--batch-interval-ms", defaultValue = "1000", description = "edge batching interval (default ${DEFAULT-VALUE})")
    long batchIntervalMs;

    @Option(names = "--work-dir", defaultValue = "target/smile-demo", description = "state, logs and model (default ${DEFAULT-VALUE})")
    Path workDir;

    @Option(names = "--cloud-jar", defaultValue = "cloud-service/target/quarkus-app/quarkus-run.jar")
    Path cloudJar;

    @Option(names = "--quiet", description = "do not print every alert")
    boolean quiet;

    @Option(names = "--broker-url", description = "use this MQTT 5 broker (e.g. a local Mosquitto) instead of the embedded one")
    String brokerUrl;

    @Option(names = "--tls", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "the embedded broker speaks mutual TLS only, with certificates from a throwaway CA in the work dir "
                    + "(default); --no-tls: plain MQTT on loopback")
    boolean tls;

    /** The edge's OPC UA sampling interval. */
    private static final int SAMPLING_INTERVAL_MS = 5;
    private static final long MIN_SAMPLE_GAP_NANOS = 4 * SAMPLING_INTERVAL_MS * 1_000_000L;

    private final List<WindowResult> results = new CopyOnWriteArrayList<>();
    private final Map<String, Ai4iRecord> truth = new ConcurrentHashMap<>();

    /** The demo's script: every step below is one method. */
    @Override
    public Integer call() throws Exception {
        String refused = checkInputs();
        if (refused != null) {
            System.err.println("error: " + refused);
            return 2;
        }
        FileTrees.deleteTree(workDir);
        Files.createDirectories(workDir);
        int steps = Math.max(1, totalSamples() / machines);

        Path modelPath = workDir.resolve("model/pdm-quadratic.json");
        QuantizedModel model = trainModel(modelPath);
        Fleet fleet = demoFleet();
        String gatewayId = fleet.gateways().get(0).id();
        DemoPki pki = brokerUrl == null && tls ? DemoPki.create(workDir.resolve("pki"), gatewayId) : null;
        try (EmbeddedBroker embedded = brokerUrl == null ? startEmbeddedBroker(pki) : null) {
            String broker = embedded != null ? embedded.url() : brokerUrl;
            Fleet connected = pki == null ? fleet : withTls(fleet, broker, pki);
            announceBroker(broker, embedded != null, pki != null);
            try (MachineSimulator sim = startSimulator(connected, gatewayId);
                 CloudProcess cloud = startCloud(broker, modelPath, pki);
                 EdgeAgent edge = startEdge(connected, gatewayId, broker, sim, cloud)) {
                long start = System.currentTimeMillis();
                int expected = stream(sim, edge, steps);
                awaitResults(expected, cloud, edge);
                long millis = System.currentTimeMillis() - start;
                return new DemoSummary(results, truth, model).print(expected, millis, edge.metrics(), cloud.metrics());
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // the steps, in the order of the script

    /** Why the demo cannot run, or null. */
    private String checkInputs() {
        if (data != null && !Files.isRegularFile(data)) {
            return "data file not found: " + data;
        }
        if (!Files.isRegularFile(cloudJar)) {
            return "cloud service not built: " + cloudJar + " (run mvn -B -DskipTests install first)";
        }
        return null;
    }

    private int totalSamples() {
        return samples != null ? samples : data != null ? 10_000 : 4000;
    }

    /** Step 1: the model owner trains, quantizes and checks the model, and writes its file. */
    private QuantizedModel trainModel(Path modelPath) throws IOException {
        step("1/5 model owner: train, quantize and verify the model under encryption");
        PdmTraining.Report report = new PdmTraining(42, 0.8, m -> System.out.println("      " + m))
                .run(PdmTraining.load(data, 10_000, 7), data != null ? data.toString() : "generated rows");
        Files.createDirectories(modelPath.getParent());
        ModelFile.of("pdm-quadratic", 1, report.model(), Map.of("test_f1", report.quantized().f1())).write(modelPath);
        return report.model();
    }

    /**
     * The example fleet without pinned attributes: the simulated machines publish their product
     * type per sample (as the dataset rows vary it), so the demo reads it from OPC UA instead of
     * using the example fleet's pinned types.
     */
    private static Fleet demoFleet() {
        return withoutPinnedAttributes(new ProfileLoader().loadBuiltinFleet("example-fleet"));
    }

    /** Step 2 (unless --broker-url): the embedded broker on a free loopback port, mutual TLS when a PKI is given. */
    private static EmbeddedBroker startEmbeddedBroker(DemoPki pki) {
        return new EmbeddedBroker(0, pki == null ? Optional.empty() : Optional.of(pki.brokerTls())).start();
    }

    /** The fleet pointed at the broker, with the PKI's trust and key stores. */
    private static Fleet withTls(Fleet fleet, String broker, DemoPki pki) {
        return new Fleet(fleet.tenant(), new BrokerSpec(URI.create(broker), Optional.of(pki.fleetTls())), fleet.gateways(),
                fleet.source());
    }

    private void announceBroker(String broker, boolean embedded, boolean mutualTls) {
        step("2/5 MQTT broker " + (embedded ? "(embedded HiveMQ CE) " : "(external) ") + "at " + broker
                + (mutualTls ? ", mutual TLS (certificates in " + workDir.resolve("pki") + ")" : ""));
    }

    /** Step 3: the OPC UA simulator with the gateway's machines, stepped by {@link #stream}; every record is remembered. */
    private MachineSimulator startSimulator(Fleet fleet, String gatewayId) {
        SimulatorConfig.Builder sb = SimulatorConfig.builder().fleetGateway(fleet, gatewayId, machines).seed(42).rateHz(0).port(0);
        if (data != null) {
            sb.dataset(data);
        }
        MachineSimulator sim = MachineSimulator.start(sb.build());
        sim.addListener(this::remember);
        step("3/5 OPC UA machine simulator (Eclipse Milo) at " + sim.endpointUrl() + " with " + sim.machineIds().size()
                + " machines, " + (data != null ? "replaying " + data : "generated data"));
        return sim;
    }

    /** Step 4: the cloud service as its own process, ready to score; destroyed again if it does not get ready. */
    private CloudProcess startCloud(String broker, Path modelPath, DemoPki pki) throws Exception {
        CloudProcess cloud = CloudProcess.start(cloudJar, workDir, broker, modelPath, pki);
        try {
            step("4/5 cloud service (Quarkus, separate process) on " + cloud.baseUrl() + ", log " + workDir.resolve("cloud.log"));
            cloud.awaitReady();
            return cloud;
        } catch (Exception e) {
            cloud.close();
            throw e;
        }
    }

    /** Step 5: the edge agent, started and registered with the cloud; closed again if it does not get there. */
    private EdgeAgent startEdge(Fleet fleet, String gatewayId, String broker, MachineSimulator sim, CloudProcess cloud)
            throws Exception {
        EdgeAgentConfig cfg = EdgeAgentConfig.builder(fleet, gatewayId).stateDir(workDir.resolve("edge"))
                .brokerUrl(URI.create(broker)).opcUaEndpoint(URI.create(sim.endpointUrl()))
                .batchInterval(Duration.ofMillis(batchIntervalMs)).samplingIntervalMs(SAMPLING_INTERVAL_MS).build();
        EdgeAgent edge = new EdgeAgent(cfg);
        try {
            edge.addResultListener(this::onResult);
            edge.start();
            step("5/5 edge agent " + gatewayId + ": keys generated, registering with the cloud");
            cloud.awaitGateway(gatewayId);
            Thread.sleep(1500); // let the OPC UA subscriptions deliver their initial values
            return edge;
        } catch (Exception e) {
            edge.close();
            throw e;
        }
    }

    /** Publishes {@code steps} samples per machine at --rate, with a progress line every 5 s; returns the windows expected. */
    private int stream(MachineSimulator sim, EdgeAgent edge, int steps) throws InterruptedException {
        System.out.printf("streaming %d samples (%d machines x %d) at %.0f samples/s per machine%n", steps * machines,
                machines, steps, rate);
        long periodNanos = (long) (1e9 / rate);
        long next = System.nanoTime();
        long lastReport = System.currentTimeMillis();
        for (int s = 0; s < steps; s++) {
            sim.publishNext();
            next += periodNanos;
            // catching up after a stall, never faster than a few sampling intervals: a sample
            // overwritten before the server samples it never reaches the edge (a lost window)
            long sleep = Math.max(next - System.nanoTime(), MIN_SAMPLE_GAP_NANOS);
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
            if (System.currentTimeMillis() - lastReport > 5000) {
                lastReport = System.currentTimeMillis();
                EdgeMetrics m = edge.metrics();
                System.out.printf("  progress: %d samples published, %d windows sent, %d scored%n", (long) (s + 1) * machines,
                        m.windowsSent(), results.size());
            }
        }
        return steps * machines;
    }

    /**
     * Waits up to 180 s for the last results (while the cloud runs): until every streamed window is
     * scored or counted by the edge as never read; the summary counts what is missing.
     */
    private void awaitResults(int expected, CloudProcess cloud, EdgeAgent edge) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 180_000;
        while (results.size() + edge.metrics().samplesMissed() < expected && System.currentTimeMillis() < deadline
                && cloud.isAlive()) {
            Thread.sleep(200);
        }
    }

    // ------------------------------------------------------------------------------------------
    // helpers

    private static Fleet withoutPinnedAttributes(Fleet f) {
        List<GatewaySpec> gateways = new ArrayList<>();
        for (GatewaySpec g : f.gateways()) {
            List<FleetMachine> ms = new ArrayList<>();
            for (FleetMachine m : g.machines()) {
                ms.add(new FleetMachine(m.id(), m.profile(), Map.of()));
            }
            gateways.add(new GatewaySpec(g.id(), g.profile(), g.endpoint(), ms, g.read()));
        }
        return new Fleet(f.tenant(), f.broker(), gateways, f.source());
    }

    /** The key of a published record in {@code truth}: machine id and sample sequence. */
    static String key(String machineId, long sequence) {
        return machineId + "#" + sequence;
    }

    private void remember(PublishedRecord r) {
        truth.put(key(r.machineId(), r.sequence()), r.record());
    }

    private void onResult(WindowResult r) {
        results.add(r);
        if (r.alert() && !quiet) {
            Ai4iRecord rec = truth.get(key(r.machineId(), r.sampleSequence()));
            String label = rec == null ? "?" : rec.machineFailure() ? "failure " + String.join("+", modes(rec)) : "no failure";
            System.out.printf("  ALERT %s sample %d: %s, %d ms after the sensor read (dataset label: %s)%n", r.machineId(),
                    r.sampleSequence(), r.score().isPresent() ? "score " + r.score().getAsLong() : "decision only",
                    r.latencyMillis(), label);
        }
    }

    private static List<String> modes(Ai4iRecord r) {
        List<String> m = new ArrayList<>();
        r.modes().forEach((k, v) -> {
            if (v) {
                m.add(k);
            }
        });
        return m.isEmpty() ? List.of("unlabelled mode") : m;
    }

    private static void step(String s) {
        System.out.println("[smile] " + s);
    }
}

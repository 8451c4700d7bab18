package io.smile.cli.demo;

import io.smile.broker.EmbeddedBroker;
import io.smile.data.ai4i.Ai4iRecord;
import io.smile.edge.EdgeAgent;
import io.smile.edge.EdgeAgentConfig;
import io.smile.edge.EdgeMetrics;
import io.smile.edge.WindowResult;
import io.smile.ml.Ai4iFeatures;
import io.smile.ml.Metrics;
import io.smile.ml.ModelFile;
import io.smile.ml.QuantizedModel;
import io.smile.profiles.BrokerSpec;
import io.smile.profiles.Fleet;
import io.smile.profiles.ProfileLoader;
import io.smile.simulator.MachineSimulator;
import io.smile.simulator.PublishedRecord;
import io.smile.simulator.SimulatorConfig;
import io.smile.training.PdmTraining;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import picocli.CommandLine;
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

    /** This run's REST API token: the cloud process gets only its hash, the launcher sends the token itself. */
    private final String apiToken = newToken();
    private final List<WindowResult> results = new CopyOnWriteArrayList<>();
    private final Map<String, Ai4iRecord> truth = new ConcurrentHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (data != null && !Files.isRegularFile(data)) {
            System.err.println("error: data file not found: " + data);
            return 2;
        }
        if (!Files.isRegularFile(cloudJar)) {
            System.err.println("error: cloud service not built: " + cloudJar + " (run mvn -B -DskipTests install first)");
            return 2;
        }
        deleteRecursively(workDir);
        Files.createDirectories(workDir);
        int total = samples != null ? samples : data != null ? 10_000 : 4000;
        int steps = Math.max(1, total / machines);

        step("1/5 model owner: train, quantize and verify the model under encryption");
        Path modelPath = workDir.resolve("model/pdm-quadratic.json");
        PdmTraining.Report report = new PdmTraining(42, 0.8, m -> System.out.println("      " + m))
                .run(PdmTraining.load(data, 10_000, 7), data != null ? data.toString() : "generated rows");
        Files.createDirectories(modelPath.getParent());
        ModelFile.of("pdm-quadratic", 1, report.model(), Map.of("test_f1", report.quantized().f1())).write(modelPath);
        QuantizedModel model = report.model();

        Process cloud = null;
        // the simulated machines publish their product type per sample (as the dataset rows vary it),
        // so the demo reads it from OPC UA instead of using the example fleet's pinned types
        Fleet fleet = withoutPinnedAttributes(new ProfileLoader().loadBuiltinFleet("example-fleet"));
        String gatewayId = fleet.gateways().get(0).id();
        DemoPki pki = brokerUrl == null && tls ? DemoPki.create(workDir.resolve("pki"), gatewayId) : null;
        EmbeddedBroker embedded = null;
        if (brokerUrl == null) {
            embedded = new EmbeddedBroker(0, pki == null ? Optional.empty() : Optional.of(pki.brokerTls())).start();
        }
        String broker = embedded != null ? embedded.url() : brokerUrl;
        if (pki != null) {
            fleet = new Fleet(fleet.tenant(), new BrokerSpec(URI.create(broker), Optional.of(pki.fleetTls())), fleet.gateways(),
                    fleet.source());
        }
        try {
            step("2/5 MQTT broker " + (embedded != null ? "(embedded HiveMQ CE) " : "(external) ") + "at " + broker
                    + (pki != null ? ", mutual TLS (certificates in " + workDir.resolve("pki") + ")" : ""));
            SimulatorConfig.Builder sb = SimulatorConfig.builder().fleetGateway(fleet, gatewayId, machines).seed(42).rateHz(0).port(0);
            if (data != null) {
                sb.dataset(data);
            }
            try (MachineSimulator sim = MachineSimulator.start(sb.build())) {
                sim.addListener(this::remember);
                step("3/5 OPC UA machine simulator (Eclipse Milo) at " + sim.endpointUrl() + " with " + sim.machineIds().size()
                        + " machines, " + (data != null ? "replaying " + data : "generated data"));

                int httpPort = freePort();
                cloud = startCloud(broker, modelPath, httpPort, pki);
                step("4/5 cloud service (Quarkus, separate process) on http://127.0.0.1:" + httpPort + ", log " + workDir.resolve("cloud.log"));
                waitForHttp("http://127.0.0.1:" + httpPort + "/q/health/ready", null, Duration.ofSeconds(120), cloud);

                EdgeAgentConfig cfg = EdgeAgentConfig.builder(fleet, gatewayId).stateDir(workDir.resolve("edge"))
                        .brokerUrl(URI.create(broker)).opcUaEndpoint(URI.create(sim.endpointUrl()))
                        .batchInterval(Duration.ofMillis(batchIntervalMs)).samplingIntervalMs(5).build();
                try (EdgeAgent edge = new EdgeAgent(cfg)) {
                    edge.addResultListener(this::onResult);
                    edge.start();
                    step("5/5 edge agent " + gatewayId + ": keys generated, registering with the cloud");
                    waitForHttp("http://127.0.0.1:" + httpPort + "/gateways/" + gatewayId, apiToken, Duration.ofSeconds(120), cloud);
                    Thread.sleep(1500); // let the OPC UA subscriptions deliver their initial values
                    long start = System.currentTimeMillis();
                    System.out.printf("streaming %d samples (%d machines x %d) at %.0f samples/s per machine%n", steps * machines,
                            machines, steps, rate);
                    long periodNanos = (long) (1e9 / rate);
                    long next = System.nanoTime();
                    long lastReport = System.currentTimeMillis();
                    for (int s = 0; s < steps; s++) {
                        sim.publishNext();
                        next += periodNanos;
                        long sleep = next - System.nanoTime();
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
                    int expected = steps * machines;
                    long deadline = System.currentTimeMillis() + 180_000;
                    while (results.size() < expected && System.currentTimeMillis() < deadline && cloud.isAlive()) {
                        Thread.sleep(200);
                    }
                    long end = System.currentTimeMillis();
                    String cloudMetrics = fetch("http://127.0.0.1:" + httpPort + "/q/metrics");
                    return summary(expected, end - start, edge.metrics(), model, cloudMetrics);
                }
            }
        } finally {
            if (cloud != null) {
                cloud.destroy();
                cloud.waitFor();
            }
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    private static Fleet withoutPinnedAttributes(Fleet f) {
        List<io.smile.profiles.GatewaySpec> gateways = new ArrayList<>();
        for (io.smile.profiles.GatewaySpec g : f.gateways()) {
            List<io.smile.profiles.FleetMachine> ms = new ArrayList<>();
            for (io.smile.profiles.FleetMachine m : g.machines()) {
                ms.add(new io.smile.profiles.FleetMachine(m.id(), m.profile(), Map.of()));
            }
            gateways.add(new io.smile.profiles.GatewaySpec(g.id(), g.profile(), g.endpoint(), ms));
        }
        return new Fleet(f.tenant(), f.broker(), gateways, f.source());
    }

    private void remember(PublishedRecord r) {
        truth.put(r.machineId() + "#" + r.sequence(), r.record());
    }

    private void onResult(WindowResult r) {
        results.add(r);
        if (r.alert() && !quiet) {
            Ai4iRecord rec = truth.get(r.machineId() + "#" + r.sampleSequence());
            String label = rec == null ? "?" : rec.machineFailure() ? "failure " + String.join("+", modes(rec)) : "no failure";
            System.out.printf("  ALERT %s sample %d: score %d, %d ms after the sensor read (dataset label: %s)%n", r.machineId(),
                    r.sampleSequence(), r.score(), r.latencyMillis(), label);
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

    private int summary(int expected, long millis, EdgeMetrics m, QuantizedModel model, String cloudMetrics) {
        List<WindowResult> rs = new ArrayList<>(results);
        int mismatches = 0;
        int unknown = 0;
        double[] scores = new double[rs.size()];
        boolean[] labels = new boolean[rs.size()];
        for (int i = 0; i < rs.size(); i++) {
            WindowResult r = rs.get(i);
            Ai4iRecord rec = truth.get(r.machineId() + "#" + r.sampleSequence());
            if (rec == null) {
                unknown++;
                continue;
            }
            long plain = model.score(model.encoding().quantize(PdmTraining.features(rec)));
            if (plain != r.score()) {
                mismatches++;
            }
            scores[i] = r.score();
            labels[i] = rec.machineFailure();
        }
        Metrics.Quality q = Metrics.evaluate(scores, labels);
        long[] lat = rs.stream().mapToLong(WindowResult::latencyMillis).sorted().toArray();
        long batches = rs.stream().map(WindowResult::batchSequence).distinct().count();
        double evalSeconds = rs.stream().filter(distinctBatch()).mapToLong(WindowResult::cloudEvaluationMicros).sum() / 1e6;
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.println();
        System.out.println("=== summary");
        System.out.printf("windows: %d streamed, %d scored and decrypted, %d lost%n", expected, rs.size(), Math.max(0, expected - rs.size()));
        System.out.printf("decrypted scores equal to the plaintext quantized model: %d of %d%s%n", rs.size() - mismatches - unknown, rs.size(),
                mismatches == 0 && unknown == 0 ? " (all)" : "");
        System.out.printf("alerts: %d; against the dataset labels: %s%n", q.truePositives() + q.falsePositives(), q);
        if (lat.length > 0) {
            System.out.printf("end-to-end latency (sensor read -> alert decrypted): p50 %d ms, p99 %d ms, max %d ms%n",
                    lat[lat.length / 2], lat[Math.min(lat.length - 1, (int) Math.ceil(lat.length * 0.99) - 1)], lat[lat.length - 1]);
        }
        double perBatch = batches > 0 ? evalSeconds / batches : 0;
        System.out.printf("throughput: %.0f windows/s end to end over %.1f s (the stream's rate); cloud evaluation %.0f ms per"
                        + " ciphertext (%d batches, %.0f windows each on average): %.0f windows/s per core at this fill,"
                        + " %.0f windows/s per core with full ciphertexts (2048 windows), %d cores%n",
                rs.size() / (millis / 1000.0), millis / 1000.0, perBatch * 1000, batches, rs.size() / (double) Math.max(1, batches),
                evalSeconds > 0 ? rs.size() / evalSeconds / cores : 0, perBatch > 0 ? 2048 / perBatch / cores : 0, cores);
        if (m.batchesPublished() > 0) {
            System.out.printf("feature batch messages: %d, %.0f kB each on average (seeded ciphertext, %d windows max)%n", m.batchesPublished(),
                    m.bytesSent() / 1024.0 / m.batchesPublished(), 2048);
        }
        cloudMetrics.lines().filter(l -> l.startsWith("smile_bytes_out_total") || l.startsWith("smile_batches_scored_total")
                || l.startsWith("smile_batches_rejected_total") && !l.endsWith(" 0.0")).forEach(l -> System.out.println("cloud metric  " + l));
        boolean ok = rs.size() == expected && mismatches == 0 && unknown == 0;
        System.out.println(ok ? "OK" : "FAILED: windows lost or scores differ from the plaintext model");
        return ok ? 0 : 1;
    }

    private static java.util.function.Predicate<WindowResult> distinctBatch() {
        java.util.Set<Long> seen = ConcurrentHashMap.newKeySet();
        return r -> seen.add(r.batchSequence());
    }

    private Process startCloud(String brokerUrl, Path model, int httpPort, DemoPki pki) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx4g", "-Dsmile.mqtt.url=" + brokerUrl,
                "-Dsmile.model.path=" + model.toAbsolutePath(),
                "-Dsmile.registry.dir=" + workDir.resolve("cloud-registry").toAbsolutePath(), "-Dquarkus.http.port=" + httpPort,
                "-Dquarkus.http.host=127.0.0.1", "-Dsmile.api.tokens.launcher.sha256=" + sha256Hex(apiToken),
                "-Dsmile.api.tokens.launcher.roles=viewer"));
        if (pki != null) {
            cmd.addAll(pki.cloudProperties());
        }
        cmd.addAll(List.of("-jar", cloudJar.toAbsolutePath().toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(workDir.resolve("cloud.log").toFile());
        if (pki != null) {
            pb.environment().putAll(pki.cloudEnvironment());
        }
        return pb.start();
    }

    /** Waits for a 200 from url, sent with {@code Authorization: Bearer token} unless token is null. */
    private static void waitForHttp(String url, String token, Duration timeout, Process owner) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!owner.isAlive()) {
                throw new IllegalStateException("the cloud service exited (code " + owner.exitValue() + "); see its log");
            }
            try {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2));
                if (token != null) {
                    request.header("Authorization", "Bearer " + token);
                }
                HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
                if (r.statusCode() == 401 || r.statusCode() == 403) {
                    throw new IllegalStateException("the cloud service refused the launcher's API token (HTTP " + r.statusCode() + ")");
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("timed out waiting for " + url);
    }

    private static String fetch(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }

    private static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** What the cloud service expects in smile.api.tokens.NAME.sha256. */
    static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void step(String s) {
        System.out.println("[smile] " + s);
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

}

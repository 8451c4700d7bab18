package io.smile.edge;

import static io.smile.edge.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.smile.broker.EmbeddedBroker;
import io.smile.broker.LocalCa;
import io.smile.edge.metrics.EdgeAgentMeters;
import io.smile.edge.mqtt.MqttLink;
import io.smile.pdm.model.QuantizedModel;
import io.smile.pdm.model.TestModels;
import io.smile.profiles.BrokerSpec;
import io.smile.profiles.Fleet;
import io.smile.profiles.TlsSettings;
import io.smile.protocol.FeatureBatch;
import io.smile.protocol.MqttTls;
import io.smile.simulator.MachineSimulator;
import io.smile.simulator.PublishedRecord;
import io.smile.simulator.SimulatorConfig;
import io.smile.simulator.SimulatorSecurity;
import io.smile.testkit.TestBroker;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The agent against real components on loopback: an embedded HiveMQ broker, the machine
 * simulator's Milo server (generator source), the agent's Milo client and MQTT session, and a cloud stub
 * that scores every batch under encryption with a random model.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class EdgeAgentIntegrationTest {
    private static final Duration STEP = Duration.ofMillis(120);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path root;
    private static final char[] STORE_PASSWORD = "edge-test-stores".toCharArray();
    private static TestBroker broker;
    private static CloudStub cloud;
    /** A second broker, TLS only with client certificates, and a cloud stub connected to it. */
    private static TestBroker tlsBroker;
    private static CloudStub tlsCloud;
    private static LocalCa ca;
    private static MachineSimulator sim;
    private static QuantizedModel model;
    private static final Map<String, PublishedRecord> TRUTH = new ConcurrentHashMap<>();

    @BeforeAll
    static void startInfrastructure() throws Exception {
        broker = TestBroker.startEmbedded();
        model = TestModels.random(11);
        cloud = new CloudStub(broker.url(), model);
        cloud.start();
        ca = LocalCa.create("edge test CA", Duration.ofHours(1));
        Path pki = Files.createDirectories(root.resolve("pki"));
        Path trust = ca.writeTruststore(pki.resolve("trust.p12"), STORE_PASSWORD);
        tlsBroker = TestBroker.embeddedTls(new EmbeddedBroker.Tls(
                ca.issueServer(pki.resolve("broker.p12"), STORE_PASSWORD, "broker", List.of("127.0.0.1")),
                new String(STORE_PASSWORD), Optional.of(trust), new String(STORE_PASSWORD))).start();
        tlsCloud = new CloudStub(tlsBroker.url(), model, MqttTls.socketFactory(
                Optional.of(new MqttTls.StoreFile(trust, "PKCS12", Optional.of(STORE_PASSWORD))),
                Optional.of(new MqttTls.StoreFile(ca.issueClient(pki.resolve("cloud.p12"), STORE_PASSWORD, "cloud"), "PKCS12",
                        Optional.of(STORE_PASSWORD)))));
        tlsCloud.decisionOnly = true; // the real cloud's default: the mutual-TLS gateway gets decisions only
        tlsCloud.start();
        Files.writeString(pki.resolve("stores.pass"), new String(STORE_PASSWORD) + "\n");
        sim = MachineSimulator.start(SimulatorConfig.builder().fleetGateway(TestSupport.fleet("gw-sim"), "gw-sim", 0)
                .port(0).seed(5).security(SimulatorSecurity.NONE).build());
        sim.addListener(p -> TRUTH.put(key(p.machineId(), p.sequence()), p));
    }

    @AfterAll
    static void stopInfrastructure() throws Exception {
        if (sim != null) {
            sim.stop();
        }
        if (cloud != null) {
            cloud.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (tlsCloud != null) {
            tlsCloud.close();
        }
        if (tlsBroker != null) {
            tlsBroker.close();
        }
    }

    private static String key(String machine, long seq) {
        return machine + "#" + seq;
    }

    private static EdgeAgentConfig.Builder config(String gateway, Path stateDir) {
        return EdgeAgentConfig.builder(TestSupport.fleet(gateway), gateway)
                .stateDir(stateDir)
                .brokerUrl(URI.create(broker.url()))
                .opcUaEndpoint(URI.create(sim.endpointUrl()))
                .batchInterval(Duration.ofMillis(400))
                .samplingIntervalMs(20)
                .reconnectMaxDelay(Duration.ofSeconds(2));
    }

    /** Publishes one record per machine and gives the agent time to sample it. */
    private static void step(int n) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            sim.publishNext();
            Thread.sleep(STEP.toMillis());
        }
    }

    /** Publishes until the agent has seen a sample of every machine (its subscription is live). */
    private static void warmUp(EdgeAgent agent) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (agent.metrics().samples() < 4 && System.nanoTime() < deadline) {
            step(1);
        }
        assertTrue(agent.metrics().samples() >= 4, "the agent never received samples: " + agent.metrics());
    }

    private static long lastPublished(String machine) {
        return sim.latest(machine).orElseThrow().sequence();
    }

    /** Waits until every machine has a result for its last published sample. */
    private static void awaitResultsUpToLast(EdgeAgent agent, List<WindowResult> results) throws InterruptedException {
        Map<String, Long> last = new HashMap<>();
        for (String m : agent.machineIds()) {
            last.put(m, lastPublished(m));
        }
        await(WAIT, () -> {
            Map<String, WindowResult> have = index(results);
            return last.entrySet().stream().allMatch(e -> have.containsKey(key(e.getKey(), e.getValue())));
        }, () -> "results up to " + last + "; have " + results.size() + " results, metrics " + agent.metrics());
    }

    /**
     * Every window from the first one the agent saw up to the last published one has exactly one
     * result, and its score is the plaintext model's score on the ground truth.
     */
    private static int checkResults(EdgeAgent agent, List<WindowResult> all) {
        Map<String, WindowResult> byKey = new HashMap<>();
        for (WindowResult r : all) {
            assertTrue(byKey.put(key(r.machineId(), r.sampleSequence()), r) == null, "duplicate result " + r);
        }
        int checked = 0;
        for (String m : agent.machineIds()) {
            long first = all.stream().filter(r -> r.machineId().equals(m)).mapToLong(WindowResult::sampleSequence)
                    .min().orElseThrow();
            for (long s = first; s <= lastPublished(m); s++) {
                WindowResult r = byKey.get(key(m, s));
                assertTrue(r != null, "window lost: machine " + m + " sample " + s);
                PublishedRecord p = TRUTH.get(key(m, s));
                long expected = TestSupport.expectedScore(model, p);
                if (r.score().isPresent()) {
                    assertEquals(expected, r.score().getAsLong(), "score of " + m + " #" + s);
                }
                assertEquals(expected > 0, r.alert(), "decision of " + m + " #" + s);
                assertTrue(r.latencyMillis() >= 0 && r.cloudEvaluationMicros() > 0, r.toString());
                checked++;
            }
        }
        return checked;
    }

    /**
     * Publishes further records until every machine's last published sample has a result, so a
     * sample the agent missed anywhere before is followed by a later one and shows up as a
     * Sequence gap (a missed last sample would otherwise be invisible).
     */
    private static void awaitCaughtUp(EdgeAgent agent, List<WindowResult> results) throws InterruptedException {
        for (int attempt = 0; attempt < 5; attempt++) {
            Map<String, Long> last = new HashMap<>();
            for (String m : agent.machineIds()) {
                last.put(m, lastPublished(m));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(attempt == 0 ? 60 : 15);
            while (System.nanoTime() < deadline) {
                Map<String, WindowResult> have = index(results);
                if (last.entrySet().stream().allMatch(e -> have.containsKey(key(e.getKey(), e.getValue())))) {
                    return;
                }
                Thread.sleep(100);
            }
            step(1); // the last sample of some machine was missed: a later one makes the gap visible
            agent.flush();
        }
        throw new AssertionError("no result for the last published samples; " + agent.metrics());
    }

    /**
     * Nothing lost, with missed samples counted apart: every window the agent built has exactly one
     * result (its score equal to the plaintext model's), and every sample the simulator published
     * from the first one read to the last one is either such a window or counted by the agent as
     * missed (a Sequence gap: never read over OPC UA) or rejected. A lost batch, a lost result or an
     * uncounted missed sample fails.
     */
    private static void checkNothingLost(EdgeAgent agent, List<WindowResult> all) {
        Map<String, WindowResult> byKey = new HashMap<>();
        for (WindowResult r : all) {
            assertTrue(byKey.put(key(r.machineId(), r.sampleSequence()), r) == null, "duplicate result " + r);
            PublishedRecord p = TRUTH.get(key(r.machineId(), r.sampleSequence()));
            assertEquals(TestSupport.expectedScore(model, p), r.score().orElseThrow(), "score of " + r);
        }
        EdgeMetrics m = agent.metrics();
        assertEquals(m.windowsBuilt(), all.size(), "every window built was scored once: " + m);
        assertEquals(0, m.windowsLost() + m.windowsRefused() + m.batchesLost(), m.toString());
        long numbered = 0;
        for (String machine : agent.machineIds()) {
            long first = all.stream().filter(r -> r.machineId().equals(machine)).mapToLong(WindowResult::sampleSequence)
                    .min().orElseThrow();
            long last = all.stream().filter(r -> r.machineId().equals(machine)).mapToLong(WindowResult::sampleSequence)
                    .max().orElseThrow();
            numbered += last - first + 1;
        }
        assertEquals(numbered, all.size() + m.samplesMissed() + m.windowsRejected(),
                "every published sample is scored or counted as missed: " + m);
    }

    private static Map<String, WindowResult> index(List<WindowResult> results) {
        Map<String, WindowResult> m = new ConcurrentHashMap<>();
        for (WindowResult r : results) {
            m.put(key(r.machineId(), r.sampleSequence()), r);
        }
        return m;
    }

    /** (a) Every window's decrypted score equals the quantized model's plaintext score. */
    @Test
    void endToEndScoresEqualThePlaintextModel() throws Exception {
        Path dir = TestSupport.stateDirWithKeys(root.resolve("state-a"));
        List<WindowResult> results = new CopyOnWriteArrayList<>();
        io.micrometer.core.instrument.simple.SimpleMeterRegistry meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        try (EdgeAgent agent = new EdgeAgent(config("gw-a", dir).build())) {
            agent.addResultListener(results::add);
            new EdgeAgentMeters(agent).bindTo(meters);
            agent.start();
            warmUp(agent);
            step(12);
            agent.flush();
            awaitResultsUpToLast(agent, results);
            int checked = checkResults(agent, results);
            assertTrue(checked >= 4 * 12, "checked " + checked);
            EdgeMetrics m = agent.metrics();
            assertEquals(m.windowResults(), results.size());
            assertTrue(m.batchesAcked() >= 2 && m.registrationsPublished() >= 1 && m.bytesSent() > 0, m.toString());
            assertEquals(0, m.resultErrors());
            // the Micrometer view agrees with the snapshot, and timed every decrypted window
            assertEquals(m.windowsSent(), meters.get("smile.edge.windows.sent").functionCounter().count());
            assertEquals(m.bytesSent(), meters.get("smile.edge.bytes.sent").functionCounter().count());
            assertEquals(results.size(), meters.get("smile.edge.latency").timer().count());
            assertEquals(1.0, meters.get("smile.edge.mqtt.connected").gauge().value());
            // one registration, sequences 0.. in order
            List<Long> processed = cloud.processed("gw-a");
            for (int i = 0; i < processed.size(); i++) {
                assertEquals(i, processed.get(i));
            }
        }
        List<String> lines = Files.readAllLines(dir.resolve("results.jsonl"));
        assertEquals(results.size(), lines.size());
        long alerts = results.stream().filter(WindowResult::alert).count();
        assertEquals(alerts, Files.readAllLines(dir.resolve("alerts.jsonl")).size());
        assertTrue(lines.get(0).contains("\"machine\":\"Mill0") && lines.get(0).contains("\"latencyMs\":")
                && lines.get(0).contains("\"cloudEvaluationMicros\":"), lines.get(0));
    }

    /**
     * (b) The broker stops mid-stream and restarts on the same port: batches pile up in the
     * outbox, then every sequence 0..n reaches the cloud once (duplicates only from publishes in
     * flight at the outage), in order, and no window is lost. Samples the agent never read over
     * OPC UA (a loaded machine) are not batches lost: they must be counted as missed, and are
     * checked apart ({@link #checkNothingLost}), so the test does not depend on the load.
     */
    @Test
    void brokerOutageLosesNothingAndKeepsOrder() throws Exception {
        Path dir = TestSupport.stateDirWithKeys(root.resolve("state-b"));
        List<WindowResult> results = new CopyOnWriteArrayList<>();
        try (EdgeAgent agent = new EdgeAgent(config("gw-b", dir).maxInflight(2).build())) {
            agent.addResultListener(results::add);
            agent.start();
            warmUp(agent);
            step(4);
            await(WAIT, () -> agent.metrics().batchesAcked() >= 1, () -> "a first acknowledged batch");

            broker.stop();
            await(WAIT, () -> !agent.metrics().mqttConnected(), () -> "the agent noticing the outage");
            step(12);
            agent.flush();
            EdgeMetrics during = agent.metrics();
            assertTrue(during.batchesBuffered() >= 2, "batches buffered during the outage: " + during);
            assertFalse(during.mqttConnected());

            broker.start();
            step(4);
            agent.flush();
            awaitCaughtUp(agent, results);
            EdgeMetrics after = agent.metrics();
            long n = after.batchesCreated() - 1;
            assertEquals(0, after.batchesBuffered(), after.toString());
            assertEquals(after.batchesCreated(), after.batchesAcked(), after.toString());
            assertTrue(after.registrationsPublished() >= 2, "registration re-published after reconnect: " + after);

            // the cloud answered each sequence 0..n exactly once, in order
            List<Long> processed = cloud.processed("gw-b");
            assertEquals(n + 1, processed.size(), "processed " + processed);
            for (int i = 0; i < processed.size(); i++) {
                assertEquals(i, processed.get(i), "processing order " + processed);
            }
            // raw arrivals: first arrivals strictly increasing; resends only of what was in flight
            List<Long> firstArrivals = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            int duplicates = 0;
            for (CloudStub.Arrival a : cloud.arrivals("gw-b")) {
                if (seen.add(a.sequence())) {
                    firstArrivals.add(a.sequence());
                } else {
                    duplicates++;
                }
            }
            for (int i = 0; i < firstArrivals.size(); i++) {
                assertEquals(i, firstArrivals.get(i), "arrival order " + firstArrivals);
            }
            assertTrue(duplicates <= 4, duplicates + " duplicate arrivals");
            checkNothingLost(agent, results);
        }
    }

    /** (d) Batches written but never acknowledged survive an agent restart and are sent after it. */
    @Test
    void outboxSurvivesARestart() throws Exception {
        Path dir = TestSupport.stateDirWithKeys(root.resolve("state-d"));
        URI deadBroker = URI.create("tcp://127.0.0.1:" + TestBroker.freePort());
        List<WindowResult> results = new CopyOnWriteArrayList<>();
        long buffered;
        try (EdgeAgent offline = new EdgeAgent(config("gw-d", dir).brokerUrl(deadBroker).build())) {
            offline.start();
            warmUp(offline);
            step(6);
            offline.flush();
            buffered = offline.metrics().batchesBuffered();
            assertTrue(buffered >= 2, offline.metrics().toString());
            assertEquals(0, offline.metrics().batchesAcked());
        }
        try (var files = Files.list(dir.resolve("outbox"))) {
            assertTrue(files.count() >= buffered, "batches on disk after the stop");
        }
        assertEquals(0, cloud.arrivals("gw-d").size());
        long before;
        try (EdgeAgent online = new EdgeAgent(config("gw-d", dir).build())) {
            online.addResultListener(results::add);
            online.start();
            before = online.metrics().batchesBuffered();
            assertTrue(before >= buffered, "outbox reloaded: " + online.metrics());
            await(WAIT, () -> cloud.processed("gw-d").size() >= before && online.metrics().pendingResults() == 0,
                    () -> "the old batches answered; cloud has " + cloud.processed("gw-d") + ", " + online.metrics());
            // every window of the first run got its result in the second
            Set<Long> firstRunSequences = new TreeSet<>(cloud.processed("gw-d"));
            for (long s = 0; s < before; s++) {
                assertTrue(firstRunSequences.contains(s), "batch " + s + " of the first run not delivered");
            }
            assertTrue(results.size() >= 4 * 6, "results of the first run: " + results.size());
            for (WindowResult r : results) {
                assertEquals(TestSupport.expectedScore(model, TRUTH.get(key(r.machineId(), r.sampleSequence()))),
                        r.score().orElseThrow(), r.toString());
            }
            // new batches continue the sequence
            warmUp(online);
            step(3);
            online.flush();
            await(WAIT, () -> cloud.processed("gw-d").size() > before, () -> "a batch of the second run");
            assertTrue(cloud.processed("gw-d").stream().allMatch(s -> s >= 0)
                    && new HashSet<>(cloud.processed("gw-d")).size() == cloud.processed("gw-d").size());
        }
    }

    /** A full outbox drops its OLDEST batches, counts them, and forgets their pending metadata. */
    @Test
    void aFullOutboxDropsTheOldestBatches() throws Exception {
        Path dir = TestSupport.stateDirWithKeys(root.resolve("state-f"));
        URI deadBroker = URI.create("tcp://127.0.0.1:" + TestBroker.freePort());
        try (EdgeAgent agent = new EdgeAgent(config("gw-f", dir).brokerUrl(deadBroker).outboxMaxBytes(1 << 20).build())) {
            agent.start();
            warmUp(agent);
            for (int i = 0; i < 3; i++) {
                step(2);
                agent.flush();
            }
            EdgeMetrics m = agent.metrics();
            assertTrue(m.batchesCreated() >= 3, m.toString());
            assertEquals(1, m.batchesBuffered(), m.toString()); // ~740 KB per batch: one fits in 1 MB
            assertEquals(m.batchesCreated() - 1, m.batchesDropped(), m.toString());
            assertTrue(m.windowsLost() >= m.batchesDropped(), m.toString());
            assertEquals(1, m.pendingResults(), m.toString());
            try (var files = Files.list(dir.resolve("outbox"))) {
                assertEquals(1, files.count());
            }
        }
    }

    /**
     * A fleet whose broker is the TLS broker: trust store of the test CA, and the gateway's own key
     * store {@code {gateway}.p12} (issued by {@code issuer}) with the password in a file.
     */
    private static Fleet tlsFleet(String gateway, LocalCa issuer) {
        Path pki = root.resolve("pki");
        issuer.issueClient(pki.resolve(gateway + ".p12"), STORE_PASSWORD, gateway);
        Optional<TlsSettings.PasswordSource> pw = Optional.of(new TlsSettings.PasswordFile(pki.resolve("stores.pass")));
        Fleet f = TestSupport.fleet(gateway);
        return new Fleet(f.tenant(), new BrokerSpec(URI.create(tlsBroker.url()), Optional.of(new TlsSettings(
                pki.resolve("trust.p12"), "PKCS12", pw, Optional.of(pki.resolve("{gateway}.p12")), "PKCS12", pw))),
                f.gateways(), f.source());
    }

    private static EdgeAgentConfig.Builder tlsConfig(String gateway, Path stateDir, LocalCa issuer) {
        return EdgeAgentConfig.builder(tlsFleet(gateway, issuer), gateway)
                .stateDir(stateDir)
                .opcUaEndpoint(URI.create(sim.endpointUrl()))
                .batchInterval(Duration.ofMillis(400))
                .samplingIntervalMs(20)
                .reconnectMaxDelay(Duration.ofSeconds(2));
    }

    /** (f) Over mutual TLS (the gateway's certificate from the fleet's key store) every window is scored exactly. */
    @Test
    void scoresFlowOverMutualTls() throws Exception {
        Path dir = TestSupport.stateDirWithKeys(root.resolve("state-tls"));
        List<WindowResult> results = new CopyOnWriteArrayList<>();
        try (EdgeAgent agent = new EdgeAgent(tlsConfig("gw-tls", dir, ca).build())) {
            agent.addResultListener(results::add);
            agent.start();
            warmUp(agent);
            step(6);
            agent.flush();
            awaitResultsUpToLast(agent, results);
            assertTrue(checkResults(agent, results) >= 4 * 6);
            assertTrue(tlsCloud.processed("gw-tls").size() >= 1);
        }
        assertEquals(0, cloud.arrivals("gw-tls").size(), "nothing went to the plain broker");
        // decision-only results: alert yes/no reaches the listeners and the logs, no score (not even the blinded value)
        assertTrue(results.stream().allMatch(r -> r.score().isEmpty()), "a decision-only result carried a score");
        for (String line : Files.readAllLines(dir.resolve("results.jsonl"))) {
            assertTrue(line.contains("\"alert\":") && !line.contains("\"score\""), line);
        }
    }

    /**
     * (g) A gateway whose certificate the broker does not trust never gets a connection: its
     * batches stay in the outbox (nothing lost, nothing sent) and the log says why.
     */
    @Test
    void anUntrustedGatewayCertificateKeepsEverythingInTheOutbox() throws Exception {
        ch.qos.logback.classic.Logger linkLogger = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(MqttLink.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        linkLogger.addAppender(logs);
        Path dir = TestSupport.stateDirWithKeys(root.resolve("state-untrusted"));
        LocalCa stranger = LocalCa.create("not the broker's CA", Duration.ofHours(1));
        try (EdgeAgent agent = new EdgeAgent(tlsConfig("gw-stranger", dir, stranger).build())) {
            agent.start();
            warmUp(agent);
            step(4);
            agent.flush();
            await(WAIT, () -> logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains("TLS handshake failed")),
                    () -> "a log line about the failed connection; have " + logs.list.size() + " lines");
            EdgeMetrics m = agent.metrics();
            assertTrue(m.batchesBuffered() >= 1, m.toString());
            assertEquals(0, m.batchesAcked(), m.toString());
            assertEquals(0, m.registrationsPublished(), m.toString());
        } finally {
            linkLogger.detachAppender(logs);
        }
        assertEquals(0, tlsCloud.arrivals("gw-stranger").size());
        try (var files = Files.list(dir.resolve("outbox"))) {
            assertTrue(files.count() >= 1, "batches kept on disk");
        }
    }

    /**
     * (e) What the broker sees and what the agent logs contain no plaintext: the batch metadata is
     * ids and times only, and neither the sensor values nor the quantized feature blocks appear in
     * the payloads or the log lines.
     */
    @Test
    void payloadsAndLogsHoldNoPlaintext() throws Exception {
        ch.qos.logback.classic.Logger rootLogger = (ch.qos.logback.classic.Logger) LoggerFactory
                .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        rootLogger.addAppender(logs);
        Path dir = TestSupport.stateDirWithKeys(root.resolve("state-e"));
        List<WindowResult> results = new CopyOnWriteArrayList<>();
        long t0 = System.currentTimeMillis();
        try (EdgeAgent agent = new EdgeAgent(config("gw-e", dir).build())) {
            agent.addResultListener(results::add);
            agent.start();
            warmUp(agent);
            step(6);
            agent.flush();
            awaitResultsUpToLast(agent, results);
        } finally {
            rootLogger.detachAppender(logs);
        }
        long t1 = System.currentTimeMillis();
        List<PublishedRecord> windows = new ArrayList<>();
        for (WindowResult r : results) {
            windows.add(TRUTH.get(key(r.machineId(), r.sampleSequence())));
        }
        assertTrue(windows.size() >= 24);

        List<CloudStub.Arrival> arrivals = cloud.arrivals("gw-e");
        assertFalse(arrivals.isEmpty());
        Set<String> machines = Set.of("Mill01", "Mill02", "Mill03", "Mill04");
        for (CloudStub.Arrival a : arrivals) {
            FeatureBatch fb = FeatureBatch.decode(a.payload());
            assertEquals("gw-e", fb.gatewayId());
            for (FeatureBatch.Window w : fb.windows()) {
                assertTrue(machines.contains(w.machineId()), w.toString());
                assertTrue(w.readAtMillis() >= t0 && w.readAtMillis() <= t1, w.toString());
            }
            for (PublishedRecord p : windows) {
                // the fractional sensor values (integral ones have too many zero bytes to be a useful probe)
                for (double v : new double[] {p.record().airTemperatureK(), p.record().processTemperatureK(),
                        p.record().torqueNm()}) {
                    if (v == Math.rint(v)) {
                        continue;
                    }
                    assertFalse(contains(a.payload(), ByteBuffer.allocate(8).putDouble(v).array()),
                            "a sensor value appears in a payload");
                }
                long[] block = TestSupport.quantized(p.record());
                ByteBuffer longs = ByteBuffer.allocate(8 * block.length);
                ByteBuffer ints = ByteBuffer.allocate(4 * block.length);
                for (long x : block) {
                    longs.putLong(x);
                    ints.putInt((int) x);
                }
                assertFalse(contains(a.payload(), longs.array()), "a quantized block appears in a payload");
                assertFalse(contains(a.payload(), ints.array()), "a quantized block appears in a payload");
            }
            String text = new String(a.payload(), StandardCharsets.ISO_8859_1);
            assertFalse(text.contains("torque") || text.contains("temperature"), "sensor names in a payload");
        }

        // the agent's own lines and its client libraries' (Milo client, Paho); not the test's server side
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : logs.list) {
            String logger = e.getLoggerName();
            if (logger.startsWith("io.smile.simulator") || logger.startsWith("org.eclipse.milo.opcua.sdk.server")
                    || logger.startsWith("com.hivemq") || logger.equals(CloudStub.class.getName())) {
                continue;
            }
            lines.add(logger + ": " + e.getFormattedMessage());
            for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
                lines.add(logger + ": " + t.getMessage());
            }
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("gw-e")), "the agent logged something");
        for (PublishedRecord p : windows) {
            for (double v : new double[] {p.record().airTemperatureK(), p.record().processTemperatureK(),
                    p.record().torqueNm()}) {
                String s = Double.toString(v);
                if (s.length() < 5) {
                    continue; // too short to be told apart from other numbers in log lines
                }
                for (String line : lines) {
                    assertFalse(line.contains(s), "log line shows sensor value " + s + ": " + line);
                }
            }
            String block = java.util.Arrays.toString(TestSupport.quantized(p.record()));
            for (String line : lines) {
                assertFalse(line.contains(block), "log line shows a feature block: " + line);
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}

package io.smile.simulator;

import io.smile.data.ai4i.Ai4iRecord;
import io.smile.data.ai4i.Ai4iDataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.profiles.MachineProfile;
import io.smile.profiles.ProfileLoader;
import io.smile.profiles.SensorSpec;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Starts real Milo servers on 127.0.0.1 (free ports) and reads them with a real Milo client. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MachineSimulatorTest {
    private static MachineProfile profile;
    private static MachineSimulator sim;
    private static OpcUaClient client;
    private static final BlockingQueue<PublishedRecord> PUBLISHED = new LinkedBlockingQueue<>();

    @BeforeAll
    static void start() throws Exception {
        profile = new ProfileLoader().builtinMachineProfile("ai4i-milling");
        sim = MachineSimulator.start(SimulatorConfig.builder().machines(profile, 3).seed(99)
                .security(SimulatorSecurity.NONE).build());
        sim.addListener(PUBLISHED::add);
        client = connect(sim.endpointUrl(), SecurityPolicy.None, null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.disconnect();
        }
        if (sim != null) {
            sim.stop();
        }
    }

    static OpcUaClient connect(String url, SecurityPolicy policy, KeyPair keyPair) throws Exception {
        OpcUaClient c = OpcUaClient.create(url,
                endpoints -> endpoints.stream().filter(e -> policy.getUri().equals(e.getSecurityPolicyUri()))
                        .findFirst(),
                transport -> { },
                config -> {
                    config.setRequestTimeout(org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint(
                            10_000));
                    if (keyPair != null) {
                        try {
                            X509Certificate cert = new SelfSignedCertificateBuilder(keyPair)
                                    .setCommonName("test client")
                                    .setApplicationUri("urn:smile:test-client")
                                    .build();
                            config.setApplicationUri("urn:smile:test-client")
                                    .setKeyPair(keyPair)
                                    .setCertificate(cert)
                                    .setCertificateChain(new X509Certificate[] {cert})
                                    .setCertificateValidator((chain, appUri, hosts) -> { });
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                });
        c.connect();
        return c;
    }

    private static NodeId node(String machine, String sensor) {
        SensorSpec s = profile.sensor(sensor).orElseThrow();
        return NodeId.parse(s.nodeId().nodeIdFor(machine));
    }

    private static NodeId node(io.smile.profiles.NodeIdTemplate t, String machine) {
        return NodeId.parse(t.nodeIdFor(machine));
    }

    @Test
    void endpointIsOnLoopbackWithTheProfileNamespace() throws Exception {
        assertTrue(sim.endpointUrl().matches("opc\\.tcp://127\\.0\\.0\\.1:\\d+/smile-sim"), sim.endpointUrl());
        assertEquals(List.of("Mill01", "Mill02", "Mill03"), sim.machineIds());
        assertEquals(2, client.readNamespaceTable().getIndex(profile.opcua().namespaceUri()).intValue());
        assertNotNull(sim.certificate());
    }

    /** Reads every node of every machine with one Read and compares with the ground truth. */
    @Test
    void readValuesEqualThePublishedRecords() throws Exception {
        List<PublishedRecord> out = sim.publishNext();
        assertEquals(3, out.size());
        for (PublishedRecord p : out) {
            String m = p.machineId();
            Ai4iRecord r = p.record();
            List<NodeId> ids = new ArrayList<>();
            for (SensorSpec s : profile.sensors()) {
                ids.add(node(m, s.name()));
            }
            ids.add(node(profile.attribute("type").orElseThrow().nodeId(), m));
            ids.add(node(profile.opcua().sequenceNode().orElseThrow(), m));
            ids.add(node(profile.labels().orElseThrow().failure(), m));
            for (String mode : Ai4iRecord.MODES) {
                ids.add(node(profile.labels().orElseThrow().modes().get(mode), m));
            }
            List<DataValue> values = client.readValues(0, TimestampsToReturn.Both, ids);
            for (int i = 0; i < values.size(); i++) {
                assertTrue(values.get(i).getStatusCode().isGood(), ids.get(i) + " " + values.get(i));
            }
            int k = 0;
            for (SensorSpec s : profile.sensors()) {
                assertEquals(r.sensor(s.name()), (Double) values.get(k++).getValue().getValue(), 0.0, s.name());
            }
            assertEquals(r.type().name(), values.get(k++).getValue().getValue());
            assertEquals(p.sequence(), values.get(k++).getValue().getValue());
            assertEquals(r.machineFailure(), values.get(k++).getValue().getValue());
            for (String mode : Ai4iRecord.MODES) {
                assertEquals(r.mode(mode), values.get(k++).getValue().getValue(), mode);
            }
            assertEquals(Optional.of(p), sim.latest(m));
        }
    }

    /** A subscription on a sensor and a sequence node delivers each newly published record. */
    @Test
    void subscriptionReceivesEveryUpdate() throws Exception {
        Map<NodeId, BlockingQueue<DataValue>> received = new ConcurrentHashMap<>();
        NodeId torque = node("Mill02", "torque");
        NodeId sequence = node(profile.opcua().sequenceNode().orElseThrow(), "Mill02");
        OpcUaSubscription subscription = new OpcUaSubscription(client, 20.0);
        subscription.create();
        try {
            for (NodeId id : List.of(torque, sequence)) {
                BlockingQueue<DataValue> q = new LinkedBlockingQueue<>();
                received.put(id, q);
                OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(id);
                item.setSamplingInterval(10.0);
                item.setQueueSize(org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint(100));
                item.setDataValueListener((it, value) -> q.add(value));
                subscription.addMonitoredItem(item);
            }
            subscription.synchronizeMonitoredItems();

            for (int step = 0; step < 4; step++) {
                PublishedRecord p = sim.publishNext().stream().filter(x -> x.machineId().equals("Mill02"))
                        .findFirst().orElseThrow();
                awaitValue(received.get(sequence), p.sequence());
                awaitValue(received.get(torque), p.record().torqueNm());
            }
        } finally {
            subscription.delete();
        }
    }

    /** Waits (bounded) until the queue delivers {@code expected}; fails if it never does. */
    private static void awaitValue(BlockingQueue<DataValue> q, Object expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<Object> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            DataValue v = q.poll(100, TimeUnit.MILLISECONDS);
            if (v != null && v.getStatusCode().isGood()) {
                seen.add(v.getValue().getValue());
                if (expected.equals(v.getValue().getValue())) {
                    return;
                }
            }
        }
        throw new AssertionError("no notification with value " + expected + "; got " + seen);
    }

    @Test
    void listenerAndCounterSeeEveryRecord() {
        PUBLISHED.clear();
        long before = sim.recordsPublished();
        List<PublishedRecord> out = sim.publish(5);
        assertEquals(15, out.size());
        assertEquals(before + 15, sim.recordsPublished());
        List<PublishedRecord> heard = new ArrayList<>();
        PUBLISHED.drainTo(heard);
        assertEquals(out, heard);
        // machines have independent generator streams
        assertFalse(out.get(0).record().equals(out.get(1).record()));
        assertThrows(IllegalArgumentException.class, () -> sim.latest("Mill99"));
    }

    /** Before the first sample the nodes carry Bad_WaitingForInitialData. */
    @Test
    void nodesWaitForTheFirstSample() throws Exception {
        try (MachineSimulator fresh = MachineSimulator.start(SimulatorConfig.builder().machines(profile, 1)
                .security(SimulatorSecurity.NONE).build())) {
            OpcUaClient c = connect(fresh.endpointUrl(), SecurityPolicy.None, null);
            try {
                DataValue v = c.readValue(0, TimestampsToReturn.Neither, node("Mill01", "torque"));
                assertEquals(StatusCodes.Bad_WaitingForInitialData, v.getStatusCode().getValue());
                fresh.publishNext();
                assertTrue(c.readValue(0, TimestampsToReturn.Neither, node("Mill01", "torque")).getStatusCode()
                        .isGood());
            } finally {
                c.disconnect();
            }
        }
    }

    /** Replay deals the data set's rows round-robin: machine i of n gets rows i, i+n, ... */
    @Test
    void replayDealsRowsRoundRobinAndServesThem() throws Exception {
        Ai4iDataset data = Ai4iDataset.load(TestData.ai4iCsv());
        try (MachineSimulator replay = MachineSimulator.start(SimulatorConfig.builder().machines(profile, 4)
                .dataset(TestData.ai4iCsv()).security(SimulatorSecurity.NONE).build())) {
            List<PublishedRecord> first = replay.publishNext();
            List<PublishedRecord> second = replay.publishNext();
            for (int i = 0; i < 4; i++) {
                assertEquals(data.records().get(i), first.get(i).record());
                assertEquals(data.records().get(4 + i), second.get(i).record());
            }
            OpcUaClient c = connect(replay.endpointUrl(), SecurityPolicy.None, null);
            try {
                DataValue speed = c.readValue(0, TimestampsToReturn.Neither, node("Mill03", "rotational_speed"));
                assertEquals((double) data.records().get(6).rotationalSpeedRpm(), speed.getValue().getValue());
            } finally {
                c.disconnect();
            }
        }
    }

    /** The Basic256Sha256 endpoint uses the self-signed certificate generated at start. */
    @Test
    void basic256Sha256EndpointServesValues() throws Exception {
        try (MachineSimulator secure = MachineSimulator.start(SimulatorConfig.builder().machines(profile, 1)
                .security(SimulatorSecurity.BASIC256SHA256).build())) {
            secure.publishNext();
            OpcUaClient c = connect(secure.endpointUrl(), SecurityPolicy.Basic256Sha256,
                    SelfSignedCertificateGenerator.generateRsaKeyPair(2048));
            try {
                EndpointDescription ep = c.getConfig().getEndpoint();
                assertEquals(SecurityPolicy.Basic256Sha256.getUri(), ep.getSecurityPolicyUri());
                assertEquals(MessageSecurityMode.SignAndEncrypt, ep.getSecurityMode());
                assertEquals(secure.certificate().getEncoded().length, ep.getServerCertificate().bytesOrEmpty().length);
                DataValue v = c.readValue(0, TimestampsToReturn.Neither, node("Mill01", "torque"));
                assertEquals(secure.latest("Mill01").orElseThrow().record().torqueNm(), v.getValue().getValue());
            } finally {
                c.disconnect();
            }
        }
    }

    @Test
    void badConfigurationFailsClearly(@TempDir Path dir) {
        Path missing = dir.resolve("ai4i2020.csv");
        SimulatorException e = assertThrows(SimulatorException.class, () -> MachineSimulator.start(
                SimulatorConfig.builder().machines(profile, 1).dataset(missing).build()));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("not found"),
                e.getMessage());
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> SimulatorConfig.builder()
                .machine(new SimulatedMachine("A", profile, Optional.empty()))
                .machine(new SimulatedMachine("A", profile, Optional.empty())).build());
        assertTrue(dup.getMessage().contains("duplicate machine id 'A'"));
        assertThrows(IllegalArgumentException.class, () -> SimulatorConfig.builder().machines(profile, 1)
                .rateHz(-1).build());
    }

    @Test
    void rateTimerPublishesByItself() throws Exception {
        try (MachineSimulator timed = MachineSimulator.start(SimulatorConfig.builder().machines(profile, 2)
                .rateHz(200).security(SimulatorSecurity.NONE).build())) {
            BlockingQueue<PublishedRecord> q = new LinkedBlockingQueue<>();
            timed.addListener(q::add);
            for (int i = 0; i < 6; i++) {
                assertNotNull(q.poll(10, TimeUnit.SECONDS), "the timer published nothing");
            }
            timed.stop();
            assertTrue(timed.isStopped());
            assertThrows(IllegalStateException.class, timed::publishNext);
        }
    }
}

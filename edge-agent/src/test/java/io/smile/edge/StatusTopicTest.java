package io.smile.edge;

import static io.smile.edge.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.pdm.model.QuantizedModel;
import io.smile.pdm.model.TestModels;
import io.smile.protocol.GatewayIdentity;
import io.smile.protocol.GatewayStatus;
import io.smile.protocol.KeyRegistration;
import io.smile.protocol.Topics;
import io.smile.simulator.MachineSimulator;
import io.smile.simulator.SimulatorConfig;
import io.smile.simulator.SimulatorSecurity;
import io.smile.testkit.TestBroker;
import io.smile.testkit.TestMqttClient;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's side of the cloud's status topic (issue 17, "Registration integrity"), with a real
 * agent, broker and cloud stub; the test publishes the statuses the cloud would
 * ({@code BatchIntegrityTest} in cloud-service checks that the cloud publishes exactly these). A
 * status is unsigned, so only a hint: one that shows the cloud holding this gateway's own keys
 * changes nothing, whatever it reports; a refusal of a batch whose digest is not the agent's batch
 * (someone else's batch with its sequence) is ignored; a refusal of its own batch ends the wait for
 * it (counted refused, nothing pending), and a cloud that holds no keys of it gets the registration
 * again, once per backoff.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StatusTopicTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long BACKOFF_MS = 8_000;

    @TempDir
    static Path root;
    private static TestBroker broker;
    private static CloudStub cloud;
    private static MachineSimulator sim;
    private static TestMqttClient fakeCloud;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty(EdgeAgent.REREGISTRATION_BACKOFF_PROPERTY, Long.toString(BACKOFF_MS));
        broker = TestBroker.startEmbedded();
        QuantizedModel model = TestModels.random(23);
        cloud = new CloudStub(broker.url(), model);
        cloud.start();
        sim = MachineSimulator.start(SimulatorConfig.builder().fleetGateway(TestSupport.fleet("gw-status"), "gw-status", 0)
                .port(0).seed(5).security(SimulatorSecurity.NONE).build());
        fakeCloud = TestMqttClient.connect(broker.url(), "fake-cloud-status");
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty(EdgeAgent.REREGISTRATION_BACKOFF_PROPERTY);
        if (fakeCloud != null) {
            fakeCloud.close();
        }
        if (sim != null) {
            sim.stop();
        }
        if (cloud != null) {
            cloud.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static EdgeAgent agent(String gateway) throws Exception {
        return new EdgeAgent(EdgeAgentConfig.builder(TestSupport.fleet(gateway), gateway)
                .stateDir(TestSupport.stateDirWithKeys(root.resolve(gateway)))
                .brokerUrl(URI.create(broker.url()))
                .opcUaEndpoint(URI.create(sim.endpointUrl()))
                .batchInterval(Duration.ofSeconds(30)) // batches are cut by flush() only
                .samplingIntervalMs(20)
                .resultTimeout(Duration.ofSeconds(40)) // no re-send during a test: only the status ends a wait
                .maxResultTimeout(Duration.ofSeconds(80))
                .reconnectMaxDelay(Duration.ofSeconds(2))
                .build());
    }

    private static void oneBatch(EdgeAgent agent) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long before = agent.metrics().windowsBuilt();
        while (agent.metrics().windowsBuilt() < before + 8 && System.nanoTime() < deadline) {
            sim.publishNext();
            Thread.sleep(120);
        }
        agent.flush();
    }

    /** The registration the agent published (retained on its keys topic). */
    private static KeyRegistration publishedRegistration(String gateway, byte[][] bytes) throws InterruptedException {
        try (TestMqttClient c = TestMqttClient.connect(broker.url(), "read-keys-" + gateway)) {
            String topic = Topics.keys(TestSupport.TENANT, gateway);
            c.subscribe(topic);
            bytes[0] = c.awaitMessage(topic, WAIT).payload();
            return KeyRegistration.decode(bytes[0]);
        }
    }

    private static void status(String gateway, GatewayStatus s) throws InterruptedException {
        fakeCloud.publish(Topics.status(TestSupport.TENANT, gateway), s.encode());
    }

    @Test
    void statusesThatShowTheGatewaysOwnKeysChangeNothing() throws Exception {
        String gw = "gw-status";
        List<WindowResult> results = new CopyOnWriteArrayList<>();
        try (EdgeAgent agent = agent(gw)) {
            agent.addResultListener(results::add);
            agent.start();
            await(WAIT, () -> cloud.registrations(gw) == 1, () -> "the registration; " + agent.metrics());
            byte[][] reg = new byte[1][];
            KeyRegistration r = publishedRegistration(gw, reg);
            byte[] held = GatewayStatus.digestOf(reg[0]);
            byte[] identity = GatewayStatus.digestOf(r.identityKey());
            Thread.sleep(BACKOFF_MS + 500); // past the backoff: only the statuses' content holds a re-registration back

            // a forged re-registration was refused: the cloud still holds ours
            status(gw, GatewayStatus.registrationRefused(gw, "identity-mismatch", held, identity, 1L));
            status(gw, GatewayStatus.registered(gw, held, identity, 2L));
            // someone else's batch with our next sequence was refused: not ours (another digest)
            status(gw, GatewayStatus.batchRefused(gw, 0, new byte[32], "bad-signature", held, identity, 3L));
            await(WAIT, () -> agent.metrics().statusesReceived() == 3, () -> "three statuses; " + agent.metrics());

            oneBatch(agent);
            long windows = agent.metrics().windowsBatched();
            await(WAIT, () -> results.size() >= windows && agent.metrics().batchesBuffered() == 0,
                    () -> "the results of batch 0; " + agent.metrics());
            EdgeMetrics m = agent.metrics();
            assertEquals(0, m.reregistrations(), m.toString());
            assertEquals(1, cloud.registrations(gw), "registered once");
            assertEquals(0, m.batchesRefused(), m.toString());
            assertEquals(1, m.statusesIgnored(), "the refusal of another batch: " + m);
            assertEquals(1, m.batchesAnswered(), m.toString());
        }
    }

    @Test
    void aRefusalOfItsOwnBatchEndsTheWaitAndACloudWithoutItsKeysGetsThemAgainOncePerBackoff() throws Exception {
        String gw = "gw-status-lost";
        cloud.dropNextResults(gw, 1); // the batch stays unanswered: only the status can end the wait
        List<WindowResult> results = new CopyOnWriteArrayList<>();
        try (EdgeAgent agent = agent(gw)) {
            agent.addResultListener(results::add);
            agent.start();
            await(WAIT, () -> cloud.registrations(gw) == 1, () -> "the registration; " + agent.metrics());
            byte[][] reg = new byte[1][];
            KeyRegistration r = publishedRegistration(gw, reg);
            long started = System.nanoTime();
            oneBatch(agent);
            await(WAIT, () -> cloud.arrivals(gw).size() == 1, () -> "batch 0 at the cloud; " + agent.metrics());
            byte[] batch0 = cloud.arrivals(gw).get(0).payload();
            assertEquals(1, agent.metrics().pendingResults());

            // a refusal of another batch 0 (another digest): batch 0 is still awaited
            byte[] held = GatewayStatus.digestOf(reg[0]);
            byte[] identity = GatewayStatus.digestOf(r.identityKey());
            status(gw, GatewayStatus.batchRefused(gw, 0, GatewayStatus.digestOf(new byte[] {1}), "bad-signature", held,
                    identity, 1L));
            await(WAIT, () -> agent.metrics().statusesIgnored() == 1, () -> "the foreign refusal; " + agent.metrics());
            assertEquals(1, agent.metrics().pendingResults(), agent.metrics().toString());
            assertEquals(0, agent.metrics().batchesRefused());

            // the cloud lost the gateway (DELETE /gateways/{id}): its own batch 0 refused unknown-gateway, twice
            long waited = (System.nanoTime() - started) / 1_000_000;
            if (waited < BACKOFF_MS + 500) {
                Thread.sleep(BACKOFF_MS + 500 - waited);
            }
            GatewayStatus unknown = GatewayStatus.batchRefused(gw, 0, GatewayStatus.digestOf(batch0), "unknown-gateway",
                    new byte[0], new byte[0], 2L);
            status(gw, unknown);
            status(gw, unknown);
            await(WAIT, () -> agent.metrics().statusesReceived() == 3 && cloud.registrations(gw) == 2,
                    () -> "the re-registration; " + agent.metrics());
            EdgeMetrics m = agent.metrics();
            assertEquals(1, m.batchesRefused(), "batch 0 counted refused: " + m);
            assertEquals(0, m.pendingResults(), "nothing left waiting: " + m);
            assertEquals(0, m.batchesBuffered(), "batch 0 left the outbox: " + m);
            assertEquals(1, m.reregistrations(), "one for both: " + m);
            // within the backoff of that registration another such status changes nothing
            status(gw, GatewayStatus.registered(gw, new byte[32], identity, 2L));
            await(WAIT, () -> agent.metrics().statusesReceived() == 4, () -> "the fourth status; " + agent.metrics());
            Thread.sleep(500);
            assertEquals(1, agent.metrics().reregistrations(), "once per backoff: " + agent.metrics());
            assertEquals(2, cloud.registrations(gw));

            // scoring goes on after the re-registration
            oneBatch(agent);
            long windows = agent.metrics().windowsBatched() - 8;
            await(WAIT, () -> agent.metrics().batchesAnswered() == 1, () -> "batch 1 scored; " + agent.metrics());
            assertTrue(results.size() >= Math.min(windows, 1), agent.metrics().toString());
            assertEquals(2, cloud.registrations(gw), "no further registration: " + agent.metrics());
            // a status with other keys of the same identity, past the backoff: registered once more
            Thread.sleep(BACKOFF_MS + 500);
            status(gw, GatewayStatus.registered(gw, new byte[32], identity, 3L));
            await(WAIT, () -> cloud.registrations(gw) == 3, () -> "a re-registration for other keys; " + agent.metrics());
            // ... but not for a cloud that pinned another identity (it would refuse): an ERROR says so
            Thread.sleep(BACKOFF_MS + 500);
            status(gw, GatewayStatus.registered(gw, new byte[32],
                    GatewayStatus.digestOf(GatewayIdentity.generate().publicKey()), 4L));
            await(WAIT, () -> agent.metrics().statusesReceived() == 6, () -> "the sixth status; " + agent.metrics());
            Thread.sleep(500);
            assertEquals(3, cloud.registrations(gw), agent.metrics().toString());
            assertEquals(2, agent.metrics().reregistrations(), agent.metrics().toString());
        }
    }
}

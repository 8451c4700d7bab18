package io.smile.cloud.mqtt;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.broker.MosquittoBroker;
import io.smile.protocol.Topics;
import io.smile.testkit.TestMqttClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, item 1, as the service sees it: Mosquitto with topic aliases on (its default) and
 * persistence; the cloud publishes results to a gateway's alert topic, the broker crashes while two
 * are in flight and comes back 2 s later. The connector (whose {@code isConnected} is the readiness
 * check) is not ready during the outage, ready again after it, and stays so; the results in flight
 * reach the gateway.
 */
class MqttConnectorMosquittoCrashTest {
    @Test
    void afterABrokerCrashWithResultsInFlightTheServiceIsReadyAgainAndStaysReady(@TempDir Path dir) throws Exception {
        Optional<MosquittoBroker> created = MosquittoBroker.create(dir, MosquittoBroker.Config.defaults());
        Assumptions.assumeTrue(created.isPresent(), "mosquitto is not installed: skipped");
        String alerts = Topics.alerts("t", "g");
        try (MosquittoBroker broker = created.get().start()) {
            LinkedBlockingQueue<String> got = new LinkedBlockingQueue<>();
            try (TestMqttClient gateway = TestMqttClient.connect(broker.url(), "gw-" + System.nanoTime());
                 MqttConnector cloud = new MqttConnector(new MqttConnector.Settings(broker.url(), "cloud-crash",
                         Optional.empty(), Optional.empty(), false, 600, 30, 1, 5, Optional.empty(), Optional.empty()),
                         new MqttConnectorTest.Recorder())) {
                gateway.subscribe(alerts, d -> got.add(new String(d.payload())));
                cloud.start();
                MqttConnectorTest.awaitConnected(cloud);
                cloud.publish(alerts, "r1".getBytes());
                assertEquals("r1", got.poll(30, TimeUnit.SECONDS));
                broker.freeze();
                cloud.publish(alerts, "r2".getBytes()); // alias-only on the wire with Paho's aliases on
                cloud.publish(alerts, "r3".getBytes());
                Thread.sleep(150);
                broker.kill();
                awaitReady(cloud, false);
                Thread.sleep(2_000);
                broker.start();
                awaitReady(cloud, true);
                long losses = cloud.counters().connectionLosses();
                Thread.sleep(4_000);
                assertTrue(cloud.isConnected(), "ready after the restart and still: " + cloud.counters());
                assertEquals(losses, cloud.counters().connectionLosses(), "no reconnect loop: " + cloud.counters());
                assertEquals(0, cloud.counters().clientRebuilds(), "no aliases sent, nothing to rebuild");
                // the broker lost the gateway's session (killed before saving it): the gateway resubscribed
                // on its own reconnection; the cloud's in-flight results were sent again after the restart
                cloud.publish(alerts, "r4".getBytes());
                String last;
                do {
                    last = got.poll(30, TimeUnit.SECONDS);
                    assertNotNull(last, "result after the restart not delivered");
                } while (!last.equals("r4"));
                assertEquals(0, cloud.pendingPublishes());
            }
        }
    }

    private static void awaitReady(MqttConnector c, boolean ready) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (c.isConnected() != ready) {
            assertTrue(System.nanoTime() < deadline, "readiness not " + ready + " within 30 s: " + c.counters());
            Thread.sleep(20);
        }
    }
}

package io.smile.cloud.mqtt;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.broker.EmbeddedBroker;
import io.smile.protocol.Topics;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import io.smile.testkit.TestMqttClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The service's MQTT connection against a real broker: persistent session, reconnection, acknowledgements. */
class MqttConnectorTest {
    /** Records messages; acknowledges them unless told not to. */
    static class Recorder implements MqttConnector.Handler {
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        volatile boolean ack = true;

        @Override
        public void onFeatures(String topic, byte[] payload, Runnable ack) {
            received.add(topic + " " + new String(payload));
            if (this.ack) {
                ack.run();
            }
        }

        @Override
        public void onKeys(String topic, byte[] payload, Runnable ack) {
            received.add(topic + " " + new String(payload));
            if (this.ack) {
                ack.run();
            }
        }

        String next() throws InterruptedException {
            String s = received.poll(30, TimeUnit.SECONDS);
            assertNotNull(s, "no message within 30 s");
            return s;
        }
    }

    static MqttConnector connector(EmbeddedBroker broker, String id, Recorder r) {
        return new MqttConnector(new MqttConnector.Settings(broker.url(), id, Optional.empty(), Optional.empty(), false,
                600, 30, 1, 5, Optional.empty(), Optional.empty()), r);
    }

    static void awaitConnected(MqttConnector c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!c.isConnected()) {
            assertTrue(System.nanoTime() < deadline, "not connected within 30 s");
            Thread.sleep(20);
        }
    }

    static void publish(EmbeddedBroker broker, String topic, String payload) throws Exception {
        try (TestMqttClient p = TestMqttClient.connect(broker.url(), "publisher-" + System.nanoTime())) {
            p.publish(topic, payload.getBytes());
        }
    }

    @Test
    void messagesPublishedWhileTheServiceIsDownAreDeliveredWhenItReturns() throws Exception {
        String features = Topics.features("t", "g");
        try (EmbeddedBroker broker = EmbeddedBroker.startOnFreePort()) {
            Recorder r1 = new Recorder();
            MqttConnector c1 = connector(broker, "cloud-a", r1);
            c1.start();
            awaitConnected(c1);
            publish(broker, features, "one");
            assertEquals(features + " one", r1.next());
            c1.close();

            publish(broker, features, "while-down");
            Recorder r2 = new Recorder();
            r2.ack = false; // received but never acknowledged: the broker must deliver it again
            MqttConnector c2 = connector(broker, "cloud-a", r2);
            c2.start();
            assertEquals(features + " while-down", r2.next());
            c2.close();

            Recorder r3 = new Recorder();
            try (MqttConnector c3 = connector(broker, "cloud-a", r3)) {
                c3.start();
                assertEquals(features + " while-down", r3.next(), "unacknowledged message delivered again");
                awaitConnected(c3);
                publish(broker, Topics.keys("t", "g"), "keys");
                assertEquals(Topics.keys("t", "g") + " keys", r3.next());
            }
        }
    }

    @Test
    void aMessageWhoseHandlerThrowsIsAcknowledgedAndNeverDeliveredAgain() throws Exception {
        String features = Topics.features("t", "g");
        try (EmbeddedBroker broker = EmbeddedBroker.startOnFreePort()) {
            Recorder r1 = new Recorder() {
                @Override
                public void onFeatures(String topic, byte[] payload, Runnable ack) {
                    super.onFeatures(topic, payload, () -> { });
                    throw new IllegalStateException("handler blew up");
                }
            };
            try (MqttConnector c1 = connector(broker, "cloud-d", r1)) {
                c1.start();
                awaitConnected(c1);
                publish(broker, features, "explodes");
                assertEquals(features + " explodes", r1.next());
                publish(broker, features, "next");
                assertEquals(features + " next", r1.next(), "delivery goes on after a handler threw");
            }
            publish(broker, features, "after");
            Recorder r2 = new Recorder();
            try (MqttConnector c2 = connector(broker, "cloud-d", r2)) {
                c2.start();
                assertEquals(features + " after", r2.next(), "the messages that blew up are not delivered again");
                assertNull(r2.received.poll(2, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void retriesTheFirstConnectionAndReconnectsAfterABrokerRestart() throws Exception {
        String features = Topics.features("t", "g");
        try (EmbeddedBroker broker = new EmbeddedBroker()) {
            Recorder r = new Recorder();
            try (MqttConnector c = connector(broker, "cloud-b", r)) {
                c.start(); // the broker is not running yet
                Thread.sleep(1500);
                assertFalse(c.isConnected());
                broker.start();
                awaitConnected(c);
                publish(broker, features, "first");
                assertEquals(features + " first", r.next());

                broker.stop();
                assertFalse(c.isConnected());
                broker.start();
                awaitConnected(c);
                publish(broker, features, "after-restart");
                assertEquals(features + " after-restart", r.next());
            }
        }
    }

    @Test
    void aBurstOfResultsLargerThanTheBrokersReceiveMaximumIsPublishedWhole() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startOnFreePort();
             MqttConnector c = connector(broker, "cloud-c", new Recorder())) {
            c.start();
            awaitConnected(c);
            String alerts = Topics.alerts("t", "g");
            try (TestMqttClient gateway = TestMqttClient.connect(broker.url(), "gateway-c")) {
                gateway.subscribe(alerts);
                byte[] result = new byte[1024];
                int n = 500; // far more than the 10 unacknowledged QoS 1 publishes HiveMQ lets a client have in flight
                for (int i = 0; i < n; i++) {
                    c.publish(alerts, result);
                }
                List<TestMqttClient.Message> got = gateway.awaitMessages(alerts, n, Duration.ofSeconds(120));
                assertEquals(n, got.size());
                for (TestMqttClient.Message m : got) {
                    assertEquals(result.length, m.payload().length);
                }
            }
        }
    }
}

package io.smile.broker;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.Test;

class EmbeddedBrokerTest {
    private static final long TIMEOUT_S = 30;

    /** A Paho v5 client that collects what it receives. */
    private static final class Client implements MqttCallback, AutoCloseable {
        final MqttClient mqtt;
        final BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
        final BlockingQueue<Boolean> connects = new LinkedBlockingQueue<>();

        Client(String url, String id, boolean persistentSession) throws MqttException {
            mqtt = new MqttClient(url, id, new MemoryPersistence());
            mqtt.setCallback(this);
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(!persistentSession);
            o.setSessionExpiryInterval(persistentSession ? 3600L : 0L);
            o.setAutomaticReconnect(true);
            o.setAutomaticReconnectDelay(1, 2);
            o.setMaxReconnectDelay(2000); // what Paho 1.2.5 really uses as the maximum, in ms
            o.setConnectionTimeout(10);
            mqtt.setTimeToWait(TIMEOUT_S * 1000);
            mqtt.connect(o);
        }

        @Override
        public void disconnected(MqttDisconnectResponse r) {
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(message);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            connects.add(reconnect);
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }

        MqttMessage next() throws InterruptedException {
            MqttMessage m = received.poll(TIMEOUT_S, TimeUnit.SECONDS);
            assertNotNull(m, "no message within " + TIMEOUT_S + " s");
            return m;
        }

        @Override
        public void close() throws MqttException {
            if (mqtt.isConnected()) {
                mqtt.disconnect();
            }
            mqtt.close(true);
        }
    }

    @Test
    void clientPublishesQos1ToItselfAndBigMessagesPass() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startOnFreePort();
             Client c = new Client(broker.url(), "self", false)) {
            assertTrue(broker.url().startsWith("tcp://127.0.0.1:"));
            c.mqtt.subscribe("t/self", 1);
            c.mqtt.publish("t/self", "hello".getBytes(), 1, false);
            MqttMessage m = c.next();
            assertEquals("hello", new String(m.getPayload()));
            assertEquals(1, m.getQos());

            byte[] big = new byte[30 << 20];
            new Random(1).nextBytes(big);
            c.mqtt.publish("t/self", big, 1, false);
            assertArrayEquals(big, c.next().getPayload());
        }
    }

    @Test
    void listensOnLoopbackOnlyOnTheGivenPortAndClosesIdempotently() throws Exception {
        int port;
        try (EmbeddedBroker probe = new EmbeddedBroker()) {
            port = probe.port();
        }
        EmbeddedBroker broker = new EmbeddedBroker(port).start();
        assertEquals("tcp://127.0.0.1:" + port, broker.url());
        assertTrue(Files.readString(broker.home().resolve("conf/config.xml")).contains("<bind-address>127.0.0.1</bind-address>"));
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
        }
        broker.stop();
        broker.stop();
        assertFalse(broker.isRunning());
        broker.close();
        broker.close();
        assertFalse(Files.exists(broker.home()));
        assertThrows(IllegalStateException.class, broker::start);
        assertThrows(IllegalArgumentException.class, () -> new EmbeddedBroker(70000));
    }

    @Test
    void restartOnTheSamePortKeepsPersistentSessionsAndQueuedMessages() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.startOnFreePort()) {
            int port = broker.port();
            Client sub = new Client(broker.url(), "durable-sub", true);
            sub.connects.poll(TIMEOUT_S, TimeUnit.SECONDS);
            sub.mqtt.subscribe("t/durable", 1);
            Client pub = new Client(broker.url(), "pub", false);
            pub.connects.poll(TIMEOUT_S, TimeUnit.SECONDS);

            // stop mid-stream: both clients lose the connection and reconnect by themselves
            broker.stop();
            assertFalse(broker.isRunning());
            broker.start();
            assertEquals(port, broker.port());
            assertEquals(Boolean.TRUE, sub.connects.poll(TIMEOUT_S, TimeUnit.SECONDS), "subscriber did not reconnect");
            assertEquals(Boolean.TRUE, pub.connects.poll(TIMEOUT_S, TimeUnit.SECONDS), "publisher did not reconnect");
            pub.mqtt.publish("t/durable", "after-restart".getBytes(), 1, false);
            assertEquals("after-restart", new String(sub.next().getPayload()));

            // a message queued for the offline subscriber survives a broker restart
            sub.close();
            byte[] queued = new byte[1024];
            Arrays.fill(queued, (byte) 7);
            pub.mqtt.publish("t/durable", queued, 1, false);
            broker.stop();
            broker.start();
            pub.connects.poll(TIMEOUT_S, TimeUnit.SECONDS);
            try (Client again = new Client(broker.url(), "durable-sub", true)) {
                // QoS 1 is at-least-once: if the first session's acknowledgement of "after-restart"
                // was lost in the close, the broker redelivers it first. That is allowed; anything
                // else, or losing the queued message, is not.
                byte[] got = again.next().getPayload();
                if (Arrays.equals(got, "after-restart".getBytes())) {
                    got = again.next().getPayload();
                }
                assertArrayEquals(queued, got);
            }
            pub.close();
        }
    }
}

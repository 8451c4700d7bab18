package io.smile.protocol.mqtt;

import static io.smile.protocol.mqtt.SessionProbe.*;
import static org.junit.jupiter.api.Assertions.*;

import io.smile.broker.EmbeddedBroker;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link MqttSession} against the embedded HiveMQ CE: the contract, plus what needs a broker stopped and started. */
class MqttSessionTest extends SessionContract {
    static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.startOnFreePort();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Override
    String url() {
        return broker.url();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void theFirstConnectionIsRetriedUntilTheBrokerIsUp() throws Exception {
        int port = freePort();
        Events events = new Events();
        MqttSettings settings = MqttSettings.of("tcp://127.0.0.1:" + port, "early-" + unique)
                .withReconnectDelay(Duration.ofMillis(100), Duration.ofMillis(400)).withConnectTimeout(2);
        try (MqttSession s = new MqttSession(settings, events)) {
            s.start();
            events.nextDelay();
            events.nextDelay();
            assertFalse(s.isConnected());
            // held while there is no broker
            CompletableFuture<Void> held = s.publishRetained("it/" + unique + "/early", bytes("sent before the broker was up"));
            assertFalse(held.isDone());
            assertEquals(1, s.pendingPublishes());
            try (EmbeddedBroker late = new EmbeddedBroker(port)) {
                late.start();
                assertTrue(s.awaitConnected(WAIT));
                assertEquals("connected reconnect=false session=false", events.next());
                held.get(TIMEOUT_S, TimeUnit.SECONDS);
                assertTrue(s.counters().failedConnectAttempts() >= 2);
                Inbox inbox = new Inbox();
                try (MqttSession reader = new MqttSession(MqttSettings.of(late.url(), "reader-" + unique))) {
                    reader.subscribe("it/" + unique + "/early", inbox);
                    reader.connect(WAIT);
                    Delivery d = inbox.next();
                    assertTrue(d.retained());
                    assertEquals("sent before the broker was up", text(d));
                }
            }
        }
    }

    @Test
    void afterABrokerRestartItReconnectsResubscribesAndSendsWhatWasHeld() throws Exception {
        try (EmbeddedBroker b = EmbeddedBroker.startOnFreePort()) {
            Events events = new Events();
            Inbox inbox = new Inbox();
            String base = "it/" + unique + "/restart";
            // clean start: the broker forgets the subscription, so receiving again proves the session renewed it
            MqttSettings settings = MqttSettings.of(b.url(), "restart-" + unique)
                    .withReconnectDelay(Duration.ofMillis(100), Duration.ofMillis(500)).withConnectTimeout(2);
            try (MqttSession s = new MqttSession(settings, events);
                 MqttSession pub = new MqttSession(MqttSettings.of(b.url(), "restart-pub-" + unique)
                         .withReconnectDelay(Duration.ofMillis(100), Duration.ofMillis(500)))) {
                s.subscribe(base + "/+", inbox);
                s.connect(WAIT);
                assertEquals("connected reconnect=false session=false", events.next());

                b.stop();
                assertEquals("lost", events.next());
                assertFalse(s.isSubscribed());
                CompletableFuture<Void> held = s.publish("it/" + unique + "/held", bytes("published while the broker was down"));
                b.start();
                assertEquals("connected reconnect=true session=false", events.next());
                held.get(TIMEOUT_S, TimeUnit.SECONDS);

                pub.connect(WAIT);
                // the renewed subscription becomes active shortly after the CONNACK: ping until one arrives
                Delivery got = null;
                for (int i = 0; i < TIMEOUT_S && got == null; i++) {
                    pub.publishAndWait(base + "/ping", bytes("ping " + i), WAIT);
                    got = inbox.got.poll(1, TimeUnit.SECONDS);
                }
                assertNotNull(got, "no message after the restart: not resubscribed");
                assertEquals(base + "/ping", got.topic().toString());
                assertTrue(s.isSubscribed(), "granted again on the new connection");
                assertEquals(2, s.counters().connections());
                assertEquals(1, s.counters().connectionLosses());
            }
        }
    }

    @Test
    void theReconnectDelayNeverExceedsTheConfiguredMaximum() throws Exception {
        try (EmbeddedBroker b = EmbeddedBroker.startOnFreePort()) {
            Events events = new Events();
            Duration max = Duration.ofMillis(700); // Paho 1.2.5 would wait 1 s at least, then 2, 4, … 128 s
            MqttSettings settings = MqttSettings.of(b.url(), "bounded-" + unique)
                    .withReconnectDelay(Duration.ofMillis(100), max).withConnectTimeout(2);
            try (MqttSession s = new MqttSession(settings, events)) {
                s.connect(WAIT);
                assertEquals("connected reconnect=false session=false", events.next());
                b.stop();
                assertEquals("lost", events.next());
                // the first attempt follows the loss after 100 ms; every failed one doubles, up to the maximum
                List<Duration> delays = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    delays.add(events.nextDelay());
                }
                assertEquals(List.of(Duration.ofMillis(200), Duration.ofMillis(400), max, max, max), delays);
                b.start();
                assertTrue(s.awaitConnected(WAIT));
            }
        }
    }

    /**
     * The bug the session works around, on Paho itself: configured as edge-agent's MqttLink does
     * ({@code setAutomaticReconnectDelay(1, max)}), Paho's automatic reconnection waits longer than max.
     * If this fails after a Paho upgrade, Paho may have fixed it.
     */
    @Test
    void pahoAutomaticReconnectIgnoresItsConfiguredMaximumDelay() throws Exception {
        int maxSeconds = 2;
        try (EmbeddedBroker b = EmbeddedBroker.startOnFreePort()) {
            MqttAsyncClient c = new MqttAsyncClient(b.url(), "paho-" + unique, new MemoryPersistence());
            try {
                MqttConnectionOptions o = new MqttConnectionOptions();
                o.setAutomaticReconnect(true);
                o.setAutomaticReconnectDelay(1, maxSeconds);
                o.setConnectionTimeout(5);
                c.connect(o).waitForCompletion(TIMEOUT_S * 1000);
                b.stop();
                // Paho keeps the delay of its next attempt in a private static field (one for the whole JVM)
                Field delay = MqttAsyncClient.class.getDeclaredField("reconnectDelay");
                delay.setAccessible(true);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_S);
                int ms = delay.getInt(null);
                while (ms <= maxSeconds * 1000 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    ms = delay.getInt(null);
                }
                assertTrue(ms > maxSeconds * 1000, "Paho's reconnect delay stayed within " + maxSeconds + " s: " + ms + " ms");
            } finally {
                c.disconnectForcibly(0, 1000, false);
                c.close(true);
            }
        }
    }
}

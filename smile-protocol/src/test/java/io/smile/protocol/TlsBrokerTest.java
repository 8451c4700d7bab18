package io.smile.protocol;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.broker.EmbeddedBroker;
import io.smile.broker.LocalCa;
import io.smile.protocol.MqttTls.StoreFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import io.smile.protocol.mqtt.Delivery;
import io.smile.protocol.mqtt.MqttSession;
import io.smile.protocol.mqtt.MqttSettings;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker's TLS listener with real certificates: who may connect, and that data flows, with
 * {@link MqttTls} socket factories on a plain Paho client and on an {@link MqttSession}.
 */
class TlsBrokerTest {
    private static final char[] PW = "test-store-password".toCharArray();

    @TempDir
    static Path dir;
    static LocalCa ca;
    static EmbeddedBroker broker;
    static StoreFile trust;
    static StoreFile client;

    @BeforeAll
    static void start() {
        ca = LocalCa.create("SMiLe test CA", Duration.ofHours(1));
        Path brokerStore = ca.issueServer(dir.resolve("broker.p12"), PW, "broker", List.of("127.0.0.1", "localhost"));
        Path truststore = ca.writeTruststore(dir.resolve("trust.p12"), PW);
        trust = new StoreFile(truststore, "PKCS12", Optional.of(PW));
        client = new StoreFile(ca.issueClient(dir.resolve("gw-1.p12"), PW, "gw-1"), "PKCS12", Optional.of(PW));
        broker = new EmbeddedBroker(0, Optional.of(new EmbeddedBroker.Tls(brokerStore, new String(PW),
                Optional.of(truststore), new String(PW))));
        broker.start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    private static MqttClient connect(String url, Optional<StoreFile> truststore, Optional<StoreFile> keystore)
            throws MqttException {
        MqttClient c = new MqttClient(url, "c-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setConnectionTimeout(10);
        if (url.startsWith("ssl://")) {
            o.setSocketFactory(MqttTls.socketFactory(truststore, keystore));
        }
        c.setTimeToWait(20_000);
        try {
            c.connect(o);
        } catch (MqttException e) {
            c.close(true);
            throw e;
        }
        return c;
    }

    /** Connecting fails, and for a TLS reason (not a timeout or a refused socket). */
    private static void assertRefusedByTls(org.junit.jupiter.api.function.Executable connect) {
        MqttException e = assertThrows(MqttException.class, connect);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return;
            }
        }
        fail("refused, but not by TLS: " + e + " / cause " + e.getCause());
    }

    @Test
    void aClientWithATrustedCertificateExchangesMessages() throws Exception {
        assertTrue(broker.url().startsWith("ssl://127.0.0.1:"), broker.url());
        MqttClient c = connect(broker.url(), Optional.of(trust), Optional.of(client));
        try {
            BlockingQueue<String> got = new LinkedBlockingQueue<>();
            // (the single-topic subscribe(topic, qos, listener) of Paho 1.2.5 recurses forever)
            c.subscribe(new MqttSubscription[] {new MqttSubscription("t/tls", 1)},
                    new IMqttMessageListener[] {(topic, m) -> got.add(new String(m.getPayload(), StandardCharsets.UTF_8))});
            c.publish("t/tls", new MqttMessage("over TLS".getBytes(StandardCharsets.UTF_8), 1, false, null));
            assertEquals("over TLS", got.poll(20, TimeUnit.SECONDS));
        } finally {
            c.disconnect();
            c.close(true);
        }
    }

    @Test
    void aClientWithoutACertificateIsRefused() {
        assertRefusedByTls(() -> connect(broker.url(), Optional.of(trust), Optional.empty()).close(true));
    }

    @Test
    void aBrokerCertificateFromAnotherCaIsNotTrusted() {
        LocalCa other = LocalCa.create("another CA", Duration.ofHours(1));
        StoreFile otherTrust = new StoreFile(other.writeTruststore(dir.resolve("other-trust.p12"), PW), "PKCS12",
                Optional.of(PW));
        assertRefusedByTls(() -> connect(broker.url(), Optional.of(otherTrust), Optional.of(client)).close(true));
    }

    @Test
    void aClientCertificateFromAnotherCaIsRefused() {
        LocalCa other = LocalCa.create("another CA", Duration.ofHours(1));
        StoreFile stranger = new StoreFile(other.issueClient(dir.resolve("stranger.p12"), PW, "gw-1"), "PKCS12",
                Optional.of(PW));
        assertRefusedByTls(() -> connect(broker.url(), Optional.of(trust), Optional.of(stranger)).close(true));
    }

    @Test
    void plainMqttOnTheTlsPortIsRefused() {
        String plain = broker.url().replace("ssl://", "tcp://");
        assertThrows(MqttException.class, () -> connect(plain, Optional.empty(), Optional.empty()).close(true));
    }

    @Test
    void theHostNameIsVerified() throws Exception {
        // a certificate from the trusted CA, but for another host than 127.0.0.1
        Path wrongHost = ca.issueServer(dir.resolve("wrong-host.p12"), PW, "elsewhere", List.of("broker.example.invalid"));
        try (EmbeddedBroker b = new EmbeddedBroker(0, Optional.of(new EmbeddedBroker.Tls(wrongHost, new String(PW),
                Optional.empty(), "")))) {
            b.start();
            assertRefusedByTls(() -> connect(b.url(), Optional.of(trust), Optional.empty()).close(true));
        }
    }

    @Test
    void unreadableStoresAreNamedInTheError() {
        StoreFile wrongPassword = new StoreFile(trust.path(), "PKCS12", Optional.of("nope".toCharArray()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MqttTls.socketFactory(Optional.of(wrongPassword), Optional.empty()));
        assertTrue(e.getMessage().contains(trust.path().toString()), e.getMessage());
        StoreFile missing = new StoreFile(dir.resolve("missing.p12"), "PKCS12", Optional.empty());
        e = assertThrows(IllegalArgumentException.class, () -> MqttTls.socketFactory(Optional.empty(), Optional.of(missing)));
        assertTrue(e.getMessage().contains("missing.p12"), e.getMessage());
    }

    @Test
    void aSessionOverMutualTlsExchangesMessages() throws Exception {
        MqttSettings settings = MqttSettings.of(broker.url(), "session-" + System.nanoTime())
                .withTls(Optional.of(trust), Optional.of(client));
        try (MqttSession s = new MqttSession(settings)) {
            BlockingQueue<String> got = new LinkedBlockingQueue<>();
            s.connect(Duration.ofSeconds(30));
            s.subscribe("t/session-tls", (Delivery d) -> got.add(new String(d.payload(), StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
            s.publishAndWait("t/session-tls", "session over TLS".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
            assertEquals("session over TLS", got.poll(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void aSessionWithoutACertificateReportsTheTlsFailureAndKeepsTrying() throws Exception {
        BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
        MqttSettings settings = MqttSettings.of(broker.url(), "session-" + System.nanoTime())
                .withTls(Optional.of(trust), Optional.empty())
                .withReconnectDelay(Duration.ofMillis(100), Duration.ofMillis(200));
        try (MqttSession s = new MqttSession(settings, new MqttSession.Listener() {
            @Override
            public void connectFailed(int n, Duration next, Throwable cause) {
                failures.add(cause);
            }
        })) {
            s.start();
            for (int i = 0; i < 2; i++) {
                Throwable cause = failures.poll(30, TimeUnit.SECONDS);
                assertNotNull(cause, "no failed attempt reported");
                assertRefusedByTls(() -> {
                    throw cause;
                });
            }
            assertFalse(s.isConnected());
        }
    }
}

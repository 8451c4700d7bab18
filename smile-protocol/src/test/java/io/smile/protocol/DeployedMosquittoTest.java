package io.smile.protocol;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.broker.LocalCa;
import io.smile.protocol.MqttTls.StoreFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttMessageListener;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped Mosquitto configuration ({@code deploy/mosquitto}) on a real Mosquitto: a copy with
 * its paths in a temporary directory and its listener on 127.0.0.1, certificates from a test CA.
 * Checks mutual TLS and that the ACL keeps every gateway to its own topics.
 *
 * <p>Needs {@code /usr/sbin/mosquitto} (Debian's package; {@code .ci/run} installs it). Without it
 * the test is skipped, unless {@code SMILE_TEST_MOSQUITTO_URL} is set (CI), where it fails.
 */
class DeployedMosquittoTest {
    private static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");
    private static final char[] PW = "mosquitto-test".toCharArray();
    private static final String TOPIC_ROOT = "smile/t1/";

    @TempDir
    static Path dir;
    static Process mosquitto;
    static String url;
    static StoreFile trust;
    static LocalCa ca;

    @BeforeAll
    static void start() throws Exception {
        if (System.getenv("SMILE_TEST_MOSQUITTO_URL") == null) {
            Assumptions.assumeTrue(Files.isExecutable(MOSQUITTO), "Mosquitto is not installed");
        }
        assertTrue(Files.isExecutable(MOSQUITTO), "CI must install Mosquitto (" + MOSQUITTO + ")");
        Path deploy = Path.of("").toAbsolutePath().getParent().resolve("deploy/mosquitto");
        ca = LocalCa.create("SMiLe fleet test CA", Duration.ofHours(1));
        Path etc = Files.createDirectories(dir.resolve("etc"));
        ca.writeCertificatePem(etc.resolve("smile-ca.crt"));
        ca.issueServerPem(etc.resolve("broker.crt"), etc.resolve("broker.key"), "broker", List.of("127.0.0.1"));
        trust = new StoreFile(ca.writeTruststore(dir.resolve("trust.p12"), PW), "PKCS12", Optional.of(PW));
        Files.copy(deploy.resolve("smile.acl"), etc.resolve("smile.acl"));

        int port = freePort();
        String conf = Files.readString(deploy.resolve("smile.conf"))
                .replace("/etc/mosquitto/smile/", etc + "/")
                .replace("/var/lib/mosquitto/", Files.createDirectories(dir.resolve("data")) + "/")
                .replace("listener 8883\n", "listener " + port + " 127.0.0.1\n");
        assertTrue(conf.contains("listener " + port + " 127.0.0.1"), "the shipped config has no 'listener 8883' line");
        // stay the current user (as root Mosquitto would switch to the mosquitto user, who cannot read the temp dir)
        conf += "\nuser " + System.getProperty("user.name") + "\nlog_dest file " + dir.resolve("mosquitto.log") + "\n";
        Files.writeString(dir.resolve("smile.conf"), conf);
        mosquitto = new ProcessBuilder(MOSQUITTO.toString(), "-c", dir.resolve("smile.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.out").toFile()).start();
        url = "ssl://127.0.0.1:" + port;
        waitForPort(port);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (mosquitto != null) {
            mosquitto.destroy();
            mosquitto.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void waitForPort(int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            assertTrue(mosquitto.isAlive(), () -> "mosquitto exited: " + log());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                assertTrue(System.nanoTime() < deadline, () -> "mosquitto does not listen: " + log());
                Thread.sleep(50);
            }
        }
    }

    private static String log() {
        try {
            return Files.readString(dir.resolve("mosquitto.out"))
                    + (Files.exists(dir.resolve("mosquitto.log")) ? Files.readString(dir.resolve("mosquitto.log")) : "");
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** A client with a certificate for {@code identity} from {@code issuer}, collecting what it receives. */
    private static final class Client implements AutoCloseable {
        final MqttClient mqtt;
        final BlockingQueue<String> received = new LinkedBlockingQueue<>();

        Client(String identity, LocalCa issuer) throws MqttException {
            StoreFile key = new StoreFile(issuer.issueClient(dir.resolve(identity + "-" + System.nanoTime() + ".p12"), PW, identity),
                    "PKCS12", Optional.of(PW));
            mqtt = new MqttClient(url, identity + "-" + System.nanoTime(), new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setSocketFactory(MqttTls.socketFactory(Optional.of(trust), Optional.of(key)));
            o.setConnectionTimeout(10);
            mqtt.setTimeToWait(30_000);
            try {
                mqtt.connect(o);
            } catch (MqttException e) {
                mqtt.close(true);
                throw e;
            }
        }

        void subscribe(String... filters) throws MqttException {
            MqttSubscription[] subs = new MqttSubscription[filters.length];
            IMqttMessageListener[] listeners = new IMqttMessageListener[filters.length];
            for (int i = 0; i < filters.length; i++) {
                subs[i] = new MqttSubscription(filters[i], 1);
                listeners[i] = (topic, m) -> received.add(topic + " " + new String(m.getPayload(), StandardCharsets.UTF_8));
            }
            mqtt.subscribe(subs, listeners);
        }

        void publish(String topic, String payload) throws MqttException {
            mqtt.publish(topic, new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1, false, null));
        }

        String next() throws InterruptedException {
            String s = received.poll(20, TimeUnit.SECONDS);
            assertNotNull(s, "nothing received within 20 s");
            return s;
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
    void aGatewayPublishesOnlyOnItsOwnTopics() throws Exception {
        try (Client cloud = new Client("cloud-service", ca); Client gwA = new Client("gw-a", ca)) {
            cloud.subscribe(TOPIC_ROOT + "+/features");
            // the ACL drops the first silently (QoS 1 is still acknowledged); the second passes;
            // the broker keeps one publisher's order, so a leaked first would arrive first
            gwA.publish(TOPIC_ROOT + "gw-b/features", "forged by gw-a");
            gwA.publish(TOPIC_ROOT + "gw-a/features", "batch of gw-a");
            assertEquals(TOPIC_ROOT + "gw-a/features batch of gw-a", cloud.next());
        }
    }

    @Test
    void aGatewayReadsOnlyItsOwnResults() throws Exception {
        try (Client cloud = new Client("cloud-service", ca); Client gwA = new Client("gw-a", ca)) {
            gwA.subscribe(TOPIC_ROOT + "gw-b/alerts", TOPIC_ROOT + "gw-a/alerts");
            cloud.publish(TOPIC_ROOT + "gw-b/alerts", "result for gw-b");
            cloud.publish(TOPIC_ROOT + "gw-a/alerts", "result for gw-a");
            assertEquals(TOPIC_ROOT + "gw-a/alerts result for gw-a", gwA.next());
        }
    }

    @Test
    void aGatewayReadsOnlyItsOwnStatusAndCannotWriteIt() throws Exception {
        try (Client cloud = new Client("cloud-service", ca); Client gwA = new Client("gw-a", ca)) {
            gwA.subscribe(TOPIC_ROOT + "gw-b/status", TOPIC_ROOT + "gw-a/status");
            // dropped by the ACL (QoS 1 is still acknowledged): had it passed, it would arrive first
            gwA.publish(TOPIC_ROOT + "gw-a/status", "forged by gw-a");
            cloud.publish(TOPIC_ROOT + "gw-b/status", "status of gw-b");
            cloud.publish(TOPIC_ROOT + "gw-a/status", "status of gw-a");
            assertEquals(TOPIC_ROOT + "gw-a/status status of gw-a", gwA.next());
        }
    }

    @Test
    void theCloudServiceReceivesARegistrationOfEvaluationKeySize() throws Exception {
        try (Client cloud = new Client("cloud-service", ca); Client gwA = new Client("gw-a", ca)) {
            BlockingQueue<Integer> sizes = new LinkedBlockingQueue<>();
            cloud.mqtt.subscribe(new MqttSubscription[] {new MqttSubscription(TOPIC_ROOT + "+/keys", 1)},
                    new IMqttMessageListener[] {(t, m) -> sizes.add(m.getPayload().length)});
            byte[] registration = new byte[46 << 20]; // a gateway's public + evaluation keys are about 45 MB
            gwA.mqtt.publish(TOPIC_ROOT + "gw-a/keys", registration, 1, false);
            assertEquals(registration.length, sizes.poll(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void clientsWithoutACertificateOfTheFleetCaAreRefused() {
        LocalCa stranger = LocalCa.create("not the fleet's CA", Duration.ofHours(1));
        assertThrows(MqttException.class, () -> new Client("gw-a", stranger).close());
        assertThrows(MqttException.class, () -> {
            MqttClient c = new MqttClient(url, "no-cert", new MemoryPersistence());
            try {
                MqttConnectionOptions o = new MqttConnectionOptions();
                o.setSocketFactory(MqttTls.socketFactory(Optional.of(trust), Optional.empty()));
                o.setConnectionTimeout(10);
                c.connect(o);
            } finally {
                c.close(true);
            }
        });
    }
}

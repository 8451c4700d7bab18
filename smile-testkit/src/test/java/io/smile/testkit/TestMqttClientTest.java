package io.smile.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.protocol.mqtt.MqttSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TestMqttClientTest {
    private static TestBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = TestBroker.startEmbedded();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void collectsWhatAnotherClientPublishesInOrder() throws Exception {
        try (TestMqttClient sub = TestMqttClient.connect(broker.url(), "kit-sub");
             TestMqttClient pub = TestMqttClient.connect(broker.url(), "kit-pub")) {
            sub.subscribe("kit/a/+");
            pub.publish("kit/a/1", "one");
            pub.publish("kit/b/1", "elsewhere");
            pub.publish("kit/a/2", new byte[] {0, 1, 2});
            List<TestMqttClient.Message> got = sub.awaitMessages("kit/a/+", 2, Duration.ofSeconds(30));
            assertEquals(List.of("kit/a/1", "kit/a/2"), got.stream().map(TestMqttClient.Message::topic).toList());
            assertEquals("one", got.get(0).text());
            assertArrayEquals(new byte[] {0, 1, 2}, got.get(1).payload());
            assertTrue(sub.messages("kit/b/#").isEmpty(), "only the subscribed filter is collected");
        }
    }

    @Test
    void awaitingMoreThanArrivedFailsNamingWhatCame() throws Exception {
        try (TestMqttClient c = TestMqttClient.connect(broker.url(), "kit-await")) {
            c.subscribe("kit/await");
            c.publish("kit/await", "only one");
            c.awaitMessage("kit/await", Duration.ofSeconds(30));
            AssertionError e = assertThrows(AssertionError.class,
                    () -> c.awaitMessages("kit/await", 2, Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("got 1"), e.getMessage());
        }
    }

    @Test
    void aRestartKeepsThePortAndThePersistentSessionsQueue() throws Exception {
        MqttSettings persistent = MqttSettings.of(broker.url(), "kit-persistent").withPersistentSession(600)
                .withReconnectDelay(Duration.ofMillis(200), Duration.ofSeconds(1));
        TestMqttClient.connect(persistent, "kit/queued").close();
        int port = broker.port();
        try (TestMqttClient pub = TestMqttClient.connect(broker.url(), "kit-pub2")) {
            pub.publish("kit/queued", "kept for the offline subscriber");
        }
        broker.restart();
        assertEquals(port, broker.port());
        assertTrue(broker.isRunning());
        try (TestMqttClient sub = TestMqttClient.connect(persistent, "kit/queued")) {
            assertEquals("kept for the offline subscriber", sub.awaitMessage("kit/queued", Duration.ofSeconds(30)).text());
        }
    }

    @Test
    void theMosquittoOfTheEnvironmentCarriesMessagesAndIsNotRestartedByTests() throws Exception {
        TestBroker mosquitto = TestBroker.mosquittoOrSkip();
        assertFalse(mosquitto.canRestart());
        assertThrows(UnsupportedOperationException.class, mosquitto::stop);
        try (TestMqttClient c = TestMqttClient.connect(mosquitto.url(), "kit-mosquitto")) {
            c.subscribe("kit/mosquitto");
            c.publish("kit/mosquitto", "hello");
            assertEquals("hello", c.awaitMessage("kit/mosquitto", Duration.ofSeconds(30)).text());
        }
    }
}

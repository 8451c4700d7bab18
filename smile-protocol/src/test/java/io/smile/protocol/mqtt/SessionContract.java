package io.smile.protocol.mqtt;

import static io.smile.protocol.mqtt.SessionProbe.*;
import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What an {@link MqttSession} does against any MQTT 5 broker; subclasses name the broker. */
abstract class SessionContract {
    static final Duration WAIT = Duration.ofSeconds(TIMEOUT_S);

    /** The broker's URL. */
    abstract String url();

    final String unique = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void publishesAndReceivesAtQos1AndCountsBothWays() throws Exception {
        String base = "it/" + unique + "/pubsub";
        Inbox inbox = new Inbox();
        try (MqttSession sub = new MqttSession(MqttSettings.of(url(), "sub-" + unique));
             MqttSession pub = new MqttSession(MqttSettings.of(url(), "pub-" + unique))) {
            sub.connect(WAIT);
            sub.subscribe(base + "/+", inbox).get(TIMEOUT_S, TimeUnit.SECONDS);
            assertTrue(sub.isSubscribed());
            assertFalse(pub.isSubscribed(), "not connected yet");
            pub.connect(WAIT);
            pub.publishAndWait(base + "/a", bytes("one"), WAIT);
            pub.publish(base + "/b", new byte[100_000]).get(TIMEOUT_S, TimeUnit.SECONDS);
            pub.publishAndWait(base + "/not/matched", bytes("three"), WAIT);
            pub.publishAndWait(base + "/a", bytes("four"), WAIT);

            Delivery first = inbox.next();
            assertEquals(base + "/a", first.topic().toString());
            assertEquals("one", text(first));
            assertFalse(first.retained());
            assertEquals(100_000, inbox.next().payload().length);
            assertEquals("four", inbox.nextText(), "a topic the filter does not match is not delivered");

            long unmatched = "three".length() + (base + "/not/matched").length();
            long sent = "one".length() + 100_000 + "four".length() + 3L * (base + "/a").length() + unmatched;
            assertEquals(4, pub.counters().messagesSent());
            assertEquals(sent, pub.counters().bytesSent());
            assertEquals(3, sub.counters().messagesReceived());
            assertEquals(sent - unmatched, sub.counters().bytesReceived());
            assertEquals(1, sub.counters().connections());
            assertEquals(0, sub.counters().connectionLosses());
        }
    }

    /**
     * One message, over four connections of one persistent session. (Whether a broker sends more while one
     * is unacknowledged differs: HiveMQ does not; so one message at a time. Nor is the DUP flag of a
     * redelivery reliable: HiveMQ does not set it at session resumption.)
     */
    @Test
    void aMessageIsAcknowledgedOnlyOnceItsHandlerAcceptedIt() throws Exception {
        String topic = "it/" + unique + "/ack";
        MqttSettings persistent = MqttSettings.of(url(), "acker-" + unique).withPersistentSession(300);
        try (MqttSession pub = new MqttSession(MqttSettings.of(url(), "pub-" + unique))) {
            pub.connect(WAIT);
            // 1: the handler throws
            Delivery first = receiveOnce(persistent, topic, () -> pub.publishAndWait(topic, bytes("m1"), WAIT), d -> {
                throw new IllegalStateException("cannot store it now");
            }, () -> { });
            assertEquals("m1", text(first));
            // 2: the handler defers the acknowledgement and never gives it
            Delivery second = receiveOnce(persistent, topic, () -> { }, Delivery::deferAck, () -> { });
            assertEquals("m1", text(second));
            // 3: the handler defers it and a worker thread acknowledges (before the session closes)
            List<Thread> workers = new java.util.concurrent.CopyOnWriteArrayList<>();
            Delivery third = receiveOnce(persistent, topic, () -> { }, d -> {
                Delivery.Acknowledgement ack = d.deferAck();
                Thread delivering = Thread.currentThread();
                // the worker acknowledges once the dispatch let go of its own hold, so its acknowledgement is the
                // one that reaches Paho and the join below orders it before close() (which drops later ones)
                Thread t = new Thread(() -> {
                    awaitIdle(delivering);
                    ack.ack();
                });
                workers.add(t);
                t.start();
            }, () -> {
                for (Thread t : workers) {
                    t.join();
                }
            });
            assertEquals(1, workers.size());
            assertEquals("m1", text(third));
            // 4: acknowledged, so the next message is the first one delivered
            Delivery fourth = receiveOnce(persistent, topic, () -> pub.publishAndWait(topic, bytes("m2"), WAIT), d -> { },
                    () -> { });
            assertEquals("m2", text(fourth));
        }
    }

    /** Until {@code t} waits for work (bounded: a stalled wait only brings back the race it avoids). */
    private static void awaitIdle(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try {
            while (t.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    interface Step {
        void run() throws Exception;
    }

    /**
     * Connects {@code settings}, runs {@code then}, hands the first message on {@code topic} to {@code handler},
     * runs {@code beforeClose} once the handler returned, closes.
     */
    private static Delivery receiveOnce(MqttSettings settings, String topic, Step then, MqttSession.Handler handler,
                                        Step beforeClose) throws Exception {
        Inbox inbox = new Inbox();
        try (MqttSession s = new MqttSession(settings)) {
            CompletableFuture<Void> subscribed = s.subscribe(topic, d -> {
                try {
                    handler.accept(d);
                } finally {
                    inbox.accept(d);
                }
            });
            s.connect(WAIT);
            subscribed.get(TIMEOUT_S, TimeUnit.SECONDS);
            then.run();
            Delivery d = inbox.next();
            beforeClose.run();
            return d;
        }
    }

    @Test
    void invalidTopicsAreRefusedBeforeAnythingIsSent() {
        try (MqttSession s = new MqttSession(MqttSettings.of(url(), "inv-" + unique))) {
            assertThrows(IllegalArgumentException.class, () -> s.publish("it/+/x", bytes("x")));
            assertThrows(IllegalArgumentException.class, () -> s.subscribe("it/#/x", d -> { }));
            assertEquals(0, s.pendingPublishes());
        }
    }
}

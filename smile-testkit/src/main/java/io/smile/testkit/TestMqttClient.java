package io.smile.testkit;

import io.smile.protocol.mqtt.Delivery;
import io.smile.protocol.mqtt.MqttSession;
import io.smile.protocol.mqtt.MqttSettings;
import io.smile.protocol.mqtt.TopicFilter;
import io.smile.protocol.mqtt.TopicName;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * A test's MQTT v5 client, on the product's {@link MqttSession} (QoS 1, reconnecting): publish and wait
 * for the PUBACK, subscribe and collect what arrives, wait for messages with a timeout. Failures are
 * {@link AssertionError}s naming what was expected and what came, so a test reads as its assertions.
 *
 * <p>Thread-safe; collected messages are kept in arrival order until {@link #clear()}.
 */
public final class TestMqttClient implements AutoCloseable {
    /** How long {@link #connect(String, String)}, publishes and subscribes wait by default. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** One message as it arrived. */
    public record Message(String topic, byte[] payload, boolean retained) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return topic + " (" + payload.length + " bytes" + (retained ? ", retained" : "") + ")";
        }
    }

    private final MqttSession session;
    private final List<Message> received = new ArrayList<>();

    private TestMqttClient(MqttSession session) {
        this.session = session;
    }

    /** A clean-start client, connected (waits up to {@link #TIMEOUT}). */
    public static TestMqttClient connect(String url, String clientId) throws InterruptedException {
        return connect(MqttSettings.of(url, clientId).withReconnectDelay(Duration.ofMillis(200), Duration.ofSeconds(2)));
    }

    /**
     * A client with these settings (persistent session, TLS, …), connected (waits up to {@link #TIMEOUT}),
     * collecting from {@code filters}. These are subscribed before the first CONNECT, so messages the broker
     * kept for a persistent session are collected too.
     */
    public static TestMqttClient connect(MqttSettings settings, String... filters) throws InterruptedException {
        TestMqttClient c = new TestMqttClient(new MqttSession(settings));
        try {
            List<CompletableFuture<Void>> grants = new ArrayList<>();
            for (String f : filters) {
                grants.add(c.session.subscribe(f, c::collect));
            }
            c.session.connect(TIMEOUT);
            for (int i = 0; i < filters.length; i++) {
                await(grants.get(i), "subscription to " + filters[i]);
            }
        } catch (RuntimeException | InterruptedException | AssertionError e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** The session underneath (counters, connection state, its own subscribe). */
    public MqttSession session() {
        return session;
    }

    /** Publishes at QoS 1 and waits for the PUBACK. */
    public void publish(String topic, byte[] payload) throws InterruptedException {
        await(session.publish(topic, payload), "publish to " + topic);
    }

    public void publish(String topic, String text) throws InterruptedException {
        publish(topic, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Publishes a retained message and waits for the PUBACK. */
    public void publishRetained(String topic, byte[] payload) throws InterruptedException {
        await(session.publishRetained(topic, payload), "retained publish to " + topic);
    }

    /** Publishes without waiting; the future completes on the PUBACK. */
    public CompletableFuture<Void> publishAsync(String topic, byte[] payload) {
        return session.publish(topic, payload);
    }

    /** Subscribes (again at every connection) and collects what arrives; waits for the broker's grant. */
    public void subscribe(String filter) throws InterruptedException {
        subscribe(filter, d -> {
        });
    }

    /**
     * Subscribes with a handler of the test's own (it runs before the message is collected; throwing
     * refuses the message, which is then not collected); waits for the broker's grant.
     */
    public void subscribe(String filter, MqttSession.Handler handler) throws InterruptedException {
        await(session.subscribe(filter, d -> {
            handler.accept(d);
            collect(d);
        }), "subscription to " + filter);
    }

    private void collect(Delivery d) {
        synchronized (received) {
            received.add(new Message(d.topic().toString(), d.payload(), d.retained()));
            received.notifyAll();
        }
    }

    /** Everything collected so far, in arrival order. */
    public List<Message> messages() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** What was collected on topics matching {@code filter}. */
    public List<Message> messages(String filter) {
        return List.copyOf(matching(filter));
    }

    /** Forgets what was collected. */
    public void clear() {
        synchronized (received) {
            received.clear();
        }
    }

    /**
     * Waits until at least {@code count} messages on topics matching {@code filter} were collected and
     * returns them (all of them, in arrival order).
     *
     * @throws AssertionError if fewer arrived within {@code timeout}, listing those that did
     */
    public List<Message> awaitMessages(String filter, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                List<Message> m = matching(filter);
                if (m.size() >= count) {
                    return List.copyOf(m);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("expected " + count + " message(s) on " + filter + " within " + timeout
                            + ", got " + m.size() + ": " + m + (session.isConnected() ? "" : " (not connected)"));
                }
                TimeUnit.NANOSECONDS.timedWait(received, left);
            }
        }
    }

    /** The first message on a topic matching {@code filter}, waiting up to {@code timeout}. */
    public Message awaitMessage(String filter, Duration timeout) throws InterruptedException {
        return awaitMessages(filter, 1, timeout).get(0);
    }

    private List<Message> matching(String filter) {
        TopicFilter f = TopicFilter.parse(filter);
        Predicate<Message> p = m -> f.matches(TopicName.parse(m.topic()));
        synchronized (received) {
            return received.stream().filter(p).toList();
        }
    }

    private static void await(CompletableFuture<Void> f, String what) throws InterruptedException {
        try {
            f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError(what + " not acknowledged within " + TIMEOUT);
        }
    }

    @Override
    public void close() {
        session.close();
    }
}

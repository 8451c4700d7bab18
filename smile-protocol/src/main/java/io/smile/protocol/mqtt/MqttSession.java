package io.smile.protocol.mqtt;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * One MQTT v5 client session (Eclipse Paho 1.2.5 underneath), the only one in the product:
 *
 * <ul>
 *   <li>connects in the background and retries with backoff ({@link ReconnectBackoff}: min, doubling, never
 *       more than the configured max) until the broker answers, the first time and after every connection
 *       loss;</li>
 *   <li>renews every subscription on every connection;</li>
 *   <li>acknowledges a QoS 1 message only once its handlers accepted it ({@link Delivery}); a handler that
 *       throws leaves it to be delivered again after a reconnection;</li>
 *   <li>publishes at QoS 1; a publish completes on the broker's PUBACK and is held (in order) while
 *       disconnected or while the broker's in-flight window is full, and sent again if the connection
 *       dropped before its PUBACK (at least once: receivers drop duplicates);</li>
 *   <li>counts messages and bytes both ways.</li>
 * </ul>
 *
 * <p>Paho's own automatic reconnection is off, on purpose: in 1.2.5 its delay is a JVM-wide static that
 * starts at 1 s and doubles while below {@code MqttConnectionOptions.getMaxReconnectDelay()} (128 s by
 * default; {@code setAutomaticReconnectDelay(min, max)} is ignored), so it overshoots any maximum that is
 * not 1 s times a power of two, and every client in the process shares and resets it. Paho does not retry
 * a first connection either. The session runs one loop for both.
 *
 * <p>Handlers and {@link Listener} events run on one delivery thread per session, in arrival order, never
 * on Paho's threads: a handler may block briefly (even wait for a publish of its own) without stalling
 * acknowledgements. Acknowledgements of messages from an earlier connection are dropped (their packet ids
 * may name other messages now); the broker delivers those again.
 *
 * <p>Inside, a facade: it owns the Paho client and the threads ({@link SessionThreads}) and wires one
 * part per job: {@link ConnectionLoop} (connecting, backoff, losses), {@link Subscriptions} (the
 * registry, renewed on every connection), {@link PublishQueue} (held and requeued publishes),
 * {@link Deliveries} (handlers and acknowledgements), {@link SessionCounters}; {@link ConnectionState}
 * is what they share (connected, closed, the connection epoch). Each says which thread or lock owns
 * its state.
 */
public final class MqttSession implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MqttSession.class.getName());
    static final int QOS = 1;
    private static final long DISCONNECT_QUIESCE_MS = 2_000;
    private static final long DISCONNECT_WAIT_MS = 5_000;

    /** Receives the messages of one subscription. Runs on the session's delivery thread. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Accepts a message: returning normally acknowledges it (unless {@link Delivery#deferAck()} took the
         * acknowledgement over); throwing refuses it.
         */
        void accept(Delivery message) throws Exception;
    }

    /** Connection events, on the delivery thread (in order with the messages). */
    public interface Listener {
        /** Connected; {@code reconnect} after an earlier connection of this session, {@code sessionPresent} as the broker said. */
        default void connected(boolean reconnect, boolean sessionPresent) {
        }

        /** The connection was lost; reconnecting. */
        default void connectionLost(Throwable cause) {
        }

        /** Attempt {@code failures} in a row failed; the next one follows after {@code nextAttemptIn}. */
        default void connectFailed(int failures, Duration nextAttemptIn, Throwable cause) {
        }
    }

    /** Which retained messages the broker sends when a subscription is (re)made. */
    public enum Retained {
        /** On every subscribe, i.e. at every connection (MQTT retain handling 0). */
        ON_EVERY_SUBSCRIBE,
        /**
         * At this session's first subscribe; at later connections only if the broker lost the subscription
         * (retain handling 1): for large retained messages a receiver already holds.
         */
        ONCE
    }

    /**
     * What went over the session so far; bytes are payload plus topic (UTF-8); {@code clientRebuilds}: how often
     * the Paho client was replaced after repeated short-lived connections.
     */
    public record Counters(long messagesSent, long bytesSent, long messagesReceived, long bytesReceived, long connections,
                           long connectionLosses, long failedConnectAttempts, long clientRebuilds) {
    }

    private final MqttSettings settings;
    private final PahoClients clients;
    private final SessionThreads threads;
    private final ConnectionState state;
    private final SessionCounters counters = new SessionCounters();
    private final Subscriptions subscriptions;
    private final PublishQueue queue;
    private final Deliveries deliveries;
    private final ConnectionLoop loop;

    public MqttSession(MqttSettings settings) {
        this(settings, new Listener() {
        });
    }

    /** A session that does not connect yet: {@link #start()} or {@link #connect(Duration)}. */
    public MqttSession(MqttSettings settings, Listener listener) {
        this.settings = settings;
        clients = new PahoClients(settings, PahoCallback::new);
        String id = settings.clientId();
        state = new ConnectionState(id);
        threads = new SessionThreads(id);
        subscriptions = new Subscriptions(id, clients, state, threads);
        queue = new PublishQueue(settings, clients, state, threads, counters);
        deliveries = new Deliveries(id, clients, state, threads, subscriptions, counters);
        loop = new ConnectionLoop(settings, clients, state, threads, listener, counters, subscriptions, queue);
    }

    public MqttSettings settings() {
        return settings;
    }

    /** Starts connecting in the background (and keeps the session connected until {@link #close()}). Returns at once. */
    public MqttSession start() {
        if (state.markStarted()) {
            loop.start();
        }
        return this;
    }

    /**
     * {@link #start()}, then waits until connected.
     *
     * @throws MqttSessionException if not connected within {@code timeout} (the session keeps trying until
     *                              closed), with the last failure as cause
     */
    public MqttSession connect(Duration timeout) throws InterruptedException {
        start();
        if (!awaitConnected(timeout)) {
            Throwable cause = loop.lastFailure();
            throw new MqttSessionException("MQTT: " + settings.clientId() + " not connected to " + settings.serverUri()
                    + " within " + timeout + (cause == null ? "" : ": " + rootMessage(cause)), cause);
        }
        return this;
    }

    /** Waits until connected; false when {@code timeout} passed first or the session closed. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        return state.awaitConnected(timeout);
    }

    /** Connected now (CONNACK received, no loss seen since). */
    public boolean isConnected() {
        return state.isConnected();
    }

    /** Connected, and the broker granted every subscription on this connection (for health checks). */
    public boolean isSubscribed() {
        long current = state.epoch();
        return state.isConnected() && subscriptions.allGrantedIn(current);
    }

    /** Subscribes at QoS 1, retained messages on every subscribe. See {@link #subscribe(String, Retained, Handler)}. */
    public CompletableFuture<Void> subscribe(String filter, Handler handler) {
        return subscribe(filter, Retained.ON_EVERY_SUBSCRIBE, handler);
    }

    /**
     * Subscribes at QoS 1 now if connected, and again at every connection. The future completes on the
     * broker's first grant, or fails if the broker refuses the filter.
     *
     * @throws IllegalArgumentException for an invalid filter
     */
    public CompletableFuture<Void> subscribe(String filter, Retained retained, Handler handler) {
        return subscriptions.add(filter, retained, handler);
    }

    /** Publishes at QoS 1, not retained; completes on the broker's PUBACK. See the class comment. */
    public CompletableFuture<Void> publish(String topic, byte[] payload) {
        return queue.enqueue(topic, payload, false);
    }

    /** Publishes a retained message at QoS 1 (an empty payload clears the topic's retained message). */
    public CompletableFuture<Void> publishRetained(String topic, byte[] payload) {
        return queue.enqueue(topic, payload, true);
    }

    /**
     * {@link #publish} and wait for the PUBACK.
     *
     * @throws MqttSessionException if refused, or not acknowledged within {@code timeout}
     */
    public void publishAndWait(String topic, byte[] payload, Duration timeout) throws InterruptedException {
        CompletableFuture<Void> f = publish(topic, payload);
        try {
            f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new MqttSessionException(settings.clientId() + ": publish to " + topic + " failed: "
                    + rootMessage(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new MqttSessionException(settings.clientId() + ": publish to " + topic + " not acknowledged within "
                    + timeout + (state.isConnected() ? "" : " (not connected)"), loop.lastFailure());
        }
    }

    public Counters counters() {
        return counters.snapshot();
    }

    /** Publishes waiting to be sent (disconnected, or the broker's in-flight window full). */
    public int pendingPublishes() {
        return queue.size();
    }

    /**
     * Paho's callback thread: hands everything over, never throws (an exception here makes Paho drop the
     * connection). One per Paho client; a replaced client's events are ignored.
     */
    private final class PahoCallback implements MqttCallback {
        private final MqttAsyncClient owner;

        PahoCallback(MqttAsyncClient owner) {
            this.owner = owner;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (clients.isCurrent(owner)) {
                deliveries.arrived(topic, message);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (!clients.isCurrent(owner)) {
                return;
            }
            Throwable cause = response == null ? null : response.getException() != null ? response.getException()
                    : new MqttSessionException("the broker disconnected: " + response.getReasonString()
                    + " (reason code " + response.getReturnCode() + ")");
            loop.connectionLost(cause);
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            LOG.fine(() -> settings.clientId() + ": MQTT error: " + e.getMessage());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // per-publish listeners (PublishQueue)
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // the connect listener (ConnectionLoop)
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }

    static String rootMessage(Throwable e) {
        if (e == null) {
            return "?";
        }
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
        return t == e ? m : e.getMessage() + ": " + m;
    }

    /**
     * Disconnects and releases the client. Publishes still waiting fail; messages received but not yet
     * handled stay unacknowledged (the broker keeps them for a persistent session).
     */
    @Override
    public void close() {
        if (!state.markClosed()) {
            return;
        }
        threads.shutdownNow();
        queue.failAll();
        MqttAsyncClient client = clients.get();
        try {
            if (client.isConnected()) {
                client.disconnect(DISCONNECT_QUIESCE_MS).waitForCompletion(DISCONNECT_WAIT_MS);
            }
        } catch (MqttException | RuntimeException e) {
            try {
                client.disconnectForcibly(0, 1_000, false);
            } catch (MqttException | RuntimeException ignored) {
                // closing anyway
            }
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.fine(() -> settings.clientId() + ": close: " + e.getMessage());
        }
        threads.awaitDeliveryEnd(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "MqttSession[" + settings.clientId() + " @ " + settings.serverUri() + (state.isConnected() ? ", connected" : "") + "]";
    }
}

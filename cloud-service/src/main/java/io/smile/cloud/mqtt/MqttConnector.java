package io.smile.cloud.mqtt;

import io.smile.protocol.MqttTls;
import io.smile.protocol.Topics;
import io.smile.protocol.mqtt.Delivery;
import io.smile.protocol.mqtt.MqttSession;
import io.smile.protocol.mqtt.MqttSettings;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSocketFactory;
import org.jboss.logging.Logger;

/**
 * The service's MQTT connection: one {@link MqttSession} (persistent session, so QoS 1 batches published
 * while the service is down are delivered when it comes back; bounded reconnection, the first connection
 * included; subscriptions renewed on every connection; results published at QoS 1, held while
 * disconnected) and the four subscriptions that route messages to the {@link Handler} and
 * {@link SegmentHandler}. A message is acknowledged only when its handler runs its {@code ack}; a handler
 * that throws is logged and its message acknowledged anyway, so a message that blew up once is never
 * delivered again.
 */
public final class MqttConnector implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MqttConnector.class);
    private static final Duration MIN_RECONNECT_DELAY = Duration.ofSeconds(1);

    /** Connection settings. */
    public record Settings(String url, String clientId, Optional<String> username, Optional<String> password,
                           boolean sharedSubscription, long sessionExpirySeconds, int keepAliveSeconds,
                           int maxReconnectDelaySeconds, int connectTimeoutSeconds, Optional<MqttTls.StoreFile> truststore,
                           Optional<MqttTls.StoreFile> keystore) {
        /** The TLS socket factory for ssl:// URLs (empty for tcp://: Paho's default then). */
        public Optional<SSLSocketFactory> socketFactory() {
            return url.startsWith("ssl://") ? Optional.of(MqttTls.socketFactory(truststore, keystore)) : Optional.empty();
        }

        /** The session's settings: persistent, reconnecting after 1 s, then twice as long, at most the configured maximum. */
        public MqttSettings session() {
            MqttSettings s = MqttSettings.of(url, clientId)
                    .withPersistentSession(sessionExpirySeconds)
                    .withKeepAlive(keepAliveSeconds)
                    .withConnectTimeout(connectTimeoutSeconds)
                    .withReconnectDelay(MIN_RECONNECT_DELAY, Duration.ofSeconds(Math.max(1, maxReconnectDelaySeconds)))
                    .withTls(truststore, keystore);
            if (username.isPresent()) {
                return s.withCredentials(username.get(), password);
            }
            if (password.isPresent()) { // MQTT 5 allows a password without a user name
                return new MqttSettings(s.serverUri(), s.clientId(), s.cleanStart(), s.sessionExpirySeconds(),
                        s.keepAliveSeconds(), s.connectTimeoutSeconds(), s.reconnectMinDelay(), s.reconnectMaxDelay(),
                        s.tls(), Optional.empty(), password, s.maxPendingPublishes());
            }
            return s;
        }
    }

    /** Receives messages; {@code ack} must be run exactly once when the message is finished with. */
    public interface Handler {
        void onFeatures(String topic, byte[] payload, Runnable ack);

        void onKeys(String topic, byte[] payload, Runnable ack);
    }

    /** Receives segment-assignment messages; same contract as {@link Handler}. */
    public interface SegmentHandler {
        void onSegmentKeys(String topic, byte[] payload, Runnable ack);

        void onSegmentRequest(String topic, byte[] payload, Runnable ack);
    }

    /** One of the handler methods above. */
    @FunctionalInterface
    private interface Route {
        void accept(String topic, byte[] payload, Runnable ack);
    }

    private final Settings settings;
    private final MqttSession session;

    public MqttConnector(Settings settings, Handler handler) {
        this(settings, handler, null);
    }

    /** With {@code segments} non-null, also subscribes to the segment-assignment topics and routes them there. */
    public MqttConnector(Settings settings, Handler handler, SegmentHandler segments) {
        this.settings = settings;
        MqttSettings s;
        try {
            s = settings.session();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid MQTT settings (smile.mqtt.*): " + e.getMessage(), e);
        }
        this.session = new MqttSession(s, new Events());
        boolean shared = settings.sharedSubscription();
        // registrations are retained and tens of MB each: every one at this process' first subscription (the
        // registries skip those they already hold), later only if the broker lost the subscription
        subscribe(Topics.allKeys(), MqttSession.Retained.ONCE, handler::onKeys);
        subscribe(Topics.allFeatures(shared), MqttSession.Retained.ON_EVERY_SUBSCRIBE, handler::onFeatures);
        if (segments != null) {
            subscribe(Topics.allSegmentKeys(), MqttSession.Retained.ONCE, segments::onSegmentKeys);
            subscribe(Topics.allSegmentRequests(shared), MqttSession.Retained.ON_EVERY_SUBSCRIBE, segments::onSegmentRequest);
        }
    }

    private void subscribe(String filter, MqttSession.Retained retained, Route route) {
        session.subscribe(filter, retained, d -> deliver(d, route)).whenComplete((ok, e) -> {
            if (e != null) {
                LOG.errorf("MQTT subscription to %s failed: %s", filter, e.getMessage());
            } else {
                LOG.debugf("subscribed to %s", filter);
            }
        });
    }

    /** Never throws: the handler owns the acknowledgement, and one that blew up is acknowledged here. */
    private static void deliver(Delivery d, Route route) {
        Delivery.Acknowledgement ack = d.deferAck();
        String topic = d.topic().toString();
        try {
            route.accept(topic, d.payload(), ack::ack);
        } catch (Throwable t) {
            LOG.errorf("message on %s: unexpected %s", topic, t.getClass().getName());
            ack.ack(); // once only: a handler that already acknowledged is not acknowledged twice
        }
    }

    /** Logs the session's connection events. */
    private final class Events implements MqttSession.Listener {
        @Override
        public void connected(boolean reconnect, boolean sessionPresent) {
            LOG.infof("MQTT %s to %s as %s", reconnect ? "reconnected" : "connected", settings.url(), settings.clientId());
        }

        @Override
        public void connectionLost(Throwable cause) {
            LOG.warnf("MQTT connection to %s lost (%s); reconnecting", settings.url(),
                    cause == null ? "?" : cause.getMessage());
        }

        @Override
        public void connectFailed(int failures, Duration nextAttemptIn, Throwable cause) {
            if (failures == 1 || failures % 10 == 0) {
                LOG.warnf("MQTT broker %s not reachable (%s); retrying every %d s at most", settings.url(),
                        cause == null ? "?" : cause.getMessage(), settings.maxReconnectDelaySeconds());
            }
        }
    }

    /** Starts connecting in the background (retrying until it succeeds). Returns at once. */
    public void start() {
        session.start();
    }

    /** Connected, and every subscription granted on this connection (the readiness check). */
    public boolean isConnected() {
        return session.isSubscribed();
    }

    public String url() {
        return settings.url();
    }

    /** The session's counters (connections, losses, client rebuilds, messages). */
    public MqttSession.Counters counters() {
        return session.counters();
    }

    /** Publishes waiting for the broker (disconnected, or its in-flight window full). */
    public int pendingPublishes() {
        return session.pendingPublishes();
    }

    /**
     * Publishes at QoS 1 without waiting for the acknowledgement (held while disconnected or while the
     * broker's in-flight window is full).
     *
     * @throws RuntimeException when the session refuses it at once (closed, or 10 000 publishes already
     *                          waiting): the caller counts it as not published
     */
    public void publish(String topic, byte[] payload) {
        CompletableFuture<Void> sent = session.publish(topic, payload);
        sent.getNow(null); // throws if it already failed
        sent.whenComplete((ok, e) -> {
            if (e != null) {
                LOG.warnf("publish to %s failed: %s", topic, e.getMessage());
            }
        });
    }

    /** Publishes a retained message (an empty payload clears the topic's retained message); completes on the PUBACK. */
    public CompletableFuture<Void> publishRetained(String topic, byte[] payload) {
        return session.publishRetained(topic, payload);
    }

    /**
     * Publishes a retained message without waiting (a gateway's status): held while disconnected; a
     * failure is logged.
     *
     * @throws RuntimeException when the session refuses it at once
     */
    public void publishRetainedNoWait(String topic, byte[] payload) {
        CompletableFuture<Void> sent = session.publishRetained(topic, payload);
        sent.getNow(null);
        sent.whenComplete((ok, e) -> {
            if (e != null) {
                LOG.warnf("retained publish to %s failed: %s", topic, e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        session.close();
    }
}

package io.smile.cloud.mqtt;

import io.smile.protocol.MqttTls;
import io.smile.protocol.Topics;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.DisconnectedBufferOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.jboss.logging.Logger;

/**
 * The service's MQTT v5 connection (Eclipse Paho): a persistent session (clean start false, session
 * expiry) so QoS 1 batches published while the service is down are delivered when it comes back,
 * automatic reconnection (and retries of the first connection, which Paho does not retry), the
 * subscriptions renewed on every connection, manual acknowledgements (a message is acknowledged
 * only when the {@link Handler} says it is finished with), and results published at QoS 1,
 * buffered while disconnected. The callback only routes messages to the handler, which must not
 * block; no exception escapes to Paho's threads.
 */
public final class MqttConnector implements MqttCallback, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(MqttConnector.class);
    private static final int QOS = 1;

    /** Connection settings. */
    public record Settings(String url, String clientId, Optional<String> username, Optional<String> password,
                           boolean sharedSubscription, long sessionExpirySeconds, int keepAliveSeconds,
                           int maxReconnectDelaySeconds, int connectTimeoutSeconds, Optional<MqttTls.StoreFile> truststore,
                           Optional<MqttTls.StoreFile> keystore) {
        /** The TLS socket factory for ssl:// URLs (empty for tcp://: Paho's default then). */
        public Optional<SSLSocketFactory> socketFactory() {
            return url.startsWith("ssl://") ? Optional.of(MqttTls.socketFactory(truststore, keystore)) : Optional.empty();
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

    private final Settings settings;
    private final Handler handler;
    private final SegmentHandler segments;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final ScheduledExecutorService retry;
    private final AtomicInteger attempts = new AtomicInteger();
    private volatile boolean closed;
    private volatile boolean subscribed;
    private volatile boolean subscribedOnce;

    public MqttConnector(Settings settings, Handler handler) {
        this(settings, handler, null);
    }

    /** With {@code segments} non-null, also subscribes to the segment-assignment topics and routes them there. */
    public MqttConnector(Settings settings, Handler handler, SegmentHandler segments) {
        this.settings = settings;
        this.handler = handler;
        this.segments = segments;
        try {
            this.client = new MqttAsyncClient(settings.url(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IllegalArgumentException("invalid MQTT settings (smile.mqtt.url / client-id): " + e.getMessage(), e);
        }
        client.setCallback(this);
        client.setManualAcks(true);
        DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
        buffer.setBufferEnabled(true);
        buffer.setBufferSize(10_000);
        buffer.setPersistBuffer(false);
        buffer.setDeleteOldestMessages(false);
        client.setBufferOpts(buffer);
        this.options = options(settings);
        this.retry = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "smile-mqtt-connect");
            t.setDaemon(true);
            return t;
        });
    }

    private static MqttConnectionOptions options(Settings s) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(s.sessionExpirySeconds());
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, Math.max(1, s.maxReconnectDelaySeconds()));
        // Paho 1.2.5 ignores the maximum above: its (JVM-wide) reconnection delay doubles from 1 s up to
        // this one, in milliseconds (default 128 s)
        o.setMaxReconnectDelay(Math.max(1, s.maxReconnectDelaySeconds()) * 1000);
        o.setKeepAliveInterval(s.keepAliveSeconds());
        o.setConnectionTimeout(s.connectTimeoutSeconds());
        s.username().ifPresent(o::setUserName);
        s.password().ifPresent(p -> o.setPassword(p.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        s.socketFactory().ifPresent(o::setSocketFactory);
        return o;
    }

    /** Starts connecting in the background (retrying until it succeeds). Returns at once. */
    public void start() {
        retry.execute(this::connectOnce);
    }

    private void connectOnce() {
        if (closed || client.isConnected()) {
            return;
        }
        try {
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    attempts.set(0);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    scheduleRetry(e);
                }
            });
        } catch (MqttException | RuntimeException e) {
            scheduleRetry(e);
        }
    }

    private void scheduleRetry(Throwable cause) {
        if (closed) {
            return;
        }
        int n = attempts.incrementAndGet();
        long delay = Math.min(settings.maxReconnectDelaySeconds(), 1L << Math.min(n - 1, 10));
        if (n == 1 || n % 10 == 0) {
            LOG.warnf("MQTT broker %s not reachable (%s); retrying every %d s at most", settings.url(),
                    cause == null ? "?" : cause.getMessage(), settings.maxReconnectDelaySeconds());
        }
        try {
            retry.schedule(this::connectOnce, Math.max(1, delay), TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            // shutting down
        }
    }

    public boolean isConnected() {
        return client.isConnected() && subscribed;
    }

    public String url() {
        return settings.url();
    }

    /**
     * Publishes at QoS 1 without waiting for the acknowledgement (buffered while disconnected). When
     * the broker's receive maximum of unacknowledged publishes is reached, waits (up to 30 s) for room.
     */
    public void publish(String topic, byte[] payload) throws MqttException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                client.publish(topic, payload, QOS, false);
                return;
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT || System.nanoTime() > deadline
                        || closed) {
                    throw e;
                }
                Thread.sleep(20);
            }
        }
    }

    /** Publishes a retained message (an empty payload clears the topic's retained message). */
    public void publishRetained(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, QOS, true);
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        LOG.infof("MQTT %s to %s as %s", reconnect ? "reconnected" : "connected", serverURI, settings.clientId());
        try {
            java.util.List<MqttSubscription> list = new java.util.ArrayList<>();
            list.add(new MqttSubscription(Topics.allKeys(), QOS));
            list.add(new MqttSubscription(Topics.allFeatures(settings.sharedSubscription()), QOS));
            if (segments != null) {
                list.add(new MqttSubscription(Topics.allSegmentKeys(), QOS));
                list.add(new MqttSubscription(Topics.allSegmentRequests(settings.sharedSubscription()), QOS));
            }
            MqttSubscription[] subs = list.toArray(new MqttSubscription[0]);
            // every retained registration at this process' first subscription (the registries skip those they
            // already hold); at later reconnections only if the broker lost the subscription: they are
            // tens of MB each
            for (MqttSubscription sub : subs) {
                if (sub.getTopic().endsWith("keys")) {
                    sub.setRetainHandling(subscribedOnce ? 1 : 0);
                }
            }
            client.subscribe(subs, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    subscribed = true;
                    subscribedOnce = true;
                    LOG.debugf("subscribed to %s", java.util.Arrays.stream(subs).map(MqttSubscription::getTopic).toList());
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    LOG.errorf("MQTT subscription failed: %s", e == null ? "?" : e.getMessage());
                }
            }, (MqttProperties) null);
        } catch (MqttException | RuntimeException e) {
            LOG.errorf("MQTT subscription failed: %s", e.getMessage());
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        subscribed = false;
        if (!closed) {
            LOG.warnf("MQTT connection to %s lost (%s); reconnecting", settings.url(),
                    response == null ? "?" : response.getReasonString() != null ? response.getReasonString()
                            : String.valueOf(response.getException()));
        }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.warnf("MQTT error: %s", exception.getMessage());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        Runnable ack = ackFor(message);
        try {
            byte[] payload = message.getPayload();
            if (topic.endsWith("/features")) {
                handler.onFeatures(topic, payload, ack);
            } else if (topic.endsWith("/keys")) {
                handler.onKeys(topic, payload, ack);
            } else if (segments != null && topic.endsWith("/" + Topics.SEGMENT_REQUESTS)) {
                segments.onSegmentRequest(topic, payload, ack);
            } else if (segments != null && topic.endsWith("/" + Topics.SEGMENT_KEYS)) {
                segments.onSegmentKeys(topic, payload, ack);
            } else {
                ack.run();
            }
        } catch (Throwable t) {
            LOG.errorf("message on %s: unexpected %s", topic, t.getClass().getName());
            try {
                ack.run();
            } catch (Throwable ignored) {
                // already logged by the ack itself
            }
        }
    }

    private Runnable ackFor(MqttMessage message) {
        int qos = message.getQos();
        int id = message.getId();
        if (qos == 0) {
            return () -> { };
        }
        return new Runnable() {
            private boolean done;

            @Override
            public synchronized void run() {
                if (done) {
                    return;
                }
                done = true;
                try {
                    client.messageArrivedComplete(id, qos);
                } catch (MqttException | RuntimeException e) {
                    // disconnected meanwhile: the broker delivers the message again on reconnection
                    LOG.debugf("acknowledgement of message %d failed: %s", id, e.getMessage());
                }
            }
        };
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
    }

    @Override
    public void close() {
        closed = true;
        retry.shutdownNow();
        try {
            if (client.isConnected()) {
                client.disconnect(5_000).waitForCompletion(5_000);
            }
        } catch (MqttException | RuntimeException e) {
            LOG.debugf("MQTT disconnect: %s", e.getMessage());
        }
        try {
            client.close(true);
        } catch (MqttException | RuntimeException e) {
            LOG.debugf("MQTT close: %s", e.getMessage());
        }
    }
}

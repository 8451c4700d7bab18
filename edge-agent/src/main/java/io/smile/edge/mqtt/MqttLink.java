package io.smile.edge.mqtt;

import io.smile.edge.EdgeAgentException;
import io.smile.edge.batch.Outbox;
import io.smile.edge.metrics.Counters;
import io.smile.edge.opcua.OpcUaSource;
import io.smile.profiles.BrokerSpec;
import io.smile.profiles.TlsSettings;
import io.smile.protocol.MqttTls;
import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocketFactory;
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
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's MQTT v5 connection (Eclipse Paho): clean start false with a session expiry interval
 * (the alert subscription and results queued for the gateway survive reconnects), automatic
 * reconnect, QoS 1 everywhere.
 *
 * <p>On every (re)connect: subscribe to the alert topic, publish the retained key registration and
 * wait for its acknowledgement, then send the outbox in sequence order with at most
 * {@code maxInflight} unacknowledged publishes. A batch is deleted from the outbox only when its
 * publish token completes (the broker's PUBACK). When the connection drops, every unacknowledged
 * batch is sent again after the reconnect (the cloud drops duplicates by (gateway, sequence)).
 *
 * <p>All state changes run on one thread ({@code edge-mqtt-*}); Paho callbacks only hand over.
 * The first connect is retried with backoff until the broker answers (Paho's automatic reconnect
 * covers connections that were up once).
 */
public final class MqttLink implements MqttCallback, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    private static final long REGISTRATION_TIMEOUT_MS = TimeUnit.MINUTES.toMillis(10);

    /** What the agent does with acknowledgements and incoming results. */
    public interface Handler {
        void acknowledged(long sequence, long payloadBytes);

        void registrationPublished();

        /** Called on Paho's callback thread; the QoS 1 acknowledgement follows its return. */
        void result(byte[] payload);
    }

    /** Connection settings. */
    public record Settings(String gatewayId, String clientId, int maxInflight, int reconnectMaxDelaySeconds, long sessionExpirySeconds) {
    }

    private final URI broker;
    private final String featuresTopic;
    private final String alertsTopic;
    private final String keysTopic;
    private final byte[] registration;
    private final Outbox outbox;
    private final Counters counters;
    private final Handler handler;
    private final Settings settings;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options;
    private final ScheduledExecutorService exec;

    // state below: only on the exec thread
    private final Set<Long> inflight = new HashSet<>();
    private long cursor;
    private boolean ready;
    private volatile boolean everConnected;
    /** Incremented on every connect and connection loss: waits of an older connection give up. */
    private volatile long epoch;
    private volatile boolean closed;
    private long connectRetryMs = 1000;
    private int connectFailures;

    public MqttLink(BrokerSpec brokerSpec, URI broker, String featuresTopic, String alertsTopic, String keysTopic,
             byte[] registration, Outbox outbox, Counters counters, Handler handler, Settings settings) {
        this.broker = broker;
        this.featuresTopic = featuresTopic;
        this.alertsTopic = alertsTopic;
        this.keysTopic = keysTopic;
        this.registration = registration;
        this.outbox = outbox;
        this.counters = counters;
        this.handler = handler;
        this.settings = settings;
        try {
            client = new MqttAsyncClient(broker.toString(), settings.clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new EdgeAgentException("invalid MQTT broker URL " + broker + ": " + e.getMessage(), e);
        }
        client.setCallback(this);
        options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(settings.sessionExpirySeconds());
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, Math.max(1, settings.reconnectMaxDelaySeconds()));
        options.setKeepAliveInterval(30);
        options.setConnectionTimeout(30);
        if ("ssl".equals(broker.getScheme()) && brokerSpec.tls().isPresent()) {
            options.setSocketFactory(socketFactory(brokerSpec.tls().get(), settings.gatewayId()));
        }
        exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edge-mqtt-" + settings.clientId());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The gateway's TLS socket factory: the fleet's trust store (else the JVM's default trust) and,
     * for brokers that require mutual TLS, the gateway's own key store. Passwords come from the
     * environment variables or files the fleet names.
     */
    static SSLSocketFactory socketFactory(TlsSettings tls, String gatewayId) {
        try {
            Optional<MqttTls.StoreFile> trust = Optional.of(new MqttTls.StoreFile(tls.truststore(), tls.truststoreType(),
                    tls.truststorePassword().map(p -> p.read(gatewayId))));
            Optional<MqttTls.StoreFile> key = tls.keystoreFor(gatewayId).map(k -> new MqttTls.StoreFile(k, tls.keystoreType(),
                    tls.keystorePassword().map(p -> p.read(gatewayId))));
            return MqttTls.socketFactory(trust, key);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new EdgeAgentException(e.getMessage(), e);
        }
    }

    public void start() {
        exec.execute(this::connectFirst);
    }

    /** Asks the sender to look at the outbox (a new batch was stored). */
    public void kick() {
        if (!closed) {
            exec.execute(this::drain);
        }
    }

    private void connectFirst() {
        if (closed || everConnected) {
            return;
        }
        try {
            client.connect(options, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    // connectComplete() does the rest
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    retryFirstConnect(e);
                }
            });
        } catch (MqttException e) {
            retryFirstConnect(e);
        }
    }

    private void retryFirstConnect(Throwable e) {
        if (closed || everConnected) {
            return;
        }
        connectFailures++;
        if (connectFailures == 1 && isTlsFailure(e)) {
            LOG.error("MQTT broker {}: TLS handshake failed ({}); check the fleet's broker.tls trust store and this gateway's"
                    + " certificate. Batches are kept in the outbox, retrying with backoff up to {} s",
                    broker, OpcUaSource.rootMessage(e), settings.reconnectMaxDelaySeconds());
        } else if (connectFailures == 1) {
            LOG.warn("MQTT broker {} unreachable ({}); batches are kept in the outbox, retrying with backoff up to {} s",
                    broker, OpcUaSource.rootMessage(e), settings.reconnectMaxDelaySeconds());
        } else {
            LOG.debug("MQTT connect attempt {} to {} failed: {}", connectFailures, broker, OpcUaSource.rootMessage(e));
        }
        exec.schedule(this::connectFirst, connectRetryMs, TimeUnit.MILLISECONDS);
        connectRetryMs = Math.min(connectRetryMs * 2, Math.max(1, settings.reconnectMaxDelaySeconds()) * 1000L);
    }

    private static boolean isTlsFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        everConnected = true;
        epoch++;
        counters.mqttConnected = true;
        LOG.info("MQTT {} to {} as {}", reconnect ? "reconnected" : "connected", serverURI, settings.clientId());
        exec.execute(this::onConnected);
    }

    private void onConnected() {
        if (closed || !client.isConnected()) {
            return;
        }
        ready = false;
        inflight.clear();
        long myEpoch = epoch;
        try {
            if (!await(client.subscribe(alertsTopic, 1), myEpoch, 30_000)) {
                return;
            }
            long start = System.nanoTime();
            if (!await(client.publish(keysTopic, registration, 1, true), myEpoch, REGISTRATION_TIMEOUT_MS)) {
                return;
            }
            counters.registrationsPublished.incrementAndGet();
            handler.registrationPublished();
            LOG.info("MQTT: key registration published to {} ({} MB, retained) in {} ms; {} batches waiting in the outbox",
                    keysTopic, registration.length >> 20, (System.nanoTime() - start) / 1_000_000, outbox.size());
        } catch (MqttException e) {
            LOG.warn("MQTT: subscribing or registering the keys failed ({}); trying again", OpcUaSource.rootMessage(e));
            if (client.isConnected()) {
                exec.schedule(this::onConnected, 2, TimeUnit.SECONDS);
            }
            return;
        }
        ready = true;
        cursor = 0;
        drain();
    }

    /**
     * Waits for a token in slices; false if the connection it was sent on is gone (a newer
     * {@link #onConnected()} is queued then) or the link closed.
     *
     * @throws MqttException if the token failed, or did not complete within {@code maxMs}
     */
    private boolean await(IMqttToken token, long myEpoch, long maxMs) throws MqttException {
        long deadline = System.currentTimeMillis() + maxMs;
        while (!token.isComplete()) {
            if (closed || epoch != myEpoch) {
                return false;
            }
            if (System.currentTimeMillis() > deadline) {
                throw new MqttException(MqttClientException.REASON_CODE_CLIENT_TIMEOUT);
            }
            try {
                token.waitForCompletion(500);
            } catch (MqttException e) {
                if (e.getReasonCode() != MqttClientException.REASON_CODE_CLIENT_TIMEOUT) {
                    throw e;
                }
            }
        }
        if (token.getException() != null) {
            throw token.getException();
        }
        return !closed && epoch == myEpoch;
    }

    private void drain() {
        if (!ready || closed) {
            return;
        }
        while (inflight.size() < settings.maxInflight()) {
            OptionalLong next = outbox.next(cursor);
            if (next.isEmpty()) {
                return;
            }
            long seq = next.getAsLong();
            cursor = seq + 1;
            if (inflight.contains(seq)) {
                continue;
            }
            byte[] payload;
            try {
                payload = outbox.read(seq);
            } catch (IOException e) {
                LOG.error("cannot read batch {} from the outbox: {}", seq, e.toString());
                continue;
            }
            if (payload == null) {
                continue; // acknowledged or dropped meanwhile
            }
            long size = payload.length;
            try {
                client.publish(featuresTopic, payload, 1, false, seq, new MqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        exec.execute(() -> acknowledged(seq, size));
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable e) {
                        exec.execute(() -> failed(seq, e));
                    }
                });
                inflight.add(seq);
                counters.batchesPublished.incrementAndGet();
            } catch (MqttException e) {
                LOG.debug("MQTT publish of batch {} not accepted now: {}", seq, OpcUaSource.rootMessage(e));
                cursor = seq;
                if (client.isConnected()) {
                    exec.schedule(this::drain, 200, TimeUnit.MILLISECONDS);
                }
                return;
            }
        }
    }

    private void acknowledged(long seq, long size) {
        inflight.remove(seq);
        try {
            if (outbox.remove(seq)) {
                handler.acknowledged(seq, size);
            }
        } catch (IOException e) {
            LOG.error("cannot delete acknowledged batch {} from the outbox: {}", seq, e.toString());
        }
        drain();
    }

    private void failed(long seq, Throwable e) {
        inflight.remove(seq);
        cursor = Math.min(cursor, seq);
        LOG.debug("MQTT publish of batch {} failed ({}); it stays in the outbox", seq, OpcUaSource.rootMessage(e));
        if (ready && client.isConnected()) {
            exec.schedule(this::drain, 500, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        counters.mqttConnected = false;
        epoch++;
        if (closed) {
            return;
        }
        LOG.warn("MQTT connection to {} lost ({}); batches are kept in the outbox ({} waiting), reconnecting"
                + " automatically", broker, response == null ? "?" : response.getReasonString() != null
                ? response.getReasonString() : response.getException() != null
                ? OpcUaSource.rootMessage(response.getException()) : "reason " + response.getReturnCode(),
                outbox.size());
        exec.execute(() -> {
            ready = false;
            inflight.clear();
            cursor = 0;
        });
    }

    @Override
    public void mqttErrorOccurred(MqttException e) {
        LOG.warn("MQTT error: {}", OpcUaSource.rootMessage(e));
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        if (!alertsTopic.equals(topic)) {
            LOG.debug("ignoring a message on {}", topic);
            return;
        }
        try {
            handler.result(message.getPayload());
        } catch (RuntimeException e) {
            // never let an exception reach Paho: it would drop the connection
            LOG.error("processing a result message failed: {}", e.toString());
        }
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // acknowledgements are handled by the per-publish action listeners
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }

    @Override
    public void close() {
        closed = true;
        exec.shutdownNow();
        try {
            exec.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            if (client.isConnected()) {
                client.disconnect(2000).waitForCompletion(3000);
            }
        } catch (MqttException e) {
            LOG.debug("MQTT disconnect failed", e);
        }
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.debug("MQTT close failed", e);
        }
        counters.mqttConnected = false;
    }
}

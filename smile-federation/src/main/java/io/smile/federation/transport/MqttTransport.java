package io.smile.federation.transport;

import io.smile.protocol.mqtt.MqttSession;
import io.smile.protocol.mqtt.MqttSessionException;
import io.smile.protocol.mqtt.MqttSettings;
import io.smile.protocol.mqtt.TopicFilter;
import io.smile.protocol.mqtt.TopicName;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLSocketFactory;

/**
 * The federation's {@link Transport} over an {@link MqttSession}: QoS 1 both ways, clean start (a
 * round's messages are only of use while the round runs), reconnection with resubscription.
 */
public final class MqttTransport implements Transport {
    private static final Logger LOG = Logger.getLogger(MqttTransport.class.getName());
    /** How long the constructor waits for the first connection, and a publish or subscribe for the broker. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final MqttSession session;
    private final String clientId;

    public MqttTransport(String url, String clientId) {
        this(url, clientId, Optional.empty());
    }

    /** Connects now; over TLS with {@code socketFactory} for an ssl:// URL (else the JVM's default trust). */
    public MqttTransport(String url, String clientId, Optional<SSLSocketFactory> socketFactory) {
        this.clientId = clientId;
        try {
            MqttSettings settings = MqttSettings.of(url, clientId).withKeepAlive(30).withConnectTimeout(10)
                    .withReconnectDelay(Duration.ofSeconds(1), Duration.ofSeconds(30));
            if (socketFactory.isPresent()) {
                settings = settings.withTls(socketFactory.get());
            }
            this.session = new MqttSession(settings, new MqttSession.Listener() {
                @Override
                public void connectionLost(Throwable cause) {
                    LOG.warning(clientId + ": disconnected: " + (cause == null ? "?" : cause.getMessage()));
                }
            });
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("MQTT connect to " + url + " as " + clientId + " failed: " + e.getMessage(), e);
        }
        try {
            session.connect(WAIT);
        } catch (MqttSessionException | InterruptedException e) {
            session.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("MQTT connect to " + url + " as " + clientId + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void publish(String topic, byte[] payload) {
        try {
            session.publishAndWait(topic, payload, WAIT);
        } catch (MqttSessionException | IllegalArgumentException e) {
            throw new IllegalStateException(clientId + ": publish to " + topic + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(clientId + ": publish to " + topic + " interrupted", e);
        }
    }

    @Override
    public void subscribe(String filter, BiConsumer<String, byte[]> handler) {
        try {
            session.subscribe(filter, d -> {
                try {
                    handler.accept(d.topic().toString(), d.payload());
                } catch (RuntimeException e) {
                    // acknowledged all the same: a clean-start session never gets it again, and an
                    // unacknowledged message would hold the broker's in-flight window
                    LOG.log(Level.WARNING, clientId + ": handler failed on " + d.topic(), e);
                }
            }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | IllegalArgumentException | MqttSessionException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException(clientId + ": subscribe to " + filter + " failed: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(clientId + ": subscribe to " + filter + " interrupted", e);
        }
    }

    @Override
    public long bytesSent() {
        return session.counters().bytesSent();
    }

    @Override
    public long bytesReceived() {
        return session.counters().bytesReceived();
    }

    /** MQTT topic filter matching ({@code +} one level, {@code #} the rest): {@link TopicFilter#matches}. */
    public static boolean matches(String filter, String topic) {
        return TopicFilter.parse(filter).matches(TopicName.parse(topic));
    }

    @Override
    public void close() {
        session.close();
    }
}

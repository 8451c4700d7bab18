package io.smile.protocol.mqtt;

import io.smile.protocol.MqttTls;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLSocketFactory;

/**
 * How an {@link MqttSession} connects. Start from {@link #of(String, String)} (clean start, keep-alive
 * 30 s, reconnect delay 1 s doubling up to 30 s) and change what differs with the {@code with…}
 * methods.
 *
 * @param serverUri             {@code tcp://host:port} or {@code ssl://host:port} ({@code ws://}, {@code wss://} too)
 * @param clientId              the MQTT client identifier; a persistent session is bound to it
 * @param cleanStart            false: resume the broker's session of {@code clientId} (subscriptions, queued QoS 1)
 * @param sessionExpirySeconds  how long the broker keeps the session after a disconnect (0: not at all)
 * @param keepAliveSeconds      MQTT keep-alive (0: off)
 * @param connectTimeoutSeconds how long one connection attempt may take
 * @param reconnectMinDelay     the delay before the first retry; it doubles per failed attempt …
 * @param reconnectMaxDelay     … up to this, never more (first connection and reconnections alike)
 * @param tls                   the TLS socket factory for ssl:// and wss:// (empty: the JVM's default trust)
 * @param username              MQTT user name
 * @param password              MQTT password
 * @param maxPendingPublishes   publishes held while disconnected (or while the broker's in-flight window is
 *                              full) before {@link MqttSession#publish} refuses more
 */
public record MqttSettings(String serverUri, String clientId, boolean cleanStart, long sessionExpirySeconds,
                           int keepAliveSeconds, int connectTimeoutSeconds, Duration reconnectMinDelay,
                           Duration reconnectMaxDelay, Optional<SSLSocketFactory> tls, Optional<String> username,
                           Optional<String> password, int maxPendingPublishes) {
    private static final Set<String> SCHEMES = Set.of("tcp", "ssl", "ws", "wss");
    private static final long MAX_SESSION_EXPIRY = 0xFFFF_FFFFL;

    public MqttSettings {
        Objects.requireNonNull(serverUri, "serverUri");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(reconnectMinDelay, "reconnectMinDelay");
        Objects.requireNonNull(reconnectMaxDelay, "reconnectMaxDelay");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        String scheme = scheme(serverUri);
        if (tls.isPresent() && !(scheme.equals("ssl") || scheme.equals("wss"))) {
            // a factory on a plain URL would look encrypted in the configuration and not be
            throw new IllegalArgumentException("TLS settings given for a plain MQTT URL " + serverUri);
        }
        if (clientId.isEmpty() || clientId.getBytes(StandardCharsets.UTF_8).length > TopicName.MAX_BYTES) {
            throw new IllegalArgumentException("MQTT client id must have 1 to 65535 bytes: '" + clientId + "'");
        }
        if (sessionExpirySeconds < 0 || sessionExpirySeconds > MAX_SESSION_EXPIRY) {
            throw new IllegalArgumentException("session expiry " + sessionExpirySeconds + " s out of 0.." + MAX_SESSION_EXPIRY);
        }
        if (keepAliveSeconds < 0 || keepAliveSeconds > 65_535) {
            throw new IllegalArgumentException("keep-alive " + keepAliveSeconds + " s out of 0..65535");
        }
        if (connectTimeoutSeconds < 1) {
            throw new IllegalArgumentException("connect timeout must be at least 1 s, got " + connectTimeoutSeconds);
        }
        if (reconnectMinDelay.isNegative() || reconnectMinDelay.isZero() || reconnectMaxDelay.compareTo(reconnectMinDelay) < 0) {
            throw new IllegalArgumentException("reconnect delays must satisfy 0 < min <= max, got " + reconnectMinDelay
                    + " and " + reconnectMaxDelay);
        }
        if (maxPendingPublishes < 1) {
            throw new IllegalArgumentException("maxPendingPublishes must be positive, got " + maxPendingPublishes);
        }
    }

    private static String scheme(String uri) {
        try {
            URI u = new URI(uri);
            if (u.getScheme() == null || !SCHEMES.contains(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("MQTT server URI must be tcp://, ssl://, ws:// or wss://host[:port], got '"
                        + uri + "'");
            }
            return u.getScheme();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid MQTT server URI '" + uri + "': " + e.getMessage(), e);
        }
    }

    /** Clean start, keep-alive 30 s, connect timeout 30 s, reconnect 1 s … 30 s, no TLS factory, no credentials. */
    public static MqttSettings of(String serverUri, String clientId) {
        return new MqttSettings(serverUri, clientId, true, 0, 30, 30, Duration.ofSeconds(1), Duration.ofSeconds(30),
                Optional.empty(), Optional.empty(), Optional.empty(), 10_000);
    }

    /** Whether the URI asks for TLS. */
    public boolean isTls() {
        String s = scheme(serverUri);
        return s.equals("ssl") || s.equals("wss");
    }

    /** Clean start false, and the broker keeps the session {@code expirySeconds} after a disconnect. */
    public MqttSettings withPersistentSession(long expirySeconds) {
        return new MqttSettings(serverUri, clientId, false, expirySeconds, keepAliveSeconds, connectTimeoutSeconds,
                reconnectMinDelay, reconnectMaxDelay, tls, username, password, maxPendingPublishes);
    }

    public MqttSettings withKeepAlive(int seconds) {
        return new MqttSettings(serverUri, clientId, cleanStart, sessionExpirySeconds, seconds, connectTimeoutSeconds,
                reconnectMinDelay, reconnectMaxDelay, tls, username, password, maxPendingPublishes);
    }

    public MqttSettings withConnectTimeout(int seconds) {
        return new MqttSettings(serverUri, clientId, cleanStart, sessionExpirySeconds, keepAliveSeconds, seconds,
                reconnectMinDelay, reconnectMaxDelay, tls, username, password, maxPendingPublishes);
    }

    public MqttSettings withReconnectDelay(Duration min, Duration max) {
        return new MqttSettings(serverUri, clientId, cleanStart, sessionExpirySeconds, keepAliveSeconds, connectTimeoutSeconds,
                min, max, tls, username, password, maxPendingPublishes);
    }

    /** TLS with this socket factory (for ssl:// and wss:// URIs). */
    public MqttSettings withTls(SSLSocketFactory factory) {
        return new MqttSettings(serverUri, clientId, cleanStart, sessionExpirySeconds, keepAliveSeconds, connectTimeoutSeconds,
                reconnectMinDelay, reconnectMaxDelay, Optional.of(factory), username, password, maxPendingPublishes);
    }

    /**
     * TLS from store files ({@link MqttTls#socketFactory}); for a plain URI nothing changes, so one
     * configuration serves both.
     */
    public MqttSettings withTls(Optional<MqttTls.StoreFile> truststore, Optional<MqttTls.StoreFile> keystore) {
        return isTls() ? withTls(MqttTls.socketFactory(truststore, keystore)) : this;
    }

    public MqttSettings withCredentials(String user, Optional<String> pass) {
        return new MqttSettings(serverUri, clientId, cleanStart, sessionExpirySeconds, keepAliveSeconds, connectTimeoutSeconds,
                reconnectMinDelay, reconnectMaxDelay, tls, Optional.of(user), pass, maxPendingPublishes);
    }

    public MqttSettings withMaxPendingPublishes(int max) {
        return new MqttSettings(serverUri, clientId, cleanStart, sessionExpirySeconds, keepAliveSeconds, connectTimeoutSeconds,
                reconnectMinDelay, reconnectMaxDelay, tls, username, password, max);
    }

    /** Without the password, for logs. */
    @Override
    public String toString() {
        return "MqttSettings[" + serverUri + " as " + clientId + (cleanStart ? ", clean start" : ", session expiry "
                + sessionExpirySeconds + " s") + ", keep-alive " + keepAliveSeconds + " s, reconnect " + reconnectMinDelay
                + ".." + reconnectMaxDelay + (tls.isPresent() ? ", TLS" : "") + username.map(u -> ", user " + u).orElse("")
                + "]";
    }
}

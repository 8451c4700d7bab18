package io.smile.testkit;

import io.smile.broker.EmbeddedBroker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The MQTT broker of a test: an embedded HiveMQ CE on 127.0.0.1 ({@link EmbeddedBroker}: file
 * persistence, so a {@link #restart()} on the same port keeps persistent sessions and their queued
 * QoS 1 messages, like a real broker restart), or the Mosquitto at {@code SMILE_TEST_MOSQUITTO_URL}
 * (started outside the test, e.g. by {@code .ci/run}; it cannot be stopped from here).
 *
 * <p>One test thread drives it (start, stop, restart are not meant to race).
 */
public final class TestBroker implements AutoCloseable {
    /** The environment variable naming a running Mosquitto for the tests. */
    public static final String MOSQUITTO_URL_ENV = "SMILE_TEST_MOSQUITTO_URL";

    private final EmbeddedBroker embedded;
    private final String externalUrl;

    private TestBroker(EmbeddedBroker embedded, String externalUrl) {
        this.embedded = embedded;
        this.externalUrl = externalUrl;
    }

    /** An embedded HiveMQ on a free loopback port chosen now (kept across restarts), not started yet. */
    public static TestBroker embedded() {
        return new TestBroker(new EmbeddedBroker(0), null);
    }

    /** An embedded HiveMQ, TLS only (client certificates required if {@code tls} names a client trust store), not started. */
    public static TestBroker embeddedTls(EmbeddedBroker.Tls tls) {
        return new TestBroker(new EmbeddedBroker(0, Optional.of(tls)), null);
    }

    /** {@link #embedded()}, started. */
    public static TestBroker startEmbedded() {
        return embedded().start();
    }

    /**
     * The Mosquitto at {@value #MOSQUITTO_URL_ENV}; the calling test is skipped (a JUnit assumption)
     * when the variable is not set.
     */
    public static TestBroker mosquittoOrSkip() {
        String url = System.getenv(MOSQUITTO_URL_ENV);
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                MOSQUITTO_URL_ENV + " is not set: the tests against Mosquitto are skipped (.ci/run starts one)");
        return new TestBroker(null, url.strip());
    }

    /** A loopback port nobody listened on a moment ago (for brokers that are never started, say). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Whether {@link #stop()} and {@link #restart()} work (the embedded broker; not an external one). */
    public boolean canRestart() {
        return embedded != null;
    }

    /** Starts the embedded broker (again); nothing for an external one. */
    public TestBroker start() {
        if (embedded != null) {
            embedded.start();
        }
        return this;
    }

    /** Stops the embedded broker; its sessions and queues stay for the next {@link #start()}. */
    public void stop() {
        requireEmbedded("stop");
        embedded.stop();
    }

    /** {@link #stop()}, then {@link #start()} on the same port. */
    public void restart() {
        stop();
        start();
    }

    public boolean isRunning() {
        return embedded == null || embedded.isRunning();
    }

    /** {@code tcp://127.0.0.1:port} (or {@code ssl://…} for TLS; the external URL as given). */
    public String url() {
        return embedded != null ? embedded.url() : externalUrl;
    }

    /** The embedded broker's port. */
    public int port() {
        requireEmbedded("port");
        return embedded.port();
    }

    private void requireEmbedded(String what) {
        if (embedded == null) {
            throw new UnsupportedOperationException(what + ": the broker at " + externalUrl + " is not run by the test");
        }
    }

    /** Stops the embedded broker and deletes its files; an external broker is left alone. */
    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }

    @Override
    public String toString() {
        return "test broker " + url();
    }
}

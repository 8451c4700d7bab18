package io.smile.broker;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An MQTT 3.1.1 / 5 broker (HiveMQ Community Edition, embedded) listening on 127.0.0.1 only, for
 * tests, demos and single-machine deployments.
 *
 * <p>Its configuration, data and extension folders live in a private temporary directory: one
 * listener bound to the loopback address (plain TCP, or TLS only, optionally requiring client
 * certificates: see {@link Tls} and {@link LocalCa}), packets up to {@link #MAX_PACKET_SIZE} bytes (a
 * gateway's evaluation-key registration is tens of MB), no usage statistics, file persistence.
 * Because the data folder survives {@link #stop()}, a broker {@link #start() started} again
 * (always on the same port) still has the persistent sessions and their queued QoS 1 messages,
 * which lets tests take the broker down in the middle of a stream. {@link #close()} stops it and
 * deletes the directory.
 *
 * <p>HiveMQ's own logging is reduced to warnings: its logging bootstrap is disabled and, when the
 * SLF4J backend is Logback, the {@code com.hivemq} and library loggers are set to WARN. Under
 * other backends (JBoss LogManager in Quarkus) configure the categories there.
 *
 * <p>Not thread-safe for concurrent start/stop calls; meant to be driven by one test thread.
 */
public final class EmbeddedBroker implements AutoCloseable {
    /** The largest MQTT packet the broker accepts (the protocol's maximum remaining length). */
    public static final int MAX_PACKET_SIZE = 268_435_455;
    private static final String HOST = LoopbackPorts.HOST;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String[] QUIET_LOGGERS = {"com.hivemq", "migrations", "jetbrains.exodus", "oshi", "io.netty",
            "org.rocksdb", "com.google.inject"};
    /** Strong references: java.util.logging forgets the level of a logger that is garbage-collected. */
    private static final java.util.List<java.util.logging.Logger> JUL_LOGGERS = new java.util.ArrayList<>();

    /**
     * A TLS-only listener (no plain TCP listener then).
     *
     * @param keystore        PKCS#12 or JKS key store with the broker's key and certificate chain
     * @param password        its password (also the key's)
     * @param clientTruststore trust store of the CAs whose client certificates are accepted: when
     *                        present, every client must present one (mutual TLS)
     * @param clientTruststorePassword its password
     */
    public record Tls(Path keystore, String password, Optional<Path> clientTruststore, String clientTruststorePassword) {
        public Tls {
            Objects.requireNonNull(keystore, "keystore");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(clientTruststore, "clientTruststore");
            Objects.requireNonNull(clientTruststorePassword, "clientTruststorePassword");
        }
    }

    private final int port;
    private final Optional<Tls> tls;
    private final Path home;
    private EmbeddedHiveMQ hivemq;
    private boolean closed;

    /** A broker on a free port chosen now (kept across restarts). Does not start it. */
    public EmbeddedBroker() {
        this(0);
    }

    /**
     * A broker on {@code port} (0: a free port chosen now, kept across restarts). Does not start it.
     *
     * @throws IllegalArgumentException if the port is outside [0, 65535]
     */
    public EmbeddedBroker(int port) {
        this(port, Optional.empty());
    }

    /**
     * A broker on {@code port} (0: a free port chosen now), with a TLS-only listener when
     * {@code tls} is present. Does not start it.
     */
    public EmbeddedBroker(int port, Optional<Tls> tls) {
        this.tls = Objects.requireNonNull(tls, "tls");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        }
        this.port = port == 0 ? LoopbackPorts.free() : port;
        try {
            this.home = Files.createTempDirectory("smile-broker-");
            Files.createDirectories(home.resolve("conf"));
            Files.createDirectories(home.resolve("data"));
            Files.createDirectories(home.resolve("extensions"));
            Files.writeString(home.resolve("conf").resolve("config.xml"), configXml(this.port, tls), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker's folders", e);
        }
    }

    /** Starts a broker on a free loopback port and returns it. */
    public static EmbeddedBroker startOnFreePort() {
        EmbeddedBroker b = new EmbeddedBroker();
        b.start();
        return b;
    }

    /**
     * Starts the broker and waits until it accepts connections. No-op if it is running.
     *
     * @throws IllegalStateException if it was closed, or did not start (e.g. the port is taken)
     */
    public synchronized EmbeddedBroker start() {
        if (closed) {
            throw new IllegalStateException("broker was closed");
        }
        if (hivemq != null) {
            return this;
        }
        quietLogging();
        EmbeddedHiveMQ server = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(home.resolve("data"))
                .withExtensionsFolder(home.resolve("extensions"))
                .withoutLoggingBootstrap()
                .build();
        try {
            server.start().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            waitUntilListening();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(server);
            throw new IllegalStateException("interrupted while starting the broker", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            closeQuietly(server);
            throw new IllegalStateException("broker did not start on " + url() + ": " + e, e);
        }
        hivemq = server;
        return this;
    }

    /** Stops the broker (sessions and queued messages stay in its data folder). Idempotent. */
    public synchronized void stop() {
        EmbeddedHiveMQ server = hivemq;
        hivemq = null;
        if (server == null) {
            return;
        }
        try {
            server.stop().get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // fall through to close: the instance is discarded either way
        } finally {
            closeQuietly(server);
        }
    }

    /** Whether the broker is started. */
    public synchronized boolean isRunning() {
        return hivemq != null;
    }

    /** The port it listens on (fixed for this object's lifetime). */
    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:PORT}, or {@code ssl://127.0.0.1:PORT} with a TLS listener. */
    public String url() {
        return (tls.isPresent() ? "ssl://" : "tcp://") + HOST + ":" + port;
    }

    /** The private directory holding conf/, data/ and extensions/. */
    public Path home() {
        return home;
    }

    /** Stops the broker and deletes its directory; it cannot be started again. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        stop();
        closed = true;
        deleteRecursively(home);
    }

    static String configXml(int port, Optional<Tls> tls) {
        return "<?xml version=\"1.0\"?>\n"
                + "<hivemq>\n"
                + "    <listeners>\n"
                + tls.map(t -> tlsListenerXml(port, t)).orElse(
                  "        <tcp-listener>\n"
                + "            <port>" + port + "</port>\n"
                + "            <bind-address>" + HOST + "</bind-address>\n"
                + "        </tcp-listener>\n")
                + "    </listeners>\n"
                + "    <mqtt>\n"
                + "        <packets>\n"
                + "            <max-packet-size>" + MAX_PACKET_SIZE + "</max-packet-size>\n"
                + "        </packets>\n"
                // no topic aliases: Paho 1.2.5 resends an in-flight QoS 1 publish after a reconnect with
                // the previous connection's alias and no topic (eclipse-paho/paho.mqtt.java#1104), which the
                // broker refuses with reason 148 and the client retries forever; SMiLe's topics are short
                + "        <topic-alias>\n"
                + "            <enabled>false</enabled>\n"
                + "        </topic-alias>\n"
                + "    </mqtt>\n"
                + "    <anonymous-usage-statistics>\n"
                + "        <enabled>false</enabled>\n"
                + "    </anonymous-usage-statistics>\n"
                + "    <persistence>\n"
                + "        <mode>file</mode>\n"
                + "    </persistence>\n"
                + "</hivemq>\n";
    }

    private static String tlsListenerXml(int port, Tls t) {
        String clientAuth = t.clientTruststore().map(ts -> ""
                + "                <truststore>\n"
                + "                    <path>" + xml(ts.toAbsolutePath().toString()) + "</path>\n"
                + "                    <password>" + xml(t.clientTruststorePassword()) + "</password>\n"
                + "                </truststore>\n"
                + "                <client-authentication-mode>REQUIRED</client-authentication-mode>\n")
                .orElse("                <client-authentication-mode>NONE</client-authentication-mode>\n");
        return "        <tls-tcp-listener>\n"
                + "            <port>" + port + "</port>\n"
                + "            <bind-address>" + HOST + "</bind-address>\n"
                + "            <tls>\n"
                + "                <keystore>\n"
                + "                    <path>" + xml(t.keystore().toAbsolutePath().toString()) + "</path>\n"
                + "                    <password>" + xml(t.password()) + "</password>\n"
                + "                    <private-key-password>" + xml(t.password()) + "</private-key-password>\n"
                + "                </keystore>\n"
                + clientAuth
                + "                <protocols>\n"
                + "                    <protocol>TLSv1.3</protocol>\n"
                + "                    <protocol>TLSv1.2</protocol>\n"
                + "                </protocols>\n"
                + "            </tls>\n"
                + "        </tls-tcp-listener>\n";
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private void waitUntilListening() throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getByName(HOST), port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("nothing listens on " + url());
                }
                Thread.sleep(50);
            }
        }
    }

    private static void closeQuietly(EmbeddedHiveMQ server) {
        try {
            server.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // already stopped or failed: nothing more to release
        }
    }

    /**
     * Sets HiveMQ's loggers to WARN (OSHI's to OFF: it complains about missing native helpers) through
     * java.util.logging (which JBoss LogManager, Quarkus' backend, honours) and, when Logback is the
     * SLF4J backend, through Logback (reflection: no compile dependency).
     */
    private static synchronized void quietLogging() {
        if (JUL_LOGGERS.isEmpty()) {
            for (String name : QUIET_LOGGERS) {
                java.util.logging.Logger l = java.util.logging.Logger.getLogger(name);
                l.setLevel("oshi".equals(name) ? java.util.logging.Level.OFF : java.util.logging.Level.WARNING);
                JUL_LOGGERS.add(l);
            }
        }
        try {
            Class<?> levelClass = Class.forName("ch.qos.logback.classic.Level");
            Object warn = levelClass.getField("WARN").get(null);
            Object off = levelClass.getField("OFF").get(null);
            for (String name : QUIET_LOGGERS) {
                Object logger = org.slf4j.LoggerFactory.getLogger(name);
                if (logger.getClass().getName().equals("ch.qos.logback.classic.Logger")) {
                    Method setLevel = logger.getClass().getMethod("setLevel", levelClass);
                    setLevel.invoke(logger, "oshi".equals(name) ? off : warn);
                }
            }
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            // another logging backend: configure the categories there
        }
    }

    private static void deleteRecursively(Path root) {
        try {
            FileTrees.deleteTree(root);
        } catch (IOException e) {
            // best effort: a temp directory left behind is harmless
        }
    }

    /**
     * Runs a broker until the process is stopped: {@code EmbeddedBroker [PORT]} (default 1883; 0 for
     * a free port). Prints its URL on standard output.
     */
    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 1883;
        EmbeddedBroker broker = new EmbeddedBroker(port);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "smile-broker-shutdown"));
        broker.start();
        System.out.println("MQTT broker listening on " + broker.url());
        Thread.currentThread().join();
    }

    @Override
    public String toString() {
        return "EmbeddedBroker(" + url() + (isRunning() ? ", running" : "") + ")";
    }
}

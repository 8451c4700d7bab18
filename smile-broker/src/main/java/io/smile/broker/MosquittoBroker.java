package io.smile.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto process of its own on 127.0.0.1, for fault tests that must stop, freeze, kill and restart
 * the broker at chosen moments (which the shared Mosquitto of {@code .ci/run} cannot): the Debian
 * package's {@code /usr/sbin/mosquitto} (or {@code SMILE_MOSQUITTO_BIN}), anonymous, loopback only, on a
 * port kept across restarts, with its own configuration, persistence directory and log in a scratch
 * directory. One test thread drives it.
 */
public final class MosquittoBroker implements AutoCloseable {
    /** Overrides where the executable is. */
    public static final String BINARY_ENV = "SMILE_MOSQUITTO_BIN";
    private static final long START_TIMEOUT_MS = 10_000;

    /**
     * How the broker runs.
     *
     * @param maxTopicAlias   the Topic Alias Maximum the broker grants clients (0: aliases off; Mosquitto's default is 10)
     * @param persistence     whether it keeps sessions and queued messages on disk (written at shutdown and every
     *                        {@code autosaveSeconds})
     * @param autosaveSeconds how often it saves while running (with {@code autosave_on_changes false})
     */
    public record Config(int maxTopicAlias, boolean persistence, int autosaveSeconds) {
        public Config {
            if (maxTopicAlias < 0 || maxTopicAlias > 65_535 || autosaveSeconds < 1) {
                throw new IllegalArgumentException("maxTopicAlias 0..65535 and autosaveSeconds >= 1");
            }
        }

        /** Topic aliases on (Mosquitto's default of 10), persistence on. */
        public static Config defaults() {
            return new Config(10, true, 1800);
        }
    }

    private final Path binary;
    private final Path dir;
    private final int port;
    private final Config config;
    private Process process;

    private MosquittoBroker(Path binary, Path dir, int port, Config config) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
        this.config = config;
    }

    /** The executable, if installed. */
    public static Optional<Path> executable() {
        String env = System.getenv(BINARY_ENV);
        Path p = env != null && !env.isBlank() ? Path.of(env.strip()) : Path.of("/usr/sbin/mosquitto");
        return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    /** A broker on a free loopback port, its files under {@code dir}; not started. Empty if Mosquitto is not installed. */
    public static Optional<MosquittoBroker> create(Path dir, Config config) {
        return executable().map(bin -> new MosquittoBroker(bin, dir, LoopbackPorts.free(), config));
    }

    public String url() {
        return "tcp://" + LoopbackPorts.HOST + ":" + port;
    }

    public int port() {
        return port;
    }

    /** The broker's log file (kept across restarts). */
    public Path log() {
        return dir.resolve("mosquitto.log");
    }

    /** Starts the process and waits until it accepts connections. */
    public synchronized MosquittoBroker start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        try {
            Files.createDirectories(dir.resolve("data"));
            Path conf = dir.resolve("mosquitto.conf");
            Files.writeString(conf, String.join("\n",
                    "listener " + port + " " + LoopbackPorts.HOST,
                    "allow_anonymous true",
                    // run as root, Mosquitto switches to the user "mosquitto", which cannot write the scratch directory
                    "user " + System.getProperty("user.name"),
                    "max_topic_alias " + config.maxTopicAlias(),
                    "persistence " + config.persistence(),
                    "persistence_location " + dir.resolve("data").toAbsolutePath() + "/",
                    "autosave_interval " + config.autosaveSeconds(),
                    "log_dest file " + log().toAbsolutePath(),
                    "log_type all",
                    ""));
            process = new ProcessBuilder(binary.toString(), "-c", conf.toAbsolutePath().toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("mosquitto did not start", e);
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + "; see " + dir);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LoopbackPorts.HOST, port), 200);
                return this;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto not listening on " + port + " within " + START_TIMEOUT_MS + " ms");
    }

    /** A graceful stop (SIGTERM: Mosquitto saves its persistence file), waiting for the exit. */
    public synchronized void stop() {
        end(false);
    }

    /** A crash (SIGKILL): nothing saved since the last autosave. */
    public synchronized void kill() {
        end(true);
    }

    /** SIGSTOP: the broker keeps its sockets but reads and answers nothing (a publish sent now stays unacknowledged). */
    public synchronized void freeze() {
        signal("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    public synchronized void thaw() {
        signal("CONT");
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    private void end(boolean forcibly) {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private void signal(String name) {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("mosquitto is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Ends the process (a frozen one too). */
    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            try {
                signal("CONT");
            } catch (RuntimeException ignored) {
                // ending it anyway
            }
            end(false);
        }
    }
}

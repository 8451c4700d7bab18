package io.smile.broker;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto process of its own on 127.0.0.1, for fault tests that must stop, freeze, kill and restart
 * the broker at chosen moments (which the shared Mosquitto of {@code .ci/run} cannot): the Debian
 * package's {@code /usr/sbin/mosquitto} (or {@code SMILE_MOSQUITTO_BIN}), anonymous, loopback only, on a
 * port kept across restarts, with its own configuration, persistence directory and log in a scratch
 * directory. One test thread drives it; {@link #awaitLogLine} lets it time a fault from what the broker
 * logs (e.g. a publish it forwarded).
 */
public final class MosquittoBroker implements AutoCloseable {
    /** Overrides where the executable is. */
    public static final String BINARY_ENV = "SMILE_MOSQUITTO_BIN";
    private static final long START_TIMEOUT_MS = 15_000;
    /** How long a SIGTERM'ed broker may take to save and exit before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /**
     * How the broker runs.
     *
     * @param maxTopicAlias     the Topic Alias Maximum the broker grants clients (0: aliases off; Mosquitto's default is 10)
     * @param persistence       whether it keeps sessions and queued messages on disk (written at shutdown, every
     *                          {@code autosaveSeconds}, and on changes with {@code saveOnEveryChange})
     * @param autosaveSeconds   how often it saves while running ({@code autosave_interval}); with
     *                          {@code saveOnEveryChange} the number of changes after which it saves (1: each)
     * @param saveOnEveryChange {@code autosave_on_changes true}: saves after every {@code autosaveSeconds}
     *                          changes of its in-memory database, so a kill -9 loses nothing it acknowledged
     */
    public record Config(int maxTopicAlias, boolean persistence, int autosaveSeconds, boolean saveOnEveryChange) {
        public Config {
            if (maxTopicAlias < 0 || maxTopicAlias > 65_535 || autosaveSeconds < 1) {
                throw new IllegalArgumentException("maxTopicAlias 0..65535 and autosaveSeconds >= 1");
            }
        }

        /** Saving on the clock only (Mosquitto's default), not on changes. */
        public Config(int maxTopicAlias, boolean persistence, int autosaveSeconds) {
            this(maxTopicAlias, persistence, autosaveSeconds, false);
        }

        /** Topic aliases on (Mosquitto's default of 10), persistence on, saved every 30 minutes (the shipped default). */
        public static Config defaults() {
            return new Config(10, true, 1800);
        }

        /**
         * Topic aliases on (10), persistence saved after every single change: what a deployment should
         * run (docs/reliability.md) and what the fault suite runs.
         */
        public static Config persistentOnEveryChange() {
            return new Config(10, true, 1, true);
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
                    "autosave_on_changes " + config.saveOnEveryChange(),
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
        if (forcibly) {
            Processes.kill(process);
        } else {
            Processes.stop(process, STOP_GRACE);
        }
    }

    /** The log's length now: where {@link #awaitLogLine} starts looking. */
    public long logMark() {
        try {
            return Files.exists(log()) ? Files.size(log()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for a line of the log ({@code log_type all}) after {@code from} that matches; returns it, or
     * empty after the timeout. Polls every few milliseconds, so a fault timed from the line lands within
     * ~10 ms of it.
     */
    public Optional<String> awaitLogLine(long from, Predicate<String> matches, long timeoutMillis) {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long offset = from;
        StringBuilder partial = new StringBuilder();
        while (System.currentTimeMillis() < deadline) {
            try (RandomAccessFile f = new RandomAccessFile(log().toFile(), "r")) {
                if (f.length() > offset) {
                    f.seek(offset);
                    byte[] b = new byte[(int) Math.min(f.length() - offset, 1 << 20)];
                    f.readFully(b);
                    offset += b.length;
                    partial.append(new String(b, StandardCharsets.UTF_8));
                    int nl;
                    while ((nl = partial.indexOf("\n")) >= 0) {
                        String line = partial.substring(0, nl);
                        partial.delete(0, nl + 1);
                        if (matches.test(line)) {
                            return Optional.of(line);
                        }
                    }
                    continue;
                }
            } catch (IOException notYet) {
                // no log yet
            }
            sleep(5);
        }
        return Optional.empty();
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

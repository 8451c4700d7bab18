package io.smile.cli.faults;

import io.smile.broker.LoopbackPorts;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Mosquitto process of the suite's own on 127.0.0.1 that persists on every change: {@code persistence
 * true}, {@code autosave_on_changes true} with {@code autosave_interval 1} (save after every single change
 * of the in-memory database: a message queued for a client, a session, a subscription), so a
 * {@code kill -9} loses nothing the broker has acknowledged. The shipped default persists only at
 * shutdown and every 30 minutes, which is the loss of issue 17, item 3. Topic aliases stay at the
 * broker's default (10): the suite runs against the broker as shipped, the clients must cope.
 *
 * <p>The port and the persistence directory survive restarts; the log ({@code log_type all}) is
 * tailed by the scenarios that time a fault after a forwarded publish.
 */
final class PersistentMosquitto implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private Process process;

    private PersistentMosquitto(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** A broker on a free loopback port with its files under dir; not started. */
    static Optional<PersistentMosquitto> create(Path dir) {
        return installed() ? Optional.of(new PersistentMosquitto(dir, LoopbackPorts.free())) : Optional.empty();
    }

    String url() {
        return "tcp://" + LoopbackPorts.HOST + ":" + port;
    }

    Path log() {
        return dir.resolve("mosquitto.log");
    }

    /** The configuration the suite runs with (also what docs/reliability.md recommends). */
    String config() {
        return String.join("\n",
                "listener " + port + " " + LoopbackPorts.HOST,
                "allow_anonymous true",
                // as root Mosquitto would switch to the user "mosquitto", which cannot write the scratch directory
                "user " + System.getProperty("user.name"),
                "persistence true",
                "persistence_location " + dir.resolve("data").toAbsolutePath() + "/",
                "autosave_on_changes true",
                "autosave_interval 1",
                "log_dest file " + log().toAbsolutePath(),
                "log_type all",
                "");
    }

    synchronized PersistentMosquitto start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        try {
            Files.createDirectories(dir.resolve("data"));
            Path conf = dir.resolve("mosquitto.conf");
            Files.writeString(conf, config());
            process = new ProcessBuilder(BINARY.toString(), "-c", conf.toAbsolutePath().toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("mosquitto did not start", e);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + "; see " + dir);
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(LoopbackPorts.HOST, port), 200);
                return this;
            } catch (IOException notYet) {
                Sleep.millis(50);
            }
        }
        throw new IllegalStateException("mosquitto not listening on " + port);
    }

    /** kill -9: nothing but what autosave already wrote survives. */
    synchronized void kill() {
        end(true);
    }

    /** SIGTERM: Mosquitto saves and exits. */
    synchronized void terminate() {
        end(false);
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

    /** The log's length now: where {@link #awaitLogLine} starts looking. */
    long logMark() {
        try {
            return Files.exists(log()) ? Files.size(log()) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for a log line after {@code from} that matches; returns it, or empty after the timeout.
     * Polls every few milliseconds, so a fault timed from the line lands within ~10 ms of it.
     */
    Optional<String> awaitLogLine(long from, Predicate<String> matches, long timeoutMillis) {
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
            Sleep.millis(5);
        }
        return Optional.empty();
    }

    @Override
    public synchronized void close() {
        end(false);
    }
}

package io.smile.cli.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smile.broker.Processes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The edge agent as deployed, {@code smile edge}, in a JVM of its own (the test JVM's class path), on
 * one state directory that survives its restarts: keys, outbox, pending results, sequence counters and
 * {@code results.jsonl}, which the suite counts. kill -9 is a real crash: whatever the agent had not
 * written to its state directory is gone.
 */
final class EdgeNode implements AutoCloseable {
    /** How long a SIGTERM'ed node may take to finish (store, disconnect) before it is killed. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line of results.jsonl: the window's machine and the Sequence of its last sample. */
    record Scored(String machine, long sampleSequence, long batchSequence) {
    }

    private final Path stateDir;
    private final Path log;
    private final List<String> args;
    private Process process;

    /**
     * @param extraArgs edge options beyond fleet, gateway, state dir, broker and OPC UA endpoint
     */
    EdgeNode(Path fleetFile, String gatewayId, Path stateDir, String brokerUrl, String opcUaEndpoint, List<String> extraArgs) {
        this.stateDir = stateDir;
        this.log = stateDir.resolveSibling(stateDir.getFileName() + ".log");
        List<String> a = new ArrayList<>(List.of("--fleet", fleetFile.toAbsolutePath().toString(), "--gateway", gatewayId,
                "--state-dir", stateDir.toAbsolutePath().toString(), "--broker", brokerUrl, "--opcua-endpoint", opcUaEndpoint));
        a.addAll(extraArgs);
        this.args = List.copyOf(a);
    }

    synchronized EdgeNode start() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "io.smile.cli.SmileCli", "edge"));
        cmd.addAll(args);
        process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return this;
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** kill -9. */
    synchronized void kill() {
        end(true);
    }

    /** SIGTERM, waiting for the exit: a graceful restart's first half. */
    synchronized void stop() {
        end(false);
    }

    /** SIGTERM: the agent's shutdown hook stores the last windows and logs its summary. */
    @Override
    public synchronized void close() {
        end(false);
    }

    private void end(boolean forcibly) {
        if (forcibly) {
            Processes.kill(process);
        } else {
            Processes.stop(process, STOP_GRACE);
        }
    }

    /**
     * Every window result in results.jsonl, in file order. A line cut short by a kill -9 while the agent
     * wrote it is not a result; it is counted by {@link #tornLines()}.
     */
    List<Scored> results() throws IOException {
        return resultsIn(stateDir);
    }

    /** The window results in a state directory's results.jsonl (complete lines only). */
    static List<Scored> resultsIn(Path stateDir) throws IOException {
        List<Scored> out = new ArrayList<>();
        for (String line : resultLines(stateDir)) {
            JsonNode n = parse(line);
            if (n != null) {
                out.add(new Scored(n.get("machine").asText(), n.get("sampleSequence").asLong(), n.get("sequence").asLong()));
            }
        }
        return out;
    }

    /** Lines of results.jsonl that are not a complete result. */
    long tornLines() throws IOException {
        return resultLines(stateDir).stream().filter(l -> parse(l) == null).count();
    }

    private static List<String> resultLines(Path stateDir) throws IOException {
        Path f = stateDir.resolve("results.jsonl");
        return Files.exists(f) ? Files.readAllLines(f, StandardCharsets.UTF_8) : List.of();
    }

    private static JsonNode parse(String line) {
        try {
            JsonNode n = JSON.readTree(line);
            return n != null && n.has("machine") && n.has("sampleSequence") && n.has("sequence") ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static final java.util.regex.Pattern GAP =
            java.util.regex.Pattern.compile("machine (\\S+): samples (\\d+)\\.\\.(\\d+) were never read");

    /** The samples the agent reported as never read (its Sequence-gap warnings), as stream keys. */
    static java.util.Set<String> reportedMissed(Path log) throws IOException {
        java.util.Set<String> keys = new java.util.HashSet<>();
        if (!Files.exists(log)) {
            return keys;
        }
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            java.util.regex.Matcher m = GAP.matcher(line);
            if (m.find()) {
                for (long s = Long.parseLong(m.group(2)); s <= Long.parseLong(m.group(3)); s++) {
                    keys.add(SampleStream.key(m.group(1), s));
                }
            }
        }
        return keys;
    }

    /** The agent's shutdown summary line, if it stopped gracefully at least once. */
    String lastSummary() throws IOException {
        if (!Files.exists(log)) {
            return "";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (lines.get(i).contains(" stopped: batches:")) {
                return lines.get(i).substring(lines.get(i).indexOf("batches:"));
            }
        }
        return "";
    }
}

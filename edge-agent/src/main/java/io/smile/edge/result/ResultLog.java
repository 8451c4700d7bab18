package io.smile.edge.result;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smile.edge.WindowResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Appends one JSON line per window result to {@code results.jsonl} and one per alert to
 * {@code alerts.jsonl} in the state directory. Lines carry ids, times, the alert and, only when the
 * cloud shares it (result output SCORE), the score; a decision-only result has no score field.
 */
public final class ResultLog implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BufferedWriter results;
    private final BufferedWriter alerts;

    public ResultLog(Path dir) throws IOException {
        results = open(dir.resolve("results.jsonl"));
        alerts = open(dir.resolve("alerts.jsonl"));
    }

    private static BufferedWriter open(Path file) throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }

    static String json(WindowResult r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("machine", r.machineId());
        n.put("sampleSequence", r.sampleSequence());
        n.put("readAtMillis", r.readAtMillis());
        r.score().ifPresent(s -> n.put("score", s));
        n.put("alert", r.alert());
        n.put("sequence", r.batchSequence());
        n.put("window", r.windowIndex());
        n.put("model", r.modelId());
        n.put("modelVersion", r.modelVersion());
        n.put("decryptedAtMillis", r.decryptedAtMillis());
        n.put("latencyMs", r.latencyMillis());
        n.put("cloudEvaluationMicros", r.cloudEvaluationMicros());
        return n.toString();
    }

    synchronized void write(List<WindowResult> batch) throws IOException {
        boolean anyAlert = false;
        for (WindowResult r : batch) {
            String line = json(r);
            results.write(line);
            results.write('\n');
            if (r.alert()) {
                alerts.write(line);
                alerts.write('\n');
                anyAlert = true;
            }
        }
        results.flush();
        if (anyAlert) {
            alerts.flush();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            results.close();
        } finally {
            alerts.close();
        }
    }
}

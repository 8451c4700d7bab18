package io.smile.edge.result;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smile.edge.WindowResult;
import io.smile.edge.state.StateWriteFailures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends one JSON line per window result to {@code results.jsonl} and one per alert to
 * {@code alerts.jsonl} in the state directory. Lines carry ids, times, the alert and, only when the
 * cloud shares it (result output SCORE), the score; a decision-only result has no score field.
 *
 * <p>Lines that cannot be appended (disk full) are kept in memory, in order, and appended before the
 * next lines; a write that failed halfway is cut off again, so the files hold whole lines only. At
 * most {@link #MAX_BACKLOG_BYTES} wait per file (the oldest are given up beyond, logged).
 *
 * <p>A result append that works is no sign that the disk has room again: a few hundred bytes still
 * fit in the file's last block on a full disk, and reporting each such append as "writable again"
 * logged the end of an outage about once a second while it lasted. So this log reports failures
 * only; the outbox's writes (whole batches) report when space has returned.
 */
public final class ResultLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultLog.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Bound of the lines waiting in memory for space, per file (~60 000 result lines). */
    static final int MAX_BACKLOG_BYTES = 16 << 20;

    private final AppendOnlyLines results;
    private final AppendOnlyLines alerts;

    public ResultLog(Path dir) throws IOException {
        this(dir, StateWriteFailures.perMinute());
    }

    public ResultLog(Path dir, StateWriteFailures failures) throws IOException {
        results = new AppendOnlyLines(dir.resolve("results.jsonl"), failures);
        alerts = new AppendOnlyLines(dir.resolve("alerts.jsonl"), failures);
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
        StringBuilder all = new StringBuilder();
        StringBuilder alerted = new StringBuilder();
        for (WindowResult r : batch) {
            String line = json(r);
            all.append(line).append('\n');
            if (r.alert()) {
                alerted.append(line).append('\n');
            }
        }
        results.append(all);
        if (alerted.length() > 0) {
            alerts.append(alerted);
        }
    }

    /** Lines kept in memory because the disk refused them (both files). */
    synchronized long backlogBytes() {
        return results.backlog.length() + alerts.backlog.length();
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            results.close();
        } finally {
            alerts.close();
        }
    }

    /** One JSON-lines file: whole lines appended, or kept in memory until they can be. */
    private static final class AppendOnlyLines {
        private final Path file;
        private final FileChannel channel;
        private final StateWriteFailures failures;
        private final StringBuilder backlog = new StringBuilder();

        AppendOnlyLines(Path file, StateWriteFailures failures) throws IOException {
            this.file = file;
            this.failures = failures;
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.position(channel.size());
        }

        void append(CharSequence lines) {
            backlog.append(lines);
            byte[] bytes = backlog.toString().getBytes(StandardCharsets.UTF_8);
            long before = -1;
            try {
                before = channel.position();
                ByteBuffer b = ByteBuffer.wrap(bytes);
                while (b.hasRemaining()) {
                    channel.write(b);
                }
                backlog.setLength(0); // no failures.succeeded(): see the class comment
            } catch (IOException e) {
                failures.failed(bytes.length + " bytes of " + file.getFileName(), e);
                cutBack(before);
                bound();
            }
        }

        /** Removes what a failed write left of a line: the file holds whole lines only. */
        private void cutBack(long to) {
            if (to < 0) {
                return;
            }
            try {
                channel.truncate(to);
                channel.position(to);
            } catch (IOException e) {
                LOG.error("cannot cut {} back to {} bytes after a failed write: {}", file, to, e.toString());
            }
        }

        private void bound() {
            if (backlog.length() <= MAX_BACKLOG_BYTES) {
                return;
            }
            int cut = backlog.indexOf("\n", backlog.length() - MAX_BACKLOG_BYTES) + 1;
            long lines = backlog.substring(0, cut).chars().filter(c -> c == '\n').count();
            backlog.delete(0, cut);
            LOG.error("{}: {} lines given up (the disk has been full for {} MB of lines)", file.getFileName(), lines,
                    MAX_BACKLOG_BYTES >> 20);
        }

        void close() throws IOException {
            if (backlog.length() > 0) {
                append("");
            }
            channel.close();
        }
    }
}

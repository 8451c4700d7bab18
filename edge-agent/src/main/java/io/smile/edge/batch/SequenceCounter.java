package io.smile.edge.batch;

import io.smile.edge.EdgeAgentException;
import io.smile.edge.state.StateFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The gateway's batch sequence numbers: strictly increasing, never reused across restarts. The
 * next free number is stored in {@code <state-dir>/sequence} (written atomically and fsync'ed
 * before a number is handed out).
 */
public final class SequenceCounter {
    private final Path file;
    private long next;

    /**
     * @param atLeast the smallest number the counter may hand out (e.g. one past the highest
     *                sequence still found in the outbox), in case the file lags behind
     */
    public SequenceCounter(Path file, long atLeast) throws IOException {
        this.file = file;
        long stored = 0;
        if (Files.isRegularFile(file)) {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            try {
                stored = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new EdgeAgentException("sequence file " + file + " is corrupt ('" + text + "')");
            }
            if (stored < 0) {
                throw new EdgeAgentException("sequence file " + file + " holds a negative number");
            }
        }
        next = Math.max(stored, atLeast);
    }

    /** Reserves and returns the next sequence number (persisted before it is returned). */
    synchronized long reserve() throws IOException {
        long seq = next;
        StateFiles.writeAtomically(file, Long.toString(seq + 1).getBytes(StandardCharsets.US_ASCII));
        next = seq + 1;
        return seq;
    }

    synchronized long peek() {
        return next;
    }
}

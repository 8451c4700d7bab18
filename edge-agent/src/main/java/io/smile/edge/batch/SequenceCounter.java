package io.smile.edge.batch;

import io.smile.edge.EdgeAgentException;
import io.smile.edge.state.StateFiles;
import io.smile.edge.state.StateWriteFailures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The gateway's batch sequence numbers: strictly increasing, never reused across restarts, also
 * while the disk is full. {@code <state-dir>/sequence} holds a number that no number handed out so
 * far reaches (written atomically and fsync'ed before a number below it is handed out). The counter
 * reserves numbers in blocks of {@link #BLOCK} and renews the reservation when half of it is used,
 * so a full disk leaves it half a block of numbers (512 batches, ~8 minutes at one batch per
 * second) before it must refuse; a restart continues above the reservation (a gap, which the
 * cloud's de-duplication tolerates). A number reused after a crash would be answered by the cloud
 * with the stored result of another batch.
 */
public final class SequenceCounter {
    /** Numbers reserved per write of the file. */
    static final long BLOCK = 1024;

    private final Path file;
    private final StateWriteFailures failures;
    private long next;
    /** Every number below it may have been handed out (what the file says). */
    private long reservedUpTo;

    /**
     * @param atLeast the smallest number the counter may hand out (e.g. one past the highest
     *                sequence still found in the outbox), in case the file lags behind
     */
    public SequenceCounter(Path file, long atLeast) throws IOException {
        this(file, atLeast, StateWriteFailures.perMinute());
    }

    public SequenceCounter(Path file, long atLeast, StateWriteFailures failures) throws IOException {
        this.file = file;
        this.failures = failures;
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
        reservedUpTo = next;
    }

    /**
     * Reserves and returns the next sequence number (persisted before it is returned).
     *
     * @throws IOException if the reservation is used up and the file cannot be written
     */
    synchronized long reserve() throws IOException {
        if (reservedUpTo - next <= BLOCK / 2) {
            long upTo = next + BLOCK;
            try {
                StateFiles.writeAtomically(file, Long.toString(upTo).getBytes(StandardCharsets.US_ASCII));
                reservedUpTo = upTo;
                failures.succeeded("sequence reservation");
            } catch (IOException e) {
                failures.failed("sequence reservation (" + (reservedUpTo - next) + " numbers left)", e);
                if (next >= reservedUpTo) {
                    throw e;
                }
            }
        }
        return next++;
    }

    synchronized long peek() {
        return next;
    }
}

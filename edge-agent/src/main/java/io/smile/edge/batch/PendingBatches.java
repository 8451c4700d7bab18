package io.smile.edge.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.smile.edge.state.StateFiles;
import io.smile.edge.state.StateWriteFailures;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metadata of batches whose encrypted result has not arrived yet (which machine sits in which slot
 * block, when its window was read): in memory and in {@code <dir>/batch-<sequence>.json}, so a
 * result that arrives after a restart can still be attributed. Holds no sensor values. Entries are
 * removed when their result has been recorded ({@link #remove}), when the cloud refused the batch
 * for good, when their batch was dropped from a full outbox, or after a maximum age; the
 * {@link Listener} hears of results and refusals (the batch's delivery ends with them).
 *
 * <p>An entry whose file cannot be written (disk full) stays in memory and is written with the next
 * {@link #put}; the failure is counted and logged by {@link StateWriteFailures}.
 */
public final class PendingBatches {
    private static final Logger LOG = LoggerFactory.getLogger(PendingBatches.class);
    private static final Pattern NAME = Pattern.compile("batch-(\\d{19})\\.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One window of a pending batch: machine, read time of its last sample, that sample's sequence. */
    public record Window(String machineId, long readAtMillis, long sampleSequence) {
    }

    /** A batch waiting for its result. */
    public record Batch(long sequence, long createdAtMillis, String modelId, List<Window> windows) {
        public Batch {
            windows = List.copyOf(windows);
        }
    }

    /** What the cloud answered for a pending batch. */
    public interface Listener {
        /** A result for the batch arrived (and was recorded, or was unusable): its delivery is over. */
        void answered(long sequence);

        /** The cloud refused the batch: {@code retryAfterMillis} &gt; 0 = keep it and re-send then. */
        void refused(Batch batch, String status, long retryAfterMillis);
    }

    private static final Listener NO_LISTENER = new Listener() {
        @Override
        public void answered(long sequence) {
        }

        @Override
        public void refused(Batch batch, String status, long retryAfterMillis) {
        }
    };

    private final Path dir;
    private final NavigableMap<Long, Batch> batches = new ConcurrentSkipListMap<>();
    /** Entries in memory whose file could not be written yet. */
    private final NavigableMap<Long, Batch> unsaved = new ConcurrentSkipListMap<>();
    private final StateWriteFailures failures;
    private volatile Listener listener = NO_LISTENER;

    public PendingBatches(Path dir) throws IOException {
        this(dir, StateWriteFailures.perMinute());
    }

    public PendingBatches(Path dir, StateWriteFailures failures) throws IOException {
        this.dir = dir;
        this.failures = failures;
        StateFiles.createPrivateDirectory(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.startsWith(StateFiles.TEMP_PREFIX)) {
                    Files.deleteIfExists(f);
                    continue;
                }
                Matcher m = NAME.matcher(name);
                if (m.matches()) {
                    try {
                        Batch b = JSON.readValue(f.toFile(), Batch.class);
                        batches.put(b.sequence(), b);
                    } catch (IOException e) {
                        LOG.warn("ignoring unreadable pending-batch file {}: {}", f, e.getMessage());
                    }
                }
            }
        }
        if (!batches.isEmpty()) {
            LOG.info("{} batches from a previous run still wait for their results", batches.size());
        }
    }

    private Path file(long sequence) {
        return dir.resolve(String.format("batch-%019d.json", sequence));
    }

    /** Remembers a batch, on disk unless the disk refuses it (then in memory until a later put writes it). */
    void put(Batch batch) throws IOException {
        byte[] json = JSON.writeValueAsBytes(batch);
        batches.put(batch.sequence(), batch);
        for (Batch b : unsaved.values()) {
            if (!write(b, JSON.writeValueAsBytes(b))) {
                unsaved.put(batch.sequence(), batch);
                return;
            }
        }
        if (!write(batch, json)) {
            unsaved.put(batch.sequence(), batch);
        }
    }

    private synchronized boolean write(Batch b, byte[] json) {
        if (!batches.containsKey(b.sequence())) {
            unsaved.remove(b.sequence()); // forgotten meanwhile: no file to leave behind
            return true;
        }
        try {
            StateFiles.writeAtomically(file(b.sequence()), json);
            unsaved.remove(b.sequence());
            failures.succeeded("pending batch " + b.sequence());
            return true;
        } catch (IOException e) {
            failures.failed("pending batch " + b.sequence(), e);
            return false;
        }
    }

    public Batch get(long sequence) {
        return batches.get(sequence);
    }

    /** Set once, before results can arrive. */
    public void setListener(Listener l) {
        this.listener = l;
    }

    /** The result of the batch arrived: forgets it and tells the listener (its delivery is over). */
    public boolean remove(long sequence) {
        boolean removed = forget(sequence);
        if (removed) {
            listener.answered(sequence);
        }
        return removed;
    }

    /** The cloud refused the batch (ResultBatch status other than ok); the listener decides what follows. */
    public void refused(long sequence, String status, long retryAfterMillis) {
        Batch b = batches.get(sequence);
        if (b != null) {
            listener.refused(b, status, retryAfterMillis);
        }
    }

    /** Forgets the batch without a result (dropped, refused for good, given up). */
    boolean forget(long sequence) {
        Batch b;
        synchronized (this) { // not while write() creates its file
            b = batches.remove(sequence);
            unsaved.remove(sequence);
            try {
                Files.deleteIfExists(file(sequence));
            } catch (IOException e) {
                LOG.warn("cannot delete pending-batch file of batch {}: {}", sequence, e.toString());
            }
        }
        return b != null;
    }

    /** Entries held in memory only (their file could not be written). */
    public int unsaved() {
        return unsaved.size();
    }

    /** Forgets the entries created before {@code cutoffMillis} and returns them. */
    List<Batch> expire(long cutoffMillis) {
        List<Batch> old = new ArrayList<>();
        for (Map.Entry<Long, Batch> e : batches.entrySet()) {
            if (e.getValue().createdAtMillis() < cutoffMillis) {
                old.add(e.getValue());
            }
        }
        old.forEach(b -> forget(b.sequence()));
        return old;
    }

    public OptionalLong last() {
        return batches.isEmpty() ? OptionalLong.empty() : OptionalLong.of(batches.lastKey());
    }

    public int size() {
        return batches.size();
    }
}

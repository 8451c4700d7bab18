package io.smile.edge.batch;

import io.smile.edge.state.StateFiles;
import io.smile.edge.state.StateWriteFailures;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable queue of encoded feature batches waiting for their result: one file per sequence number
 * ({@code <dir>/batch-<sequence>.smfb}), written atomically (temp file, fsync, rename, directory
 * fsync) and deleted when the batch's delivery is over.
 *
 * <p>Bounded by {@code maxBytes}: when a new batch would exceed it, the OLDEST batches are deleted
 * first (logged as errors and counted by the {@code dropped} callback) — the most recent data is
 * the most useful for alerts. A single batch larger than the bound is still kept (the bound is then
 * exceeded by that one batch).
 *
 * <p>When a batch cannot be written (disk full, file size limit), it is held in memory instead and
 * sent from there like the others; each later {@link #add} first writes the held batches (oldest
 * first), so persistence resumes by itself when space returns. The failure is counted and logged by
 * {@link StateWriteFailures}. Held batches are bounded by {@code maxMemoryBytes} (by default a
 * quarter of the heap): beyond it the oldest held batch is dropped like one of a full outbox. A
 * crash loses the held batches (they were never on disk).
 */
public final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final Pattern NAME = Pattern.compile("batch-(\\d{19})\\.smfb");

    private final Path dir;
    private final long maxBytes;
    private final LongConsumer dropped;
    private final NavigableMap<Long, Long> sizes = new ConcurrentSkipListMap<>();
    /** Batches that could not be written (disk full), by sequence: sent from here until written. */
    private final NavigableMap<Long, byte[]> held = new ConcurrentSkipListMap<>();
    private final long maxMemoryBytes;
    private final StateWriteFailures failures;
    /** Held while a held batch is written or a batch's file deleted. */
    private final Object files = new Object();
    private long bytes;
    private long heldBytes;

    public Outbox(Path dir, long maxBytes, LongConsumer dropped) throws IOException {
        this(dir, maxBytes, Runtime.getRuntime().maxMemory() / 4, dropped, StateWriteFailures.perMinute());
    }

    /**
     * @param maxMemoryBytes bound of the batches held in memory while they cannot be written
     * @param failures       counts and logs the writes that failed
     */
    public Outbox(Path dir, long maxBytes, long maxMemoryBytes, LongConsumer dropped, StateWriteFailures failures)
            throws IOException {
        if (maxBytes < 1 || maxMemoryBytes < 1) {
            throw new IllegalArgumentException("outbox size limits must be positive");
        }
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.maxMemoryBytes = maxMemoryBytes;
        this.dropped = dropped;
        this.failures = failures;
        StateFiles.createPrivateDirectory(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.startsWith(StateFiles.TEMP_PREFIX)) {
                    Files.deleteIfExists(f); // an interrupted write: never renamed, never acknowledged
                    continue;
                }
                Matcher m = NAME.matcher(name);
                if (m.matches()) {
                    long size = Files.size(f);
                    sizes.put(Long.parseLong(m.group(1)), size);
                    bytes += size;
                }
            }
        }
        if (!sizes.isEmpty()) {
            LOG.info("outbox {}: {} batches ({} bytes) from a previous run wait to be sent", dir, sizes.size(), bytes);
        }
    }

    private Path file(long sequence) {
        return dir.resolve(String.format("batch-%019d.smfb", sequence));
    }

    /**
     * Stores a batch durably, or in memory while the disk refuses it; drops the oldest batches first
     * if a size bound requires it.
     */
    void add(long sequence, byte[] payload) throws IOException {
        List<Long> drop = new ArrayList<>();
        synchronized (this) {
            while (!sizes.isEmpty() && bytes + payload.length > maxBytes) {
                Map.Entry<Long, Long> oldest = sizes.pollFirstEntry();
                bytes -= oldest.getValue();
                byte[] h = held.remove(oldest.getKey());
                heldBytes -= h == null ? 0 : h.length;
                drop.add(oldest.getKey());
            }
        }
        for (long seq : drop) {
            Files.deleteIfExists(file(seq));
            LOG.error("outbox full ({} MB limit): dropped the oldest unsent batch {} (its windows are lost)",
                    maxBytes >> 20, seq);
            dropped.accept(seq);
        }
        if (writeHeld() && write(sequence, payload)) {
            synchronized (this) {
                sizes.put(sequence, (long) payload.length);
                bytes += payload.length;
            }
            return;
        }
        hold(sequence, payload);
    }

    /** Writes a batch; false (counted, logged, kept by the caller) if the disk refused it. */
    private boolean write(long sequence, byte[] payload) {
        try {
            StateFiles.writeAtomically(file(sequence), payload);
            failures.succeeded("outbox batch " + sequence);
            return true;
        } catch (IOException e) {
            failures.failed("outbox batch " + sequence, e);
            return false;
        }
    }

    /** Writes the batches held in memory, oldest first; false at the first the disk still refuses. */
    private boolean writeHeld() {
        for (Map.Entry<Long, byte[]> e : held.entrySet()) {
            synchronized (files) { // a remove() meanwhile must not leave the file behind
                if (!held.containsKey(e.getKey())) {
                    continue;
                }
                if (!write(e.getKey(), e.getValue())) {
                    return false;
                }
                synchronized (this) {
                    if (held.remove(e.getKey()) != null) {
                        heldBytes -= e.getValue().length;
                    }
                }
            }
        }
        return true;
    }

    private void hold(long sequence, byte[] payload) throws IOException {
        List<Long> drop = new ArrayList<>();
        synchronized (this) {
            while (!held.isEmpty() && heldBytes + payload.length > maxMemoryBytes) {
                Map.Entry<Long, byte[]> oldest = held.pollFirstEntry();
                heldBytes -= oldest.getValue().length;
                Long size = sizes.remove(oldest.getKey());
                bytes -= size == null ? 0 : size;
                drop.add(oldest.getKey());
            }
            held.put(sequence, payload);
            heldBytes += payload.length;
            sizes.put(sequence, (long) payload.length);
            bytes += payload.length;
        }
        for (long seq : drop) {
            LOG.error("outbox: disk full and {} MB of batches held in memory: dropped the oldest held batch {} (its windows"
                    + " are lost)", maxMemoryBytes >> 20, seq);
            dropped.accept(seq);
        }
    }

    /** The stored bytes of a batch, or null if it is no longer in the outbox. */
    public byte[] read(long sequence) throws IOException {
        byte[] h = held.get(sequence);
        if (h != null) {
            return h;
        }
        try {
            return Files.readAllBytes(file(sequence));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Deletes a batch after its acknowledgement; false if it was already gone. */
    public boolean remove(long sequence) throws IOException {
        Long size;
        synchronized (files) {
            synchronized (this) {
            size = sizes.remove(sequence);
            if (size != null) {
                bytes -= size;
            }
                byte[] h = held.remove(sequence);
                heldBytes -= h == null ? 0 : h.length;
            }
            if (size == null) {
                return false;
            }
            Files.deleteIfExists(file(sequence));
        }
        return true;
    }

    /** The smallest stored sequence &ge; {@code from}. */
    public OptionalLong next(long from) {
        Long k = sizes.ceilingKey(from);
        return k == null ? OptionalLong.empty() : OptionalLong.of(k);
    }

    OptionalLong first() {
        return sizes.isEmpty() ? OptionalLong.empty() : OptionalLong.of(sizes.firstKey());
    }

    public OptionalLong last() {
        return sizes.isEmpty() ? OptionalLong.empty() : OptionalLong.of(sizes.lastKey());
    }

    boolean contains(long sequence) {
        return sizes.containsKey(sequence);
    }

    public int size() {
        return sizes.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    /** Batches held in memory because the disk refused them. */
    public int held() {
        return held.size();
    }

    Path directory() {
        return dir;
    }
}

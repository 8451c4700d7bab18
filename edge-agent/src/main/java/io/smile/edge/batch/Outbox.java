package io.smile.edge.batch;

import io.smile.edge.state.StateFiles;
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
 * Durable queue of encoded feature batches waiting for the broker's acknowledgement: one file per
 * sequence number ({@code <dir>/batch-<sequence>.smfb}), written atomically (temp file, fsync,
 * rename, directory fsync) and deleted only after the broker acknowledged the QoS 1 publish.
 *
 * <p>Bounded by {@code maxBytes}: when a new batch would exceed it, the OLDEST batches are deleted
 * first (logged as errors and counted by the {@code dropped} callback) — the most recent data is
 * the most useful for alerts. A single batch larger than the bound is still kept (the bound is then
 * exceeded by that one batch).
 */
public final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    private static final Pattern NAME = Pattern.compile("batch-(\\d{19})\\.smfb");

    private final Path dir;
    private final long maxBytes;
    private final LongConsumer dropped;
    private final NavigableMap<Long, Long> sizes = new ConcurrentSkipListMap<>();
    private long bytes;

    public Outbox(Path dir, long maxBytes, LongConsumer dropped) throws IOException {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("outbox size limit must be positive");
        }
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.dropped = dropped;
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

    /** Stores a batch durably; drops the oldest batches first if the size bound requires it. */
    void add(long sequence, byte[] payload) throws IOException {
        List<Long> drop = new ArrayList<>();
        synchronized (this) {
            while (!sizes.isEmpty() && bytes + payload.length > maxBytes) {
                Map.Entry<Long, Long> oldest = sizes.pollFirstEntry();
                bytes -= oldest.getValue();
                drop.add(oldest.getKey());
            }
        }
        for (long seq : drop) {
            Files.deleteIfExists(file(seq));
            LOG.error("outbox full ({} MB limit): dropped the oldest unsent batch {} (its windows are lost)",
                    maxBytes >> 20, seq);
            dropped.accept(seq);
        }
        StateFiles.writeAtomically(file(sequence), payload);
        synchronized (this) {
            sizes.put(sequence, (long) payload.length);
            bytes += payload.length;
        }
    }

    /** The stored bytes of a batch, or null if it is no longer in the outbox. */
    public byte[] read(long sequence) throws IOException {
        try {
            return Files.readAllBytes(file(sequence));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Deletes a batch after its acknowledgement; false if it was already gone. */
    public boolean remove(long sequence) throws IOException {
        Long size;
        synchronized (this) {
            size = sizes.remove(sequence);
            if (size != null) {
                bytes -= size;
            }
        }
        if (size == null) {
            return false;
        }
        Files.deleteIfExists(file(sequence));
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

    Path directory() {
        return dir;
    }
}

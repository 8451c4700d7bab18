package io.smile.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small file system of a test's own, for a real "disk full": a tmpfs of a given size mounted on a
 * directory ({@code mount -t tmpfs}; needs root or CAP_SYS_ADMIN, which CI's container and this
 * machine give), which {@link #fill()} fills to the last byte with a filler file and {@link #free()}
 * empties again. Writes of anything on it fail with "No space left on device" meanwhile — the
 * kernel's own error, no mock. {@link #mount} says why when it cannot mount, so a test can skip.
 */
public final class SmallFileSystem implements AutoCloseable {
    private static final String FILLER = ".disk-filler";
    private final Path dir;
    private boolean mounted = true;

    private SmallFileSystem(Path dir) {
        this.dir = dir;
    }

    /** Why a mount is refused, or the file system mounted on {@code dir} (created if absent). */
    public static Mount mount(Path dir, long bytes) {
        if (bytes < 4096) {
            throw new IllegalArgumentException("at least one page");
        }
        try {
            Files.createDirectories(dir);
            Result r = run(List.of("mount", "-t", "tmpfs", "-o", "size=" + bytes + ",mode=0700", "tmpfs",
                    dir.toAbsolutePath().toString()));
            return r.ok() ? new Mount(new SmallFileSystem(dir), null)
                    : new Mount(null, "mount -t tmpfs on " + dir + " refused (exit " + r.exit() + "): " + r.output().strip());
        } catch (IOException e) {
            return new Mount(null, "cannot run mount: " + e.getMessage());
        }
    }

    /** The outcome of {@link #mount}: the file system, or why there is none. */
    public record Mount(SmallFileSystem fileSystem, String refusedBecause) {
        public boolean mounted() {
            return fileSystem != null;
        }
    }

    public Path directory() {
        return dir;
    }

    /** Bytes still free. */
    public long usableBytes() throws IOException {
        return Files.getFileStore(dir).getUsableSpace();
    }

    /**
     * Fills the file system: a filler file grows until the kernel answers "no space"; returns its size.
     * Whatever is freed later (a file deleted) is taken again by calling it once more.
     */
    public long fill() throws IOException {
        ByteBuffer block = ByteBuffer.allocate(64 << 10);
        try (FileChannel ch = FileChannel.open(dir.resolve(FILLER), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            try {
                while (true) {
                    block.clear();
                    while (block.hasRemaining()) {
                        ch.write(block);
                    }
                }
            } catch (IOException full) {
                // the point: no space left
            }
            // the last partial page: byte by byte
            try {
                ByteBuffer one = ByteBuffer.allocate(1);
                while (true) {
                    one.clear();
                    ch.write(one);
                }
            } catch (IOException full) {
                // full to the last byte
            }
            return ch.size();
        }
    }

    /** Deletes the filler: the space is back. */
    public void empty() throws IOException {
        Files.deleteIfExists(dir.resolve(FILLER));
    }

    /** Unmounts (lazily if a process still has files open there); the files on it are gone. */
    @Override
    public synchronized void close() {
        if (!mounted) {
            return;
        }
        mounted = false;
        try {
            if (!run(List.of("umount", dir.toAbsolutePath().toString())).ok()) {
                Result lazy = run(List.of("umount", "-l", dir.toAbsolutePath().toString()));
                if (!lazy.ok()) {
                    throw new IllegalStateException("cannot unmount " + dir + ": " + lazy.output().strip());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Result(int exit, String output) {
        boolean ok() {
            return exit == 0;
        }
    }

    private static Result run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                Processes.kill(p);
                return new Result(-1, String.join(" ", cmd) + " did not finish within 20 s");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            Processes.kill(p);
            return new Result(-1, "interrupted");
        }
    }
}

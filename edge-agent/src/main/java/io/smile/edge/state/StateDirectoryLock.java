package io.smile.edge.state;

import io.smile.edge.EdgeAgentException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exclusive lock {@code <state-dir>/agent.lock}, held while an agent runs: two agents on one
 * state directory would reuse sequence numbers and fight over the outbox.
 */
public final class StateDirectoryLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StateDirectoryLock.class);

    private final FileChannel channel;
    private final FileLock lock;

    private StateDirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates the state directory if absent (owner-only) and locks it.
     *
     * @throws EdgeAgentException if another agent (in this or another process) holds the lock
     */
    public static StateDirectoryLock acquire(Path dir) throws IOException {
        StateFiles.createPrivateDirectory(dir);
        FileChannel channel = FileChannel.open(dir.resolve("agent.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this JVM
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new EdgeAgentException("another edge agent is using the state directory " + dir);
        }
        return new StateDirectoryLock(channel, lock);
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            LOG.debug("releasing the state directory lock failed", e);
        }
    }
}

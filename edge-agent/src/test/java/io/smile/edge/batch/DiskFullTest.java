package io.smile.edge.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.broker.SmallFileSystem;
import io.smile.edge.state.StateWriteFailures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adversary: a full disk under the state directory (a real 1 MiB tmpfs filled to the last byte,
 * the kernel answering "No space left on device"). Before, the outbox and the pending store threw, the
 * batcher logged "cannot store batch" and counted the windows lost. Now a refused batch is held in
 * memory, readable for sending, written as soon as space returns, and never dropped for the failure.
 * Skipped (saying why) where tmpfs cannot be mounted.
 */
class DiskFullTest {
    @TempDir
    Path tmp;
    private SmallFileSystem fs;
    private final StateWriteFailures failures = StateWriteFailures.perMinute();

    @BeforeEach
    void mountASmallDisk() {
        SmallFileSystem.Mount m = SmallFileSystem.mount(tmp.resolve("disk"), 1 << 20);
        Assumptions.assumeTrue(m.mounted(), () -> "no real disk-full test here: " + m.refusedBecause());
        fs = m.fileSystem();
    }

    @AfterEach
    void unmount() {
        if (fs != null) {
            fs.close();
        }
    }

    private static byte[] payload(int n, int size) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) n);
        return b;
    }

    private static long files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("batch-")).count();
        }
    }

    @Test
    void aBatchTheFullDiskRefusesIsHeldInMemorySentFromThereAndWrittenWhenSpaceReturns() throws Exception {
        List<Long> dropped = new ArrayList<>();
        Path dir = fs.directory().resolve("outbox");
        Outbox o = new Outbox(dir, 512 << 20, 64 << 20, dropped::add, failures);
        o.add(1, payload(1, 40_000));
        fs.fill();
        o.add(2, payload(2, 40_000));
        o.add(3, payload(3, 40_000));

        assertEquals(3, o.size(), "nothing lost to the full disk");
        assertEquals(2, o.held(), "batches 2 and 3 are held in memory");
        assertEquals(1, files(dir), "only batch 1 reached the disk");
        assertArrayEquals(payload(2, 40_000), o.read(2), "a held batch is sent from memory");
        assertEquals(2, o.next(2).getAsLong());
        assertTrue(failures.count() >= 2 && failures.failing());
        assertTrue(dropped.isEmpty());

        assertTrue(o.remove(2), "a held batch answered meanwhile is forgotten");
        fs.empty();
        o.add(4, payload(4, 40_000));
        assertEquals(0, o.held(), "space returned: held batches written with the next batch");
        assertEquals(3, files(dir), "batches 1, 3, 4 on disk, not the answered 2");
        assertFalse(failures.failing());
        Outbox afterRestart = new Outbox(dir, 512 << 20, s -> { });
        assertEquals(List.of(1L, 3L, 4L), List.of(afterRestart.next(0).getAsLong(), afterRestart.next(2).getAsLong(),
                afterRestart.next(4).getAsLong()));
        assertArrayEquals(payload(3, 40_000), afterRestart.read(3));
    }

    @Test
    void heldBatchesAreBoundedDroppingTheOldestHeldOneCounted() throws Exception {
        List<Long> dropped = new ArrayList<>();
        Outbox o = new Outbox(fs.directory().resolve("outbox"), 512 << 20, 100_000, dropped::add, failures);
        fs.fill();
        o.add(1, payload(1, 40_000));
        o.add(2, payload(2, 40_000));
        o.add(3, payload(3, 40_000)); // 120 000 > 100 000 held: batch 1 goes, counted
        assertEquals(List.of(1L), dropped);
        assertEquals(2, o.size());
    }

    @Test
    void aPendingEntryTheDiskRefusesStaysInMemoryAndIsWrittenWhenSpaceReturns() throws Exception {
        Path dir = fs.directory().resolve("pending");
        PendingBatches p = new PendingBatches(dir, failures);
        fs.fill();
        p.put(new PendingBatches.Batch(7, 1000, "m", List.of(new PendingBatches.Window("Mill01", 990, 12))));
        assertEquals("Mill01", p.get(7).windows().get(0).machineId(), "a result arriving now is still attributed");
        assertEquals(1, p.unsaved());
        fs.empty();
        p.put(new PendingBatches.Batch(8, 2000, "m", List.of(new PendingBatches.Window("Mill02", 1990, 13))));
        assertEquals(0, p.unsaved());
        assertEquals(2, new PendingBatches(dir).size(), "both on disk once space returned");
    }

    @Test
    void sequenceNumbersStayUniqueAcrossARestartWhileTheDiskIsFull() throws Exception {
        Path file = fs.directory().resolve("sequence");
        SequenceCounter c = new SequenceCounter(file, 0, failures);
        Set<Long> handedOut = new HashSet<>();
        handedOut.add(c.reserve()); // reserves a block while there is space
        fs.fill();
        for (int i = 0; i < 600; i++) { // past the renewal point: renewals fail, numbers still come
            assertTrue(handedOut.add(c.reserve()));
        }
        assertTrue(failures.count() > 0, "the renewals failed on the full disk");
        // a crash now, and a restart on the same (still full) disk: no number handed out before comes again
        SequenceCounter again = new SequenceCounter(file, 0, failures);
        assertThrows(IOException.class, again::reserve, "without a reservation on disk it must refuse, not guess");
        fs.empty();
        long next = again.reserve();
        assertTrue(handedOut.stream().allMatch(s -> s < next), "restart continues above every number handed out: " + next);
    }
}

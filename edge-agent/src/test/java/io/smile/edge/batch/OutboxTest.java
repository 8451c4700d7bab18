package io.smile.edge.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.edge.state.StateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The durable outbox, the sequence counter and the pending-result store on their own. */
class OutboxTest {
    @TempDir
    Path dir;

    @Test
    void batchesSurviveReopeningInSequenceOrderAndTempFilesAreDiscarded() throws Exception {
        Outbox o = new Outbox(dir.resolve("outbox"), 1 << 20, s -> { });
        o.add(7, new byte[] {7});
        o.add(3, new byte[] {3, 3});
        o.add(5, new byte[] {5});
        assertTrue(o.remove(5));
        assertFalse(o.remove(5));
        Files.write(dir.resolve("outbox").resolve(StateFiles.TEMP_PREFIX + "batch-x"), new byte[] {9});

        Outbox again = new Outbox(dir.resolve("outbox"), 1 << 20, s -> { });
        assertEquals(2, again.size());
        assertEquals(3, again.first().getAsLong());
        assertEquals(7, again.next(4).getAsLong());
        assertEquals(3, again.bytes());
        assertArrayEquals(new byte[] {3, 3}, again.read(3));
        assertNull(again.read(5));
        try (var files = Files.list(dir.resolve("outbox"))) {
            assertEquals(2, files.count());
        }
    }

    @Test
    void aFullOutboxDropsTheOldestBatchesFirst() throws Exception {
        List<Long> dropped = new ArrayList<>();
        Outbox o = new Outbox(dir.resolve("outbox"), 10, dropped::add);
        o.add(0, new byte[4]);
        o.add(1, new byte[4]);
        o.add(2, new byte[4]); // 12 > 10: batch 0 goes
        assertEquals(List.of(0L), dropped);
        assertEquals(1, o.first().getAsLong());
        o.add(3, new byte[9]); // needs 9 of 10: 1 and 2 go
        assertEquals(List.of(0L, 1L, 2L), dropped);
        assertEquals(1, o.size());
        assertEquals(9, o.bytes());
    }

    @Test
    void sequenceNumbersNeverRepeatAcrossRestarts() throws Exception {
        SequenceCounter c = new SequenceCounter(dir.resolve("sequence"), 0);
        assertEquals(0, c.reserve());
        assertEquals(1, c.reserve());
        SequenceCounter again = new SequenceCounter(dir.resolve("sequence"), 0);
        // numbers are reserved in blocks (a full disk must not stop them): a restart continues above the block
        assertEquals(SequenceCounter.BLOCK, again.reserve());
        // an outbox that is ahead of the file wins (a file lagging behind, as written by an older agent)
        Files.writeString(dir.resolve("sequence"), "3");
        assertEquals(10, new SequenceCounter(dir.resolve("sequence"), 10).reserve());
    }

    @Test
    void pendingBatchesAreStoredUntilTheirResultArrives() throws Exception {
        PendingBatches p = new PendingBatches(dir.resolve("pending"));
        p.put(new PendingBatches.Batch(4, 1000, "m", List.of(new PendingBatches.Window("Mill01", 990, 12))));
        p.put(new PendingBatches.Batch(5, 5000, "m", List.of(new PendingBatches.Window("Mill02", 4990, 13))));
        PendingBatches again = new PendingBatches(dir.resolve("pending"));
        assertEquals(2, again.size());
        assertEquals("Mill01", again.get(4).windows().get(0).machineId());
        assertEquals(12, again.get(4).windows().get(0).sampleSequence());
        assertEquals(1, again.expire(2000).size());
        assertTrue(again.remove(5));
        assertEquals(0, new PendingBatches(dir.resolve("pending")).size());
    }
}

package io.smile.edge.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A disk that stays full must not flood the log: one warning per period, every failure counted. */
class StateWriteFailuresTest {
    @Test
    void failedWritesAreCountedAndLoggedOncePerPeriod() {
        AtomicLong now = new AtomicLong(1_000);
        AtomicLong metric = new AtomicLong();
        StateWriteFailures f = new StateWriteFailures(Duration.ofSeconds(60), now::get, metric);
        IOException full = new IOException("No space left on device");
        assertTrue(f.failed("outbox batch 1", full), "the first failure is logged");
        int logged = 0;
        for (int i = 0; i < 100; i++) {
            now.addAndGet(100); // 10 s of failures, one every 100 ms
            logged += f.failed("outbox batch " + i, full) ? 1 : 0;
        }
        assertEquals(0, logged, "no further warning within the period");
        now.addAndGet(60_000);
        assertTrue(f.failed("outbox batch 200", full), "one more after a period");
        assertEquals(102, metric.get());
        assertTrue(f.failing());
        f.succeeded("outbox batch 201");
        assertFalse(f.failing());
        assertFalse(f.failed("outbox batch 202", full), "a disk that fills again within the period: still once per period");
    }
}

package io.smile.edge.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The end-to-end acknowledgement's bookkeeping on a test clock: when a batch is due again, backoff, pauses. */
class DeliveryTrackerTest {
    private final AtomicLong now = new AtomicLong(1_000_000);
    private final DeliveryTracker t = new DeliveryTracker(Duration.ofSeconds(10), Duration.ofSeconds(35), now::get);

    @Test
    void aBatchIsDueWhenItsResultIsOverdueWithADoublingTimeout() {
        t.published(4);
        now.addAndGet(3_600_000);
        assertEquals(List.of(), t.due(), "no timer before the broker's acknowledgement (the session resends)");
        assertTrue(t.brokerAcknowledged(4), "first acknowledgement");
        now.addAndGet(9_999);
        assertEquals(List.of(), t.due());
        now.addAndGet(1);
        assertEquals(List.of(4L), t.due(), "overdue after 10 s");
        t.resending(4);
        t.published(4);
        assertEquals(List.of(), t.due(), "re-sent: waits for the broker again");
        assertFalse(t.brokerAcknowledged(4), "a re-send's acknowledgement is not a new batch");
        now.addAndGet(19_999);
        assertEquals(List.of(), t.due(), "the second wait is twice as long");
        now.addAndGet(1);
        assertEquals(List.of(4L), t.due());
        t.resending(4);
        t.published(4);
        t.brokerAcknowledged(4);
        now.addAndGet(34_999);
        assertEquals(List.of(), t.due(), "capped at 35 s");
        now.addAndGet(1);
        assertEquals(List.of(4L), t.due());
        assertTrue(t.finished(4), "answered after a re-send: late");
        assertEquals(0, t.size());
    }

    @Test
    void aResultInTimeIsNotLateAndEndsTheTracking() {
        t.published(1);
        t.brokerAcknowledged(1);
        assertTrue(t.isTracked(1));
        assertFalse(t.finished(1));
        assertFalse(t.isTracked(1));
        now.addAndGet(3_600_000);
        assertEquals(List.of(), t.due());
    }

    @Test
    void aRefusalWithRetryKeepsTheBatchAndPausesNewOnesForTheDelay() {
        t.published(7);
        t.brokerAcknowledged(7);
        t.published(8);
        t.brokerAcknowledged(8);
        t.retryLater(7, 2_000);
        assertTrue(t.paused());
        assertEquals(2_000, t.pauseRemainingMillis());
        now.addAndGet(1_999);
        assertEquals(List.of(), t.due());
        assertTrue(t.paused());
        now.addAndGet(1);
        assertEquals(List.of(7L), t.due(), "due exactly after the cloud's delay");
        assertFalse(t.paused());
        assertEquals(0, t.pauseRemainingMillis());
        assertTrue(t.isTracked(8), "the other batch still waits for its result");
    }

    @Test
    void dueBatchesComeOldestFirst() {
        for (long s : new long[] {9, 3, 5}) {
            t.published(s);
            t.brokerAcknowledged(s);
        }
        now.addAndGet(10_000);
        assertEquals(List.of(3L, 5L, 9L), t.due());
    }
}

package io.smile.cloud.intake;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FairExecutorTest {
    private final List<String> ran = new CopyOnWriteArrayList<>();

    private Runnable record(String name, CountDownLatch waitFor, CountDownLatch started) {
        return () -> {
            started.countDown();
            try {
                waitFor.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ran.add(name);
        };
    }

    private static void awaitIdle(FairExecutor e) throws InterruptedException {
        for (int i = 0; i < 3000 && !e.isIdle(); i++) {
            Thread.sleep(10);
        }
        assertTrue(e.isIdle());
    }

    @Test
    void oneKeyRunsSeriallyInOrderAndCannotHoldMoreThanOneWorker() throws Exception {
        FairExecutor e = new FairExecutor(2, 10, 2, "t");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch a1Started = new CountDownLatch(1);
        CountDownLatch none = new CountDownLatch(0);
        // two tasks of a key submitted back to back are both accepted, whether or not the first started
        assertNull(e.submit("a", record("a1", release, a1Started)));
        assertNull(e.submit("a", record("a2", none, new CountDownLatch(1))));
        assertEquals(FairExecutor.Refusal.KEY_FULL, e.submit("a", record("a3", none, new CountDownLatch(1))));
        assertTrue(a1Started.await(10, TimeUnit.SECONDS));
        CountDownLatch b1Done = new CountDownLatch(1);
        assertNull(e.submit("b", () -> {
            ran.add("b1");
            b1Done.countDown();
        }));
        assertTrue(b1Done.await(10, TimeUnit.SECONDS), "b runs on the second worker while a is stuck");
        assertEquals(List.of("b1"), ran, "a2 waits for a1: one worker per key");
        release.countDown();
        awaitIdle(e);
        assertEquals(List.of("b1", "a1", "a2"), ran);
        e.shutdown(5);
        assertEquals(FairExecutor.Refusal.SHUT_DOWN, e.submit("a", () -> { }));
    }

    @Test
    void theTotalNumberOfWaitingTasksIsBounded() throws Exception {
        FairExecutor e = new FairExecutor(1, 1, 10, "t");
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        assertNull(e.submit("a", record("a1", release, started)));
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertNull(e.submit("b", record("b1", new CountDownLatch(0), new CountDownLatch(1))));
        assertEquals(1, e.queued());
        assertEquals(FairExecutor.Refusal.QUEUE_FULL, e.submit("c", () -> { }));
        release.countDown();
        awaitIdle(e);
        assertEquals(List.of("a1", "b1"), ran);
        assertEquals(0, e.queued());
        e.shutdown(5);
    }
}

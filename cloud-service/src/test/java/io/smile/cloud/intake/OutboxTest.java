package io.smile.cloud.intake;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OutboxTest {
    /**
     * The collapse under overload: a worker that publishes waits as long as the MQTT client does. Through the
     * outbox it returns at once while the client is stuck, and every answer still goes out, in order.
     */
    @Test
    void aStuckDownstreamNeverBlocksTheCallerAndAnswersGoOutInOrder() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        List<String> out = new CopyOnWriteArrayList<>();
        try (Outbox o = new Outbox((t, p) -> {
            stuck.await(30, TimeUnit.SECONDS);
            out.add(t);
        }, 10, 1 << 20, "test-outbox")) {
            Thread caller = Thread.currentThread();
            for (int i = 0; i < 5; i++) {
                o.publish("t/" + i, new byte[100]); // returns although the downstream is stuck
            }
            assertSame(caller, Thread.currentThread());
            assertTrue(out.isEmpty());
            stuck.countDown();
            for (int i = 0; i < 500 && out.size() < 5; i++) {
                Thread.sleep(10);
            }
            assertEquals(List.of("t/0", "t/1", "t/2", "t/3", "t/4"), out);
        }
    }

    @Test
    void aFullOutboxRefusesInsteadOfBlockingBoundedInMessagesAndBytes() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch took = new CountDownLatch(1);
        try (Outbox o = new Outbox((t, p) -> {
            took.countDown();
            stuck.await(30, TimeUnit.SECONDS);
        }, 2, 1000, "test-outbox")) {
            o.publish("first", new byte[10]);
            assertTrue(took.await(10, TimeUnit.SECONDS)); // the thread holds it; the queue is empty again
            o.publish("a", new byte[10]);
            o.publish("b", new byte[10]);
            assertThrows(IllegalStateException.class, () -> o.publish("c", new byte[10]), "2 messages at most");
            assertEquals(1, o.refusedCount());
            stuck.countDown();
        }
        try (Outbox o = new Outbox((t, p) -> stuck.await(), 100, 1000, "test-outbox-bytes")) {
            o.publish("a", new byte[600]);
            // "a" may already be taken by the thread; fill until the byte bound refuses
            assertThrows(IllegalStateException.class, () -> {
                for (int i = 0; i < 5; i++) {
                    o.publish("b" + i, new byte[600]);
                }
            });
        }
    }
}

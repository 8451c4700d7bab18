package io.smile.cloud.intake;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * A {@link Publisher} that never blocks its caller: answers are queued (bounded, in messages and in
 * bytes) and handed to the downstream publisher (the MQTT client) by one dedicated thread. So a
 * scoring worker that finished a batch goes on to the next one even while the MQTT client is slow to
 * take publishes (an inbound flood, a reconnection); under overload the workers stay at the
 * saturation rate. When the outbox is full, {@link #publish} throws (the caller counts the answer as
 * not published, and the gateway, which keeps its batch until an answer comes, sends it again).
 * Answers keep their order.
 */
public final class Outbox implements Publisher, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Outbox.class);

    private record Message(String topic, byte[] payload, boolean retained) {
    }

    private final Publisher downstream;
    private final BlockingQueue<Message> queue;
    private final long maxBytes;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    /**
     * @param maxMessages answers waiting at most
     * @param maxBytes    payload bytes waiting at most (one answer larger than that is still taken when the
     *                    outbox is empty)
     */
    public Outbox(Publisher downstream, int maxMessages, long maxBytes, String threadName) {
        if (maxMessages < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("outbox limits must be positive");
        }
        this.downstream = downstream;
        this.queue = new ArrayBlockingQueue<>(maxMessages);
        this.maxBytes = maxBytes;
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues the answer; throws if the outbox is full or closed (never blocks). */
    @Override
    public void publish(String topic, byte[] payload) {
        enqueue(topic, payload, false);
    }

    /** Queues a retained message, in order with the answers; throws if the outbox is full or closed. */
    @Override
    public void publishRetained(String topic, byte[] payload) {
        enqueue(topic, payload, true);
    }

    private void enqueue(String topic, byte[] payload, boolean retained) {
        if (closed) {
            throw new IllegalStateException("outbox closed");
        }
        long after = bytes.addAndGet(payload.length);
        if ((after > maxBytes && after != payload.length) || !queue.offer(new Message(topic, payload, retained))) {
            bytes.addAndGet(-payload.length);
            refused.incrementAndGet();
            throw new IllegalStateException("outbox full (" + queue.size() + " answers, " + bytes.get() + " bytes waiting)");
        }
    }

    private void run() {
        while (!closed || !queue.isEmpty()) {
            Message m;
            try {
                m = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (m == null) {
                continue;
            }
            bytes.addAndGet(-m.payload.length);
            try {
                if (m.retained) {
                    downstream.publishRetained(m.topic, m.payload);
                } else {
                    downstream.publish(m.topic, m.payload);
                }
            } catch (Exception | Error e) {
                failed.incrementAndGet();
                LOG.warnf("answer to %s not published: %s", m.topic, e.toString());
            }
        }
    }

    /** Answers waiting for the publishing thread. */
    public int size() {
        return queue.size();
    }

    /** Answers refused because the outbox was full. */
    public long refusedCount() {
        return refused.get();
    }

    /** Answers the downstream publisher refused. */
    public long failedCount() {
        return failed.get();
    }

    /** Stops taking answers and hands what is waiting downstream (for at most {@code timeoutMillis}). */
    public void close(long timeoutMillis) {
        closed = true;
        try {
            thread.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.interrupt();
    }

    @Override
    public void close() {
        close(5_000);
    }
}

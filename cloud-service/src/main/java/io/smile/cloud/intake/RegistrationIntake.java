package io.smile.cloud.intake;

import io.smile.cloud.scoring.CloudEngine;
import io.smile.cloud.segments.SegmentationEngine;

import io.smile.protocol.ProtocolException;
import io.smile.protocol.Topics;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The registration half shared by {@link CloudEngine} (gateway keys) and {@link SegmentationEngine}
 * (unit keys): key messages ({@code smile/T/ID/...}) are checked for topic and size on the MQTT
 * thread, then registered one at a time on a single bounded registration thread. While a
 * registration (or the start-up load, key {@link #STARTUP}) is pending, {@link #await} lets a
 * request of that id wait (bounded) for it, so a batch sent right after its keys is not refused.
 * {@link #onKeys} never blocks and never throws, and runs the message's {@code ack} exactly once.
 */
public final class RegistrationIntake implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RegistrationIntake.class);
    private static final long WAIT_MS = 120_000;
    static final String STARTUP = "*";

    /** Registers the keys of one id; throws {@link Rejection} to refuse them. */
    public interface Registrar {
        void register(String tenant, String id, byte[] payload) throws Rejection;
    }

    /** Counts and logs a refused registration. */
    public interface Rejections {
        void rejected(String tenant, String id, Reason reason, String detail);
    }

    private final String kind;
    private final int maxBytes;
    private final Registrar registrar;
    private final Rejections rejections;
    private final ThreadPoolExecutor thread;
    private final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

    /**
     * @param kind     the topic kind in log lines ("keys", "segment-keys")
     * @param maxBytes larger payloads are refused ({@code oversized}) before decoding
     */
    public RegistrationIntake(String kind, int maxBytes, String threadName, Registrar registrar, Rejections rejections) {
        this.kind = kind;
        this.maxBytes = maxBytes;
        this.registrar = registrar;
        this.rejections = rejections;
        AtomicInteger n = new AtomicInteger();
        this.thread = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64), r -> {
            Thread t = new Thread(r, threadName + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.AbortPolicy());
    }

    /** A key message arrived. Never blocks, never throws. */
    public void onKeys(String topic, byte[] payload, Runnable ack) {
        String tenant = "?";
        String id = "?";
        boolean queued = false;
        try {
            String[] parts;
            try {
                parts = Topics.parse(topic);
            } catch (ProtocolException e) {
                rejections.rejected(tenant, id, Reason.TOPIC_MISMATCH, "not a " + kind + " topic");
                return;
            }
            tenant = parts[0];
            id = parts[1];
            if (payload.length == 0) {
                LOG.debugf("empty %s message for %s (a cleared retained registration): ignored", kind, id);
                return;
            }
            if (payload.length > maxBytes) {
                rejections.rejected(tenant, id, Reason.OVERSIZED, payload.length + " bytes");
                return;
            }
            String t = tenant;
            String i = id;
            queued = runPending(id, () -> register(t, i, payload), () -> safeAck(ack));
            if (!queued) {
                rejections.rejected(tenant, id, Reason.QUEUE_FULL, "registration queue full");
            }
        } catch (Throwable t) {
            LOG.errorf("%s registration of %s: unexpected %s", kind, id, t.getClass().getName());
            rejections.rejected(tenant, id, Reason.INTERNAL_ERROR, t.getClass().getName());
        } finally {
            if (!queued) {
                safeAck(ack);
            }
        }
    }

    private void register(String tenant, String id, byte[] payload) {
        try {
            registrar.register(tenant, id, payload);
        } catch (Rejection r) {
            rejections.rejected(tenant, id, r.reason(), r.getMessage());
        } catch (Throwable t) {
            LOG.errorf(t, "%s registration of %s: unexpected failure", kind, id);
            rejections.rejected(tenant, id, Reason.INTERNAL_ERROR, t.getClass().getName());
        }
    }

    /** Runs {@code work} on the start-up key: every {@link #await} waits for it. */
    public void runAtStartup(Runnable work) {
        if (!runPending(STARTUP, work, () -> { })) {
            LOG.error("start-up registration work refused: registration queue full");
        }
    }

    /** Queues {@code work} for {@code key} (then {@code after}); false, with nothing pending, if the queue is full. */
    private boolean runPending(String key, Runnable work, Runnable after) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pending.put(key, done);
        try {
            thread.execute(() -> {
                try {
                    work.run();
                } finally {
                    pending.remove(key, done);
                    done.complete(null);
                    after.run();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            pending.remove(key, done);
            done.complete(null);
            return false;
        }
    }

    /** Waits (bounded) until the start-up load and registrations of {@code id} received before now are done. */
    public void await(String id) {
        for (String key : new String[] {STARTUP, id}) {
            CompletableFuture<Void> f = pending.get(key);
            if (f == null) {
                continue;
            }
            try {
                f.get(WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                return; // go on: the lookup decides
            }
        }
    }

    public boolean isIdle() {
        return thread.getActiveCount() == 0 && thread.getQueue().isEmpty();
    }

    /** Runs a message's acknowledgement; a failure (connection gone) only means the broker redelivers. */
    public static void safeAck(Runnable ack) {
        try {
            ack.run();
        } catch (Throwable t) {
            LOG.debugf("acknowledgement failed: %s", t.toString());
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}

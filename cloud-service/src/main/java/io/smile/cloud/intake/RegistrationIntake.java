package io.smile.cloud.intake;

import io.smile.protocol.ProtocolException;
import io.smile.protocol.TenantTopic;
import java.util.EnumMap;
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
 * The one way key registrations of every {@link KeyKind} come in. On the MQTT thread a message is
 * checked for topic and size; then, on the kind's single bounded registration thread, decoded and
 * checked ({@link CheckedRegistration#check}) and handed to the kind's {@link Registrar}. Every
 * refusal, wherever it happens, goes to the kind's {@link Rejections}. Each kind has its own
 * thread and queue, so a unit's registration never waits behind gateways' 45 MB ones.
 *
 * <p>While a registration of an id (or the kind's start-up work, {@link #runAtStartup}) is pending,
 * {@link #await} lets a request of that id wait (bounded) for it, so a batch sent right after its
 * keys is not refused. {@link #onKeys} never blocks and never throws, and runs the message's
 * {@code ack} exactly once.
 */
public final class RegistrationIntake implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RegistrationIntake.class);
    private static final long WAIT_MS = 120_000;
    private static final String STARTUP = "*";
    private static final int QUEUE = 64;

    /** Registers checked keys of one id; throws {@link Rejection} to refuse them. */
    public interface Registrar {
        void register(CheckedRegistration registration) throws Rejection;
    }

    /** Counts and logs a refused registration. */
    public interface Rejections {
        void rejected(String tenant, String id, Reason reason, String detail);
    }

    /** One kind's consumer, thread and pending registrations. */
    private static final class Lane {
        final Registrar registrar;
        final Rejections rejections;
        final ThreadPoolExecutor thread;
        final Map<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();

        Lane(KeyKind kind, Registrar registrar, Rejections rejections) {
            this.registrar = registrar;
            this.rejections = rejections;
            AtomicInteger n = new AtomicInteger();
            this.thread = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE), r -> {
                Thread t = new Thread(r, kind.threadName() + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.AbortPolicy());
        }
    }

    private final int maxBytes;
    private final Map<KeyKind, Lane> lanes = new EnumMap<>(KeyKind.class);

    /** @param maxBytes larger payloads are refused ({@code oversized}) before decoding */
    public RegistrationIntake(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Routes the registrations of {@code kind} to {@code registrar}; once per kind, before the first message. */
    public synchronized void accept(KeyKind kind, Registrar registrar, Rejections rejections) {
        if (lanes.containsKey(kind)) {
            throw new IllegalStateException(kind + " registrations already have a registrar");
        }
        lanes.put(kind, new Lane(kind, registrar, rejections));
    }

    private synchronized Lane lane(KeyKind kind) {
        Lane l = lanes.get(kind);
        if (l == null) {
            throw new IllegalStateException("no registrar for " + kind + " registrations");
        }
        return l;
    }

    /** A key message of that kind arrived. Never blocks, never throws. */
    public void onKeys(KeyKind kind, String topic, byte[] payload, Runnable ack) {
        String tenant = "?";
        String id = "?";
        boolean queued = false;
        Lane lane = null;
        try {
            lane = lane(kind);
            TenantTopic parts;
            try {
                parts = TenantTopic.parse(topic);
            } catch (ProtocolException e) {
                lane.rejections.rejected(tenant, id, Reason.TOPIC_MISMATCH, "not a " + kind.topicKind() + " topic");
                return;
            }
            tenant = parts.tenant();
            id = parts.id();
            if (payload.length == 0) {
                LOG.debugf("empty %s message for %s (a cleared retained registration): ignored", kind.topicKind(), id);
                return;
            }
            if (payload.length > maxBytes) {
                lane.rejections.rejected(tenant, id, Reason.OVERSIZED, payload.length + " bytes");
                return;
            }
            String t = tenant;
            String i = id;
            Lane l = lane;
            queued = runPending(lane, id, () -> register(kind, l, t, i, payload), () -> safeAck(ack));
            if (!queued) {
                lane.rejections.rejected(tenant, id, Reason.QUEUE_FULL, "registration queue full");
            }
        } catch (Throwable t) {
            LOG.errorf("%s registration of %s: unexpected %s", kind.topicKind(), id, t.getClass().getName());
            if (lane != null) {
                lane.rejections.rejected(tenant, id, Reason.INTERNAL_ERROR, t.getClass().getName());
            }
        } finally {
            if (!queued) {
                safeAck(ack);
            }
        }
    }

    private static void register(KeyKind kind, Lane lane, String tenant, String id, byte[] payload) {
        try {
            lane.registrar.register(CheckedRegistration.check(kind, tenant, id, payload));
        } catch (Rejection r) {
            lane.rejections.rejected(tenant, id, r.reason(), r.getMessage());
        } catch (Throwable t) {
            LOG.errorf(t, "%s registration of %s: unexpected failure", kind.topicKind(), id);
            lane.rejections.rejected(tenant, id, Reason.INTERNAL_ERROR, t.getClass().getName());
        }
    }

    /** Runs {@code work} on the kind's registration thread; every {@link #await} of that kind waits for it. */
    public void runAtStartup(KeyKind kind, Runnable work) {
        if (!runPending(lane(kind), STARTUP, work, () -> { })) {
            LOG.errorf("start-up %s registration work refused: registration queue full", kind.noun());
        }
    }

    /** Queues {@code work} for {@code key} (then {@code after}); false, with nothing pending, if the queue is full. */
    private static boolean runPending(Lane lane, String key, Runnable work, Runnable after) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lane.pending.put(key, done);
        try {
            lane.thread.execute(() -> {
                try {
                    work.run();
                } finally {
                    lane.pending.remove(key, done);
                    done.complete(null);
                    after.run();
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            lane.pending.remove(key, done);
            done.complete(null);
            return false;
        }
    }

    /** Waits (bounded) until the kind's start-up work and the registrations of {@code id} received before now are done. */
    public void await(KeyKind kind, String id) {
        Lane lane = lane(kind);
        for (String key : new String[] {STARTUP, id}) {
            CompletableFuture<Void> f = lane.pending.get(key);
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

    /** Whether no registration of that kind is queued or running (tests). */
    public boolean isIdle(KeyKind kind) {
        Lane lane = lane(kind);
        return lane.thread.getActiveCount() == 0 && lane.thread.getQueue().isEmpty();
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
    public synchronized void close() {
        lanes.values().forEach(l -> l.thread.shutdownNow());
    }
}

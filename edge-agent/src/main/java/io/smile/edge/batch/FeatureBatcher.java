package io.smile.edge.batch;

import io.smile.pdm.model.SlotLayout;
import io.smile.edge.metrics.Counters;
import io.smile.edge.window.QuantizedWindow;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeKeyOwner;
import io.smile.protocol.FeatureBatch;
import io.smile.protocol.GatewayIdentity;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packs the collected windows into encrypted feature batches, on time and size only
 * ({@link BatchCutter}): at every batch-interval tick the windows collected at that moment, or at
 * once a full ciphertext's worth ({@code windowsPerBatch}); windows that arrive while a batch is
 * being encrypted wait for the next tick. A batch's windows go into the slot blocks of one
 * plaintext, which is encrypted with the gateway's secret key; the batch gets the next sequence
 * number and the gateway identity's signature, its slot metadata goes to the pending batches and its encoded {@link FeatureBatch} to the
 * outbox. Then {@code stored} is called (the MQTT link looks at the outbox).
 *
 * <p>One thread ({@code edge-batcher-<gateway>}) creates the batches and, every minute, gives up
 * on pending batches older than the result's maximum age (counted and logged as lost).
 */
public final class FeatureBatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeatureBatcher.class);

    private final String gatewayId;
    private final String modelId;
    private final SlotLayout layout;
    private final HeKeyOwner owner;
    /** Signs every batch: the cloud scores only batches signed by the identity it pinned for the gateway. */
    private final GatewayIdentity identity;
    private final int windowsPerBatch;
    private final SequenceCounter sequence;
    private final PendingBatches pending;
    private final Outbox outbox;
    private final Counters counters;
    private final Runnable stored;
    private final BatchCutter<QuantizedWindow> cutter;
    private final BatchOutcomes outcomes;
    private final ScheduledExecutorService exec;
    private volatile boolean closed;

    public FeatureBatcher(String gatewayId, String modelId, SlotLayout layout, HeKeyOwner owner, GatewayIdentity identity,
                          int windowsPerBatch, SequenceCounter sequence, PendingBatches pending, Outbox outbox,
                          Counters counters, BatchOutcomes outcomes, Runnable stored) {
        this.identity = java.util.Objects.requireNonNull(identity, "identity");
        this.gatewayId = gatewayId;
        this.modelId = modelId;
        this.layout = layout;
        this.owner = owner;
        this.windowsPerBatch = windowsPerBatch;
        this.cutter = new BatchCutter<>(windowsPerBatch);
        this.outcomes = outcomes;
        this.sequence = sequence;
        this.pending = pending;
        this.outbox = outbox;
        this.counters = counters;
        this.stored = stored;
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edge-batcher-" + gatewayId);
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Windows per ciphertext: as many slot blocks as the layout has, capped by the gateway
     * profile, the wire format and the configured maximum (0 = no cap).
     */
    public static int capacity(SlotLayout layout, int machinesPerCiphertext, int maxWindowsPerBatch) {
        int capacity = Math.min(layout.windowsPerCiphertext(), machinesPerCiphertext);
        capacity = Math.min(capacity, FeatureBatch.MAX_WINDOWS);
        if (maxWindowsPerBatch > 0) {
            capacity = Math.min(capacity, maxWindowsPerBatch);
        }
        return capacity;
    }

    /** Starts the batch timer and the expiry of pending batches. */
    public void start(Duration batchInterval, Duration resultMaxAge) {
        long interval = batchInterval.toMillis();
        // fixed delay: a tick never fires while the previous batch is still being encrypted
        exec.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
        exec.scheduleWithFixedDelay(() -> expirePending(resultMaxAge), 1, 1, TimeUnit.MINUTES);
    }

    /** Collects a window; a full ciphertext's worth is batched right away. */
    public void accept(QuantizedWindow w) {
        if (cutter.add(w) && !closed) {
            try {
                exec.execute(() -> create(cutter.cutFull()));
            } catch (RejectedExecutionException e) {
                // stopping: close() batches what was collected
            }
        }
    }

    /** One batch-interval tick: batches the windows collected now (called by the timer; tests call it directly). */
    void tick() {
        create(cutter.cutAtTick());
    }

    /** Windows collected and not yet batched. */
    int collected() {
        return cutter.collected();
    }

    /** Encrypts and stores the windows collected so far now; returns when they are in the outbox. */
    public void flush() {
        if (closed) {
            return;
        }
        try {
            CompletableFuture.runAsync(this::tick, exec).get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RejectedExecutionException e) {
            LOG.warn("flush failed: {}", e.toString());
        }
    }

    /** Encrypts and stores the given batches (cut before: windows arriving meanwhile are not added). */
    private void create(List<List<QuantizedWindow>> batches) {
        for (List<QuantizedWindow> batch : batches) {
            try {
                createBatch(batch);
            } catch (RuntimeException e) {
                counters.windowsLost.addAndGet(batch.size());
                LOG.error("creating a feature batch failed ({}): {} windows lost", e.toString(), batch.size());
            }
        }
    }

    private void createBatch(List<QuantizedWindow> batch) {
        long start = System.nanoTime();
        long[] slots = layout.pack(batch.stream().map(QuantizedWindow::block).toList());
        byte[] ciphertext;
        try {
            HeCiphertext ct = owner.encrypt(slots);
            ciphertext = ct.serialize();
        } finally {
            Arrays.fill(slots, 0);
        }
        long seq = -1;
        try {
            seq = sequence.reserve();
            long now = System.currentTimeMillis();
            List<PendingBatches.Window> meta = new ArrayList<>(batch.size());
            List<FeatureBatch.Window> wire = new ArrayList<>(batch.size());
            for (QuantizedWindow w : batch) {
                meta.add(new PendingBatches.Window(w.machineId(), w.readAtMillis(), w.sampleSequence()));
                wire.add(new FeatureBatch.Window(w.machineId(), w.readAtMillis()));
            }
            pending.put(new PendingBatches.Batch(seq, now, modelId, meta));
            byte[] payload = FeatureBatch.signed(identity, gatewayId, seq, now, modelId, wire, ciphertext).encode();
            outbox.add(seq, payload);
            counters.batchesCreated.incrementAndGet();
            counters.windowsBatched.addAndGet(batch.size());
            LOG.debug("batch {}: {} windows encrypted and stored ({} KB) in {} ms", seq, batch.size(),
                    payload.length >> 10, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            counters.windowsLost.addAndGet(batch.size());
            if (seq >= 0) {
                pending.remove(seq);
            }
            LOG.error("cannot store batch {} in the outbox ({}): {} windows lost", seq, e.toString(), batch.size());
            return;
        }
        stored.run();
    }

    private void expirePending(Duration maxAge) {
        try {
            List<PendingBatches.Batch> expired = pending.expire(System.currentTimeMillis() - maxAge.toMillis());
            for (PendingBatches.Batch b : expired) {
                outcomes.lost(b, maxAge);
            }
        } catch (RuntimeException e) {
            LOG.warn("expiring pending batches failed: {}", e.toString());
        }
    }

    /**
     * Stops the timer, waits for a batch being created, then encrypts and stores what is still
     * collected (sent after the next start if the broker does not acknowledge it now).
     */
    @Override
    public void close() {
        closed = true;
        exec.shutdown();
        try {
            if (!exec.awaitTermination(2, TimeUnit.MINUTES)) {
                exec.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        create(cutter.cutAtTick());
    }
}

package io.smile.edge.batch;

import io.smile.edge.metrics.Counters;

/**
 * Counts what becomes of a stored batch: acknowledged by the broker (its windows and bytes were
 * sent) or dropped unsent from a full outbox (its windows are lost, and no result will come for
 * its pending entry).
 */
public final class BatchOutcomes {
    private final PendingBatches pending;
    private final Counters counters;

    public BatchOutcomes(PendingBatches pending, Counters counters) {
        this.pending = pending;
        this.counters = counters;
    }

    /** The broker acknowledged the publish of batch {@code sequence} ({@code payloadBytes} long). */
    public void acknowledged(long sequence, long payloadBytes) {
        counters.batchesAcked.incrementAndGet();
        counters.bytesSent.addAndGet(payloadBytes);
        PendingBatches.Batch b = pending.get(sequence);
        if (b != null) {
            counters.windowsAcked.addAndGet(b.windows().size());
        }
    }

    /** The outbox deleted batch {@code sequence} unsent to make room for a newer one. */
    public void dropped(long sequence) {
        counters.batchesDropped.incrementAndGet();
        PendingBatches.Batch b = pending.get(sequence);
        if (b != null) {
            counters.windowsLost.addAndGet(b.windows().size());
        }
        pending.remove(sequence);
    }
}

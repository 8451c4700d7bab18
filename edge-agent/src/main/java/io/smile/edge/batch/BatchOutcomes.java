package io.smile.edge.batch;

import io.smile.edge.metrics.Counters;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts what becomes of a stored batch and tells the sender ({@link Delivery}) when it is done:
 * sent (first broker acknowledgement), answered (its result arrived), refused by the cloud (for now:
 * kept and re-sent after the cloud's delay; for good: counted as refused), dropped unsent from a
 * full outbox, or given up after the result's maximum age (counted as lost). Nothing ends silently:
 * every end but a result is counted and logged — a refusal once per reason, with counts.
 */
public final class BatchOutcomes implements PendingBatches.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(BatchOutcomes.class);

    /** The sender's side of a batch's end (the MQTT link). */
    public interface Delivery {
        /** The batch needs no further sending: stop tracking it and delete it from the outbox. */
        void finished(long sequence, boolean answered);

        /** The cloud asked for a re-send after {@code retryAfterMillis}; keep the batch. */
        void retryLater(long sequence, long retryAfterMillis);
    }

    private static final Delivery NO_DELIVERY = new Delivery() {
        @Override
        public void finished(long sequence, boolean answered) {
        }

        @Override
        public void retryLater(long sequence, long retryAfterMillis) {
        }
    };

    private final PendingBatches pending;
    private final Counters counters;
    private final Set<String> refusalReasonsLogged = ConcurrentHashMap.newKeySet();
    private volatile Delivery delivery = NO_DELIVERY;

    public BatchOutcomes(PendingBatches pending, Counters counters) {
        this.pending = pending;
        this.counters = counters;
        pending.setListener(this);
    }

    /** Set once the sender exists (before results can arrive). */
    public void setDelivery(Delivery d) {
        this.delivery = d;
    }

    /**
     * The broker acknowledged the first publish of batch {@code sequence} ({@code payloadBytes}
     * long): its windows and bytes count as sent (re-sends are counted apart).
     */
    public void acknowledged(long sequence, long payloadBytes) {
        counters.batchesAcked.incrementAndGet();
        counters.bytesSent.addAndGet(payloadBytes);
        PendingBatches.Batch b = pending.get(sequence);
        if (b != null) {
            counters.windowsAcked.addAndGet(b.windows().size());
        }
    }

    @Override
    public void answered(long sequence) {
        delivery.finished(sequence, true);
    }

    @Override
    public void refused(PendingBatches.Batch batch, String status, long retryAfterMillis) {
        long seq = batch.sequence();
        if (retryAfterMillis > 0) {
            counters.refusalsRetried.incrementAndGet();
            if (refusalReasonsLogged.add("retry:" + status)) {
                LOG.warn("the cloud refused batch {} ({}) and asked for a re-send in {} ms: the batch is kept, new batches"
                        + " wait while such refusals come back (logged once per reason, counted as refusals retried)",
                        seq, status, retryAfterMillis);
            }
            delivery.retryLater(seq, retryAfterMillis);
            return;
        }
        counters.batchesRefused.incrementAndGet();
        counters.windowsRefused.addAndGet(batch.windows().size());
        if (refusalReasonsLogged.add("final:" + status)) {
            LOG.error("the cloud refused batch {} ({}) without a retry: its {} windows get no score (logged once per"
                    + " reason, counted as batches refused)", seq, status, batch.windows().size());
        }
        pending.forget(seq);
        delivery.finished(seq, false);
    }

    /** The outbox deleted batch {@code sequence} unsent to make room for a newer one. */
    public void dropped(long sequence) {
        counters.batchesDropped.incrementAndGet();
        PendingBatches.Batch b = pending.get(sequence);
        if (b != null) {
            counters.windowsLost.addAndGet(b.windows().size());
        }
        pending.forget(sequence);
        delivery.finished(sequence, false);
    }

    /** No result came for {@code batch} within {@code maxAge}: given up, counted as lost. */
    public void lost(PendingBatches.Batch batch, Duration maxAge) {
        counters.batchesLost.incrementAndGet();
        counters.windowsLost.addAndGet(batch.windows().size());
        LOG.error("batch {} got no result within {} (sent and re-sent): given up, its {} windows are lost",
                batch.sequence(), maxAge, batch.windows().size());
        delivery.finished(batch.sequence(), false);
    }
}

package io.smile.edge.result;

import io.smile.edge.WindowResult;
import io.smile.edge.batch.PendingBatches;
import io.smile.edge.metrics.Counters;
import io.smile.he.api.HeException;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import io.smile.pdm.model.SlotLayout;
import io.smile.protocol.ProtocolException;
import io.smile.protocol.ResultBatch;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the cloud's encrypted {@link ResultBatch} into window results: checks that it answers a
 * pending batch of this gateway, decrypts it with the gateway's key, reads window <i>w</i>'s score
 * from slot block <i>w</i>, applies the alert rule {@code score > 0}, appends the results to the
 * {@link ResultLog}, logs alerts, forgets the pending batch and hands every result to the listeners.
 *
 * <p>Malformed, foreign, duplicate and undecryptable results are counted and logged (ids and
 * counts only), never thrown. Scores appear only in the result log, the ALERT lines and the
 * listeners' results.
 */
public final class ResultHandler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResultHandler.class);

    private final String gatewayId;
    private final HeSession session;
    private final HeKeyOwner owner;
    private final SlotLayout layout;
    private final PendingBatches pending;
    private final ResultLog resultLog;
    private final Counters counters;
    private final Iterable<Consumer<WindowResult>> listeners;

    /**
     * @param listeners read on every result, so listeners added later are called too (a
     *                  concurrent collection)
     */
    public ResultHandler(String gatewayId, HeSession session, HeKeyOwner owner, SlotLayout layout, PendingBatches pending,
                         ResultLog resultLog, Counters counters, Iterable<Consumer<WindowResult>> listeners) {
        this.gatewayId = gatewayId;
        this.session = session;
        this.owner = owner;
        this.layout = layout;
        this.pending = pending;
        this.resultLog = resultLog;
        this.counters = counters;
        this.listeners = listeners;
    }

    /** Handles one result message (called on the MQTT callback thread). */
    public void handle(byte[] payload) {
        ResultBatch r;
        try {
            r = ResultBatch.decode(payload);
        } catch (ProtocolException e) {
            counters.resultsIgnored.incrementAndGet();
            LOG.warn("ignoring a malformed result message: {}", e.getMessage());
            return;
        }
        if (!gatewayId.equals(r.gatewayId())) {
            counters.resultsIgnored.incrementAndGet();
            LOG.warn("ignoring a result addressed to gateway {}", r.gatewayId());
            return;
        }
        PendingBatches.Batch meta = pending.get(r.sequence());
        if (meta == null) {
            counters.resultsIgnored.incrementAndGet();
            LOG.debug("ignoring the result of batch {}: not pending (duplicate or expired)", r.sequence());
            return;
        }
        if (r.windows() != meta.windows().size()) {
            counters.resultErrors.incrementAndGet();
            LOG.error("result of batch {} covers {} windows, the batch had {}; ignored", r.sequence(), r.windows(),
                    meta.windows().size());
            pending.remove(r.sequence());
            return;
        }
        if (!r.isScored()) {
            // the cloud refused the batch: kept and re-sent after retryAfterMillis, or counted as refused
            // (the pending batches' listener counts, logs once per reason and tells the sender)
            pending.refused(r.sequence(), r.status(), r.retryAfterMillis());
            return;
        }
        long[] decrypted;
        try {
            decrypted = owner.decryptChecked(session.readCiphertext(r.ciphertext()));
        } catch (HeException e) {
            counters.resultErrors.incrementAndGet();
            LOG.error("cannot decrypt the result of batch {}: {}", r.sequence(), e.getMessage());
            pending.remove(r.sequence());
            return;
        }
        List<WindowResult> results = scores(r, meta, decrypted);
        Arrays.fill(decrypted, 0);
        record(r.sequence(), results);
        pending.remove(r.sequence());
        deliver(results);
    }

    private List<WindowResult> scores(ResultBatch r, PendingBatches.Batch meta, long[] decrypted) {
        long now = System.currentTimeMillis();
        List<WindowResult> results = new ArrayList<>(meta.windows().size());
        for (int w = 0; w < meta.windows().size(); w++) {
            PendingBatches.Window win = meta.windows().get(w);
            long score = layout.scoreOf(decrypted, w);
            results.add(new WindowResult(win.machineId(), win.sampleSequence(), win.readAtMillis(), score, score > 0,
                    r.sequence(), w, r.modelId(), r.modelVersion(), now, now - win.readAtMillis(),
                    r.evaluationMicros()));
        }
        return results;
    }

    private void record(long sequence, List<WindowResult> results) {
        try {
            resultLog.write(results);
        } catch (IOException e) {
            LOG.error("cannot append results of batch {} to the result log: {}", sequence, e.toString());
        }
        counters.resultsReceived.incrementAndGet();
        counters.windowResults.addAndGet(results.size());
        for (WindowResult res : results) {
            if (res.alert()) {
                counters.alerts.incrementAndGet();
                LOG.info("ALERT machine={} score={} latency={}ms (batch {}, window {})", res.machineId(), res.score(),
                        res.latencyMillis(), res.batchSequence(), res.windowIndex());
            }
        }
    }

    private void deliver(List<WindowResult> results) {
        for (Consumer<WindowResult> l : listeners) {
            for (WindowResult res : results) {
                try {
                    l.accept(res);
                } catch (RuntimeException e) {
                    LOG.warn("a result listener failed: {}", e.toString());
                }
            }
        }
    }

    /** Closes the result log. */
    @Override
    public void close() {
        try {
            resultLog.close();
        } catch (IOException e) {
            LOG.warn("closing the result log failed: {}", e.toString());
        }
    }
}

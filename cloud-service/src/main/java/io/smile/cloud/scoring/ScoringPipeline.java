package io.smile.cloud.scoring;

import io.smile.cloud.intake.Publisher;
import io.smile.cloud.intake.Reason;
import io.smile.cloud.intake.Rejection;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeException;
import io.smile.pdm.model.EncryptedScorer;
import io.smile.pdm.model.ScoringPlan;
import io.smile.protocol.FeatureBatch;
import io.smile.protocol.ProtocolException;
import io.smile.protocol.ResultBatch;
import io.smile.protocol.TenantTopic;
import io.smile.protocol.Topics;

/**
 * Scores one feature batch: validates it step by step (each failure is a {@link Rejection} with its
 * reason; the signature by the gateway's pinned identity before anything that consumes its
 * sequence number or budget), charges its windows to the gateway's {@link QueryBudget}, evaluates the model on the
 * ciphertext with the gateway's {@link EncryptedScorer} (decision-only unless the model owner
 * chose to share scores), and publishes the {@link ResultBatch} to the gateway's alert topic. A
 * batch over the budget is not scored: the gateway gets a refused result ({@code over-budget})
 * with the time until the budget allows it. Stateless apart from its collaborators; called
 * concurrently by the workers.
 */
public final class ScoringPipeline {
    /** Waits until a registration of that gateway that arrived earlier has been processed. */
    @FunctionalInterface
    public interface RegistrationBarrier {
        void awaitPending(String gatewayId);
    }

    /** What is known of a batch so far, for the rejection log line (ids and sequence only). */
    public static final class Context {
        String gateway = "?";
        long sequence = -1;

        public String gateway() {
            return gateway;
        }

        public String sequence() {
            return sequence < 0 ? "?" : Long.toString(sequence);
        }
    }

    private final GatewayRegistry gateways;
    private final ModelRegistry models;
    private final CloudMetrics metrics;
    private final Publisher publisher;
    private final RegistrationBarrier barrier;
    private final EncryptedScorer.Output output;

    /** Decision-only scoring. */
    public ScoringPipeline(GatewayRegistry gateways, ModelRegistry models, CloudMetrics metrics, Publisher publisher,
                           RegistrationBarrier barrier) {
        this(gateways, models, metrics, publisher, barrier, EncryptedScorer.Output.DECISION);
    }

    /** @param output what the results carry: decisions (the default) or, if the model owner shares them, scores */
    public ScoringPipeline(GatewayRegistry gateways, ModelRegistry models, CloudMetrics metrics, Publisher publisher,
                           RegistrationBarrier barrier, EncryptedScorer.Output output) {
        this.output = java.util.Objects.requireNonNull(output, "output");
        this.gateways = gateways;
        this.models = models;
        this.metrics = metrics;
        this.publisher = publisher;
        this.barrier = barrier;
    }

    /**
     * Processes a batch received on {@code topic} at {@code receivedAtMillis}.
     *
     * @throws Rejection why it was not scored ({@link Rejection#DUPLICATE} for one already processed)
     */
    public void process(String topic, byte[] payload, long receivedAtMillis, Context ctx) throws Rejection {
        TenantTopic parts;
        try {
            parts = TenantTopic.parse(topic);
        } catch (ProtocolException e) {
            throw new Rejection(Reason.TOPIC_MISMATCH, "not a feature topic");
        }
        ctx.gateway = parts.id();
        if (!"features".equals(parts.kind())) {
            throw new Rejection(Reason.TOPIC_MISMATCH, "not a feature topic");
        }
        FeatureBatch batch;
        try {
            batch = FeatureBatch.decode(payload);
        } catch (ProtocolException e) {
            throw new Rejection(Reason.MALFORMED, e.getMessage());
        }
        ctx.sequence = batch.sequence();
        if (!batch.gatewayId().equals(parts.id())) {
            throw new Rejection(Reason.TOPIC_MISMATCH, "topic gateway differs from the batch's");
        }
        barrier.awaitPending(batch.gatewayId());
        GatewayRegistry.Lease lease = gateways.lease(batch.gatewayId())
                .orElseThrow(() -> new Rejection(Reason.UNKNOWN_GATEWAY, "no keys registered"));
        try (lease) {
            score(parts.tenant(), batch, lease.gateway(), receivedAtMillis);
        }
    }

    private void score(String topicTenant, FeatureBatch batch, GatewayRegistry.Gateway g, long receivedAtMillis)
            throws Rejection {
        if (!g.tenant().equals(topicTenant)) {
            throw new Rejection(Reason.TOPIC_MISMATCH, "gateway is registered under another tenant");
        }
        // before the duplicate check, the sequence claim and the budget: a forged batch takes none of them
        if (!batch.signatureValid(g.state().identity())) {
            throw new Rejection(Reason.BAD_SIGNATURE, "not signed by the gateway's identity " + g.state().identityFingerprint());
        }
        DedupWindow dedup = g.state().dedup();
        if (dedup.isDone(batch.sequence())) {
            throw new Rejection(Reason.DUPLICATE, "already processed");
        }
        if (!models.isLoaded()) {
            throw new Rejection(Reason.NO_MODEL, models.problem().orElse("no model loaded"));
        }
        ModelRegistry.LoadedModel model = models.find(batch.modelId())
                .orElseThrow(() -> new Rejection(Reason.UNKNOWN_MODEL, "model not loaded"));
        EncryptedScorer scorer;
        try {
            scorer = g.keys().scorer(model, output);
        } catch (IllegalArgumentException | HeException e) {
            throw new Rejection(Reason.EVALUATION_FAILED, "model does not fit the gateway's parameters: " + e.getMessage());
        }
        int windows = batch.windows().size();
        if (windows > scorer.windowsPerCiphertext()) {
            throw new Rejection(Reason.TOO_MANY_WINDOWS, windows + " > " + scorer.windowsPerCiphertext());
        }
        HeCiphertext ct;
        try {
            ct = g.keys().session().readCiphertext(batch.ciphertext());
        } catch (HeException | IllegalArgumentException e) {
            throw new Rejection(Reason.BAD_CIPHERTEXT, e.getMessage());
        }
        if (ct.parameterFingerprint() != g.keys().fingerprint()) {
            throw new Rejection(Reason.BAD_CIPHERTEXT, "ciphertext of another parameter set");
        }
        ScoringPlan plan = scorer.plan();
        if (ct.level() < plan.minInputLevel()) {
            throw new Rejection(Reason.LEVEL_TOO_LOW, "level " + ct.level() + " < " + plan.minInputLevel());
        }
        if (!dedup.claim(batch.sequence())) {
            throw new Rejection(Reason.DUPLICATE, "already processed or being processed");
        }
        boolean done = false;
        boolean charged = false;
        try {
            // every window is a query of the model: no scoring beyond the budget (docs/pdm-model.md)
            long wait = g.state().budget().tryCharge(windows, receivedAtMillis, gateways.settings().budget());
            if (wait != 0) {
                refuseOverBudget(g, batch, model, windows, receivedAtMillis, wait);
            }
            charged = true;
            long t0 = System.nanoTime();
            HeCiphertext result;
            try {
                result = scorer.score(ct, windows);
            } catch (HeException | IllegalArgumentException | IllegalStateException e) {
                throw new Rejection(Reason.EVALUATION_FAILED, e.getMessage());
            }
            long nanos = System.nanoTime() - t0;
            ResultBatch.Output kind = scorer.output() == EncryptedScorer.Output.SCORE ? ResultBatch.Output.SCORE
                    : ResultBatch.Output.DECISION;
            byte[] out = ResultBatch.scored(batch.gatewayId(), batch.sequence(), model.id(), model.version(), windows,
                    receivedAtMillis, nanos / 1000, kind, result.serialize()).encode();
            try {
                publisher.publish(Topics.alerts(g.tenant(), g.id()), out);
            } catch (Exception e) {
                throw new Rejection(Reason.PUBLISH_FAILED, e.toString());
            }
            gateways.markScored(g, batch.sequence());
            done = true;
            metrics.scored(nanos, out.length);
        } finally {
            if (!done) {
                dedup.release(batch.sequence());
                if (charged) {
                    g.state().budget().refund(windows, receivedAtMillis);
                }
            }
        }
    }

    /**
     * Tells the gateway its batch was not scored and when the budget allows it (capped at
     * {@link ResultBatch#MAX_RETRY_AFTER_MILLIS}; 0, do not retry, for a batch larger than a limit),
     * then rejects it. The sequence stays unprocessed, so the re-sent batch is scored.
     */
    private void refuseOverBudget(GatewayRegistry.Gateway g, FeatureBatch batch, ModelRegistry.LoadedModel model, int windows,
                                  long receivedAtMillis, long wait) throws Rejection {
        long retryAfter = wait == Long.MAX_VALUE ? 0 : Math.min(wait, ResultBatch.MAX_RETRY_AFTER_MILLIS);
        byte[] out = ResultBatch.refused(batch.gatewayId(), batch.sequence(), model.id(), model.version(), windows,
                receivedAtMillis, Reason.OVER_BUDGET.wire(), retryAfter).encode();
        String detail = windows + " windows over the budget " + gateways.settings().budget() + ", retry after " + retryAfter + " ms";
        try {
            publisher.publish(Topics.alerts(g.tenant(), g.id()), out);
        } catch (Exception e) {
            detail += "; the refusal could not be published: " + e;
        }
        throw new Rejection(Reason.OVER_BUDGET, detail);
    }
}

package io.smile.cloud.scoring;

import io.smile.cloud.intake.CheckedRegistration;
import io.smile.cloud.intake.FairExecutor;
import io.smile.cloud.intake.KeyKind;
import io.smile.cloud.intake.Publisher;
import io.smile.cloud.intake.Reason;
import io.smile.cloud.intake.RegistrationIntake;
import io.smile.cloud.intake.Rejection;
import io.smile.cloud.intake.ThrottledWarning;
import io.smile.cloud.mqtt.MqttConnector;
import io.smile.pdm.model.EncryptedScorer;
import io.smile.protocol.FeatureBatch;
import io.smile.protocol.ProtocolException;
import io.smile.protocol.ResultBatch;
import io.smile.protocol.TenantTopic;
import io.smile.protocol.Topics;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Everything the MQTT client hands messages to, independent of MQTT and CDI: a bounded, fair worker
 * pool for feature batches ({@link FairExecutor}: each gateway's batches run one at a time and in
 * order, gateways take turns, so one slow gateway never holds more than one worker; at most
 * {@code maxPendingPerGateway} batches per gateway and {@code queueCapacity} in total wait), the
 * gateway registrations of the {@link RegistrationIntake}, and the rejection bookkeeping (one WARN line and one metric per
 * rejection). {@link #onFeatures} and {@link #onKeys} never block and never throw: they are called
 * on the MQTT client's callback thread. Each message's {@code ack} runs exactly once, when the
 * message is finished with (scored, rejected or dropped), so a batch in progress when the service
 * dies is delivered again by the broker.
 *
 * <p>Nothing is lost silently: a batch refused because its gateway's pending limit or the whole queue
 * is full is answered with {@link ResultBatch#refused} ({@code queue-full}, and a retry delay from the
 * queue depth and the measured service time), so the gateway keeps it and sends it again; a batch the
 * gateway sends again after it was scored (its result did not arrive) is answered with the stored
 * result ({@link ResultCache}: the last {@value #RESULTS_PER_GATEWAY} results, at most
 * {@value #RESULT_BYTES_PER_GATEWAY} bytes, per gateway), not scored twice; a copy of a batch still
 * being scored is ignored (its result will come). Refusals log one WARN line per
 * {@value #REFUSAL_WARN_INTERVAL_MILLIS} ms at most.
 */
public final class CloudEngine implements MqttConnector.Handler, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CloudEngine.class);

    /**
     * Limits of the engine; {@code output}: what results carry, decisions (the default) or, when the
     * model owner shares them ({@code smile.scoring.share-scores}), scores.
     */
    public record Settings(int workers, int queueCapacity, int maxPendingPerGateway, int maxBatchBytes,
                           int maxRegistrationBytes, EncryptedScorer.Output output) {
        public Settings {
            java.util.Objects.requireNonNull(output, "output");
        }

        /** Decision-only scoring. */
        public Settings(int workers, int queueCapacity, int maxPendingPerGateway, int maxBatchBytes, int maxRegistrationBytes) {
            this(workers, queueCapacity, maxPendingPerGateway, maxBatchBytes, maxRegistrationBytes, EncryptedScorer.Output.DECISION);
        }
    }

    /** At most one over-budget WARN per gateway in this time; the others go to DEBUG. */
    static final long OVER_BUDGET_WARN_INTERVAL_MILLIS = 60_000;

    private final Settings settings;
    private final GatewayRegistry gateways;
    private final ModelRegistry models;
    private final CloudMetrics metrics;
    private final ScoringPipeline pipeline;
    private final FairExecutor workers;
    private final RegistrationIntake registrations;
    private final boolean ownsRegistrations;
    private final java.util.Map<String, OverBudgetLog> overBudgetLog = new java.util.concurrent.ConcurrentHashMap<>();

    /** When a gateway's last over-budget WARN was written and how many refusals went to DEBUG since. */
    private static final class OverBudgetLog {
        long warnedAt = Long.MIN_VALUE;
        long suppressed;
    }
    private final Publisher publisher;
    private final ResultCache results = new ResultCache(RESULTS_PER_GATEWAY, RESULT_BYTES_PER_GATEWAY);
    private final ThrottledWarning refusalWarning = new ThrottledWarning(LOG, REFUSAL_WARN_INTERVAL_MILLIS);
    private final StatusReports statuses;

    /** Results kept per gateway for re-sent batches (the edge re-sends only its few unanswered batches). */
    public static final int RESULTS_PER_GATEWAY = 16;
    /** Bytes of results kept per gateway, at most. */
    public static final long RESULT_BYTES_PER_GATEWAY = 8L << 20;
    static final long REFUSAL_WARN_INTERVAL_MILLIS = 10_000;

    /** With an intake of its own (tests, embedding). */
    public CloudEngine(Settings settings, GatewayRegistry gateways, ModelRegistry models, CloudMetrics metrics,
                       Publisher publisher) {
        this(settings, gateways, models, metrics, publisher, new RegistrationIntake(settings.maxRegistrationBytes()), true);
    }

    /** Takes the gateway registrations of the service's shared {@code registrations} intake. */
    public CloudEngine(Settings settings, GatewayRegistry gateways, ModelRegistry models, CloudMetrics metrics,
                       Publisher publisher, RegistrationIntake registrations) {
        this(settings, gateways, models, metrics, publisher, registrations, false);
    }

    private CloudEngine(Settings settings, GatewayRegistry gateways, ModelRegistry models, CloudMetrics metrics,
                        Publisher publisher, RegistrationIntake registrations, boolean ownsRegistrations) {
        this.settings = settings;
        this.gateways = gateways;
        this.models = models;
        this.metrics = metrics;
        this.registrations = registrations;
        this.ownsRegistrations = ownsRegistrations;
        this.publisher = publisher;
        this.statuses = new StatusReports(gateways, publisher, System::currentTimeMillis);
        this.pipeline = new ScoringPipeline(gateways, models, metrics, this::publishAndKeep,
                id -> registrations.await(KeyKind.GATEWAY, id), settings.output());
        this.workers = new FairExecutor(settings.workers(), settings.queueCapacity(), settings.maxPendingPerGateway(),
                "smile-worker");
        metrics.gauges(gateways::size, workers::queued);
        registrations.accept(KeyKind.GATEWAY, this::register, this::rejectRegistration);
    }

    public GatewayRegistry gateways() {
        return gateways;
    }

    public ModelRegistry models() {
        return models;
    }

    public CloudMetrics metrics() {
        return metrics;
    }

    public int queueDepth() {
        return workers.queued();
    }

    /** Bytes of results kept for re-sent batches. */
    public long storedResultBytes() {
        return results.bytes();
    }

    /** Loads the persisted registrations on the registration thread; batches of those gateways wait for it. */
    public void loadPersistedAsync() {
        registrations.runAtStartup(KeyKind.GATEWAY, () -> {
            try {
                int n = gateways.loadPersisted();
                LOG.infof("loaded %d persisted gateway registration(s) from %s", n, gateways.settings().dir());
            } catch (RuntimeException e) {
                LOG.error("loading persisted registrations failed", e);
            }
        });
    }

    /** A feature batch arrived. Never blocks, never throws. */
    @Override
    public void onFeatures(String topic, byte[] payload, Runnable ack) {
        long receivedAt = System.currentTimeMillis();
        String gateway = "?";
        boolean queued = false;
        try {
            metrics.received(payload.length);
            gateway = gatewayOf(topic);
            if (payload.length > settings.maxBatchBytes()) {
                reject(gateway, "?", Reason.OVERSIZED, payload.length + " bytes > " + settings.maxBatchBytes());
                return;
            }
            FairExecutor.Refusal refusal = workers.submit(gateway, () -> runBatch(topic, payload, receivedAt, ack));
            if (refusal == null) {
                queued = true;
            } else {
                refuse(topic, payload, receivedAt, gateway, refusal);
            }
        } catch (Throwable t) {
            LOG.errorf("batch from gateway %s: unexpected %s", gateway, t.getClass().getName());
            metrics.rejected(Reason.INTERNAL_ERROR);
        } finally {
            if (!queued) {
                RegistrationIntake.safeAck(ack);
            }
        }
    }

    private void runBatch(String topic, byte[] payload, long receivedAt, Runnable ack) {
        ScoringPipeline.Context ctx = new ScoringPipeline.Context();
        try {
            pipeline.process(topic, payload, receivedAt, ctx);
        } catch (Rejection r) {
            if (r.reason() == Reason.DUPLICATE) {
                answerDuplicate(ctx);
            } else if (r.reason() == Reason.BAD_SIGNATURE || r.reason() == Reason.UNKNOWN_GATEWAY) {
                // not on the alerts topic: a refusal named by sequence alone would let a forged batch end the real one
                statuses.batchRefused(topic, ctx.sequence, payload, r.reason());
            }
            reject(ctx.gateway(), ctx.sequence(), r.reason(), r.getMessage());
        } catch (Throwable t) {
            LOG.errorf(t, "batch gateway=%s sequence=%s: unexpected failure", ctx.gateway(), ctx.sequence());
            reject(ctx.gateway(), ctx.sequence(), Reason.INTERNAL_ERROR, t.getClass().getName());
        } finally {
            RegistrationIntake.safeAck(ack);
        }
    }

    /** The pipeline's publisher: publishes, then keeps a scored result for a re-send of its batch. */
    private void publishAndKeep(String topic, byte[] payload) throws Exception {
        publisher.publish(topic, payload);
        ResultBatch r = ResultBatch.decode(payload);
        if (r.isScored()) {
            results.put(r.gatewayId(), r.sequence(), topic, payload);
        }
    }

    /**
     * A batch already scored or being scored came again: the gateway re-sent it because its result did not
     * arrive. Answers with the stored result; a batch still being scored is left alone (its result will
     * come); one whose result is no longer kept is only counted.
     */
    private void answerDuplicate(ScoringPipeline.Context ctx) {
        long seq = ctx.sequence;
        Optional<ResultCache.Stored> stored = seq < 0 ? Optional.empty() : results.get(ctx.gateway(), seq);
        if (stored.isPresent()) {
            try {
                publisher.publish(stored.get().topic(), stored.get().payload());
                metrics.resent(CloudMetrics.Resent.STORED_RESULT);
                LOG.debugf("re-sent batch answered with its stored result: gateway=%s sequence=%d", ctx.gateway(), seq);
            } catch (Exception e) {
                metrics.resent(CloudMetrics.Resent.NOT_ANSWERED);
                LOG.debugf("stored result of gateway=%s sequence=%d not re-published: %s", ctx.gateway(), seq, e);
            }
            return;
        }
        boolean done = seq >= 0 && gateways.find(ctx.gateway()).map(g -> g.state().dedup().isDone(seq)).orElse(false);
        metrics.resent(done ? CloudMetrics.Resent.NOT_ANSWERED : CloudMetrics.Resent.IN_PROGRESS);
    }

    /**
     * No room for the batch: tells the gateway to keep it and send it again after a delay (from the queue
     * depth and the measured service time), instead of dropping it. Only a registered gateway on its own
     * topic is answered (the refusal goes to its alerts topic); anything else is rejected as before.
     */
    private void refuse(String topic, byte[] payload, long receivedAt, String gateway, FairExecutor.Refusal refusal) {
        String why = refusal == FairExecutor.Refusal.KEY_FULL
                ? "gateway has " + settings.maxPendingPerGateway() + " batches pending" : "worker queue full";
        metrics.rejected(Reason.QUEUE_FULL);
        if (refusal == FairExecutor.Refusal.SHUT_DOWN) {
            LOG.debugf("batch of gateway %s dropped: shutting down (the broker delivers it again)", gateway);
            return;
        }
        String sequence = "?";
        try {
            TenantTopic parts = TenantTopic.parse(topic);
            FeatureBatch batch = FeatureBatch.decode(payload);
            sequence = Long.toString(batch.sequence());
            Optional<GatewayRegistry.Gateway> g = gateways.find(batch.gatewayId());
            if (!batch.gatewayId().equals(parts.id()) || g.isEmpty() || !g.get().tenant().equals(parts.tenant())
                    || !batch.signatureValid(g.get().state().identity())) {
                refusalWarning.warn("batch refused (" + Reason.QUEUE_FULL + ", " + why + "): gateway=" + gateway
                        + " sequence=" + sequence + ", not answered (not a batch signed by a registered gateway on its own topic)");
                return;
            }
            long retry = workers.retryAfterMillis(gateway, refusal);
            byte[] answer = ResultBatch.refused(batch.gatewayId(), batch.sequence(), batch.modelId(), 0,
                    batch.windows().size(), receivedAt, Reason.QUEUE_FULL.wire(), retry).encode();
            publisher.publish(Topics.alerts(parts.tenant(), parts.id()), answer);
            metrics.refusedWithRetry();
            refusalWarning.warn("batch refused (" + Reason.QUEUE_FULL + ", " + why + "): gateway=" + gateway
                    + " sequence=" + sequence + ", asked to retry in " + retry + " ms");
        } catch (Exception e) {
            refusalWarning.warn("batch refused (" + Reason.QUEUE_FULL + ", " + why + "): gateway=" + gateway
                    + " sequence=" + sequence + ", refusal not sent: " + e.getClass().getSimpleName());
        }
    }

    private void reject(String gateway, String sequence, Reason reason, String detail) {
        metrics.rejected(reason);
        if (reason == Reason.DUPLICATE) {
            LOG.debugf("duplicate batch dropped: gateway=%s sequence=%s", gateway, sequence);
            return;
        }
        if (reason == Reason.OVER_BUDGET) {
            warnOverBudget(gateway, sequence, detail);
            return;
        }
        LOG.warnf("batch rejected: gateway=%s sequence=%s reason=%s", gateway, sequence, reason);
        LOG.debugf("batch gateway=%s sequence=%s reason=%s detail: %s", gateway, sequence, reason, detail);
    }

    /** A gateway over its budget sends batch after batch: one WARN per gateway per interval, the rest at DEBUG. */
    private void warnOverBudget(String gateway, String sequence, String detail) {
        OverBudgetLog log = overBudgetLog.computeIfAbsent(gateway, g -> new OverBudgetLog());
        long now = System.currentTimeMillis();
        long suppressed = -1;
        synchronized (log) {
            if (log.warnedAt == Long.MIN_VALUE || now - log.warnedAt >= OVER_BUDGET_WARN_INTERVAL_MILLIS) {
                suppressed = log.suppressed;
                log.warnedAt = now;
                log.suppressed = 0;
            } else {
                log.suppressed++;
            }
        }
        if (suppressed >= 0) {
            LOG.warnf("batch rejected: gateway=%s sequence=%s reason=%s (%d more over-budget batches of this gateway since the last"
                    + " such line; at most one per %d s)", gateway, sequence, Reason.OVER_BUDGET, suppressed,
                    OVER_BUDGET_WARN_INTERVAL_MILLIS / 1000);
        }
        LOG.debugf("batch gateway=%s sequence=%s reason=%s detail: %s", gateway, sequence, Reason.OVER_BUDGET, detail);
    }

    /** A key registration arrived. Never blocks, never throws. */
    @Override
    public void onKeys(String topic, byte[] payload, Runnable ack) {
        metrics.registrationBytes(payload.length);
        registrations.onKeys(KeyKind.GATEWAY, topic, payload, ack);
    }

    private void register(CheckedRegistration reg) throws Rejection {
        long t0 = System.nanoTime();
        String tenant = reg.tenant();
        String gateway = reg.id();
        GatewayRegistry.Outcome outcome = gateways.register(reg);
        if (outcome != GatewayRegistry.Outcome.UNCHANGED) {
            results.forget(gateway); // results under other keys would not decrypt at the gateway
            metrics.registered();
            GatewayRegistry.GatewayInfo info = gateways.info(gateway).orElseThrow();
            LOG.infof("gateway %s of tenant %s %s (parameters %s, block size %d) in %d ms", gateway, tenant,
                    outcome == GatewayRegistry.Outcome.REGISTERED ? "registered" : "re-registered with new keys",
                    info.parameterFingerprint(), info.blockSize(), (System.nanoTime() - t0) / 1_000_000);
        } else {
            LOG.debugf("gateway %s: registration unchanged", gateway);
        }
        statuses.registered(tenant, gateway);
    }

    private void rejectRegistration(String tenant, String gateway, Reason reason, String detail) {
        metrics.registrationRejected(reason);
        statuses.registrationRefused(tenant, gateway, reason);
        LOG.warnf("registration rejected: tenant=%s gateway=%s reason=%s", tenant, gateway, reason);
        LOG.debugf("registration tenant=%s gateway=%s reason=%s detail: %s", tenant, gateway, reason, detail);
    }

    /** Whether no batch or registration is queued or running (tests). */
    public boolean isIdle() {
        return workers.isIdle() && registrations.isIdle(KeyKind.GATEWAY);
    }

    private static String gatewayOf(String topic) {
        try {
            return TenantTopic.parse(topic).id();
        } catch (ProtocolException e) {
            return "?";
        }
    }

    @Override
    public void close() {
        if (ownsRegistrations) {
            registrations.close();
        }
        workers.shutdown(10);
        gateways.close();
    }
}

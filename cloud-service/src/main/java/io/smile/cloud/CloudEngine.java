package io.smile.cloud;

import io.smile.protocol.ProtocolException;
import io.smile.protocol.Topics;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Everything the MQTT client hands messages to, independent of MQTT and CDI: a bounded, fair worker
 * pool for feature batches ({@link FairExecutor}: each gateway's batches run one at a time and in
 * order, gateways take turns, so one slow gateway never holds more than one worker; at most
 * {@code maxPendingPerGateway} batches per gateway and {@code queueCapacity} in total wait), a
 * single registration thread, and the rejection bookkeeping (one WARN line and one metric per
 * rejection). {@link #onFeatures} and {@link #onKeys} never block and never throw: they are called
 * on the MQTT client's callback thread. Each message's {@code ack} runs exactly once, when the
 * message is finished with (scored, rejected or dropped), so a batch in progress when the service
 * dies is delivered again by the broker.
 */
public final class CloudEngine implements MqttConnector.Handler, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(CloudEngine.class);
    private static final long REGISTRATION_WAIT_MS = 120_000;

    /** Limits of the engine. */
    public record Settings(int workers, int queueCapacity, int maxPendingPerGateway, int maxBatchBytes,
                           int maxRegistrationBytes) {
    }

    private final Settings settings;
    private final GatewayRegistry gateways;
    private final ModelRegistry models;
    private final CloudMetrics metrics;
    private final ScoringPipeline pipeline;
    private final FairExecutor workers;
    private final ThreadPoolExecutor registrations;
    private final Map<String, CompletableFuture<Void>> pendingRegistrations = new ConcurrentHashMap<>();

    public CloudEngine(Settings settings, GatewayRegistry gateways, ModelRegistry models, CloudMetrics metrics,
                       ScoringPipeline.Publisher publisher) {
        this.settings = settings;
        this.gateways = gateways;
        this.models = models;
        this.metrics = metrics;
        this.pipeline = new ScoringPipeline(gateways, models, metrics, publisher, this::awaitRegistration);
        this.workers = new FairExecutor(settings.workers(), settings.queueCapacity(), settings.maxPendingPerGateway(),
                "smile-worker");
        this.registrations = new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(64),
                threads("smile-registration"), new ThreadPoolExecutor.AbortPolicy());
        metrics.gauges(gateways::size, workers::queued);
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
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

    /** Loads the persisted registrations on the registration thread; batches of those gateways wait for it. */
    public void loadPersistedAsync() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        pendingRegistrations.put("*", done);
        try {
            registrations.execute(() -> {
                try {
                    int n = gateways.loadPersisted();
                    LOG.infof("loaded %d persisted gateway registration(s) from %s", n, gateways.settings().dir());
                } catch (RuntimeException e) {
                    LOG.error("loading persisted registrations failed", e);
                } finally {
                    pendingRegistrations.remove("*", done);
                    done.complete(null);
                }
            });
        } catch (RejectedExecutionException e) {
            pendingRegistrations.remove("*", done);
            done.complete(null);
        }
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
                reject(gateway, "?", Rejection.OVERSIZED, payload.length + " bytes > " + settings.maxBatchBytes());
                return;
            }
            FairExecutor.Refusal refusal = workers.submit(gateway, () -> runBatch(topic, payload, receivedAt, ack));
            if (refusal == null) {
                queued = true;
            } else {
                reject(gateway, "?", Rejection.QUEUE_FULL, refusal == FairExecutor.Refusal.KEY_FULL
                        ? "gateway has " + settings.maxPendingPerGateway() + " batches pending" : "worker queue full");
            }
        } catch (Throwable t) {
            LOG.errorf("batch from gateway %s: unexpected %s", gateway, t.getClass().getName());
            metrics.rejected(Rejection.INTERNAL_ERROR);
        } finally {
            if (!queued) {
                safeAck(ack);
            }
        }
    }

    private void runBatch(String topic, byte[] payload, long receivedAt, Runnable ack) {
        ScoringPipeline.Context ctx = new ScoringPipeline.Context();
        try {
            pipeline.process(topic, payload, receivedAt, ctx);
        } catch (Rejection r) {
            reject(ctx.gateway(), ctx.sequence(), r.reason(), r.getMessage());
        } catch (Throwable t) {
            LOG.errorf(t, "batch gateway=%s sequence=%s: unexpected failure", ctx.gateway(), ctx.sequence());
            reject(ctx.gateway(), ctx.sequence(), Rejection.INTERNAL_ERROR, t.getClass().getName());
        } finally {
            safeAck(ack);
        }
    }

    private void reject(String gateway, String sequence, String reason, String detail) {
        metrics.rejected(reason);
        if (Rejection.DUPLICATE.equals(reason)) {
            LOG.debugf("duplicate batch dropped: gateway=%s sequence=%s", gateway, sequence);
            return;
        }
        LOG.warnf("batch rejected: gateway=%s sequence=%s reason=%s", gateway, sequence, reason);
        LOG.debugf("batch gateway=%s sequence=%s reason=%s detail: %s", gateway, sequence, reason, detail);
    }

    /** A key registration arrived. Never blocks, never throws. */
    @Override
    public void onKeys(String topic, byte[] payload, Runnable ack) {
        String tenant = "?";
        String gateway = "?";
        boolean queued = false;
        try {
            metrics.registrationBytes(payload.length);
            String[] parts;
            try {
                parts = Topics.parse(topic);
            } catch (ProtocolException e) {
                rejectRegistration(tenant, gateway, Rejection.TOPIC_MISMATCH, "not a keys topic");
                return;
            }
            tenant = parts[0];
            gateway = parts[1];
            if (payload.length == 0) {
                LOG.debugf("empty keys message for gateway %s (a cleared retained registration): ignored", gateway);
                return;
            }
            if (payload.length > settings.maxRegistrationBytes()) {
                rejectRegistration(tenant, gateway, Rejection.OVERSIZED, payload.length + " bytes");
                return;
            }
            String t = tenant;
            String g = gateway;
            CompletableFuture<Void> done = new CompletableFuture<>();
            pendingRegistrations.put(g, done);
            try {
                registrations.execute(() -> runRegistration(t, g, payload, done, ack));
                queued = true;
            } catch (RejectedExecutionException e) {
                pendingRegistrations.remove(g, done);
                done.complete(null);
                rejectRegistration(tenant, gateway, Rejection.QUEUE_FULL, "registration queue full");
            }
        } catch (Throwable t) {
            LOG.errorf("registration of gateway %s: unexpected %s", gateway, t.getClass().getName());
            metrics.registrationRejected(Rejection.INTERNAL_ERROR);
        } finally {
            if (!queued) {
                safeAck(ack);
            }
        }
    }

    private void runRegistration(String tenant, String gateway, byte[] payload, CompletableFuture<Void> done, Runnable ack) {
        try {
            long t0 = System.nanoTime();
            GatewayRegistry.Outcome outcome = gateways.register(tenant, gateway, payload);
            if (outcome != GatewayRegistry.Outcome.UNCHANGED) {
                metrics.registered();
                GatewayRegistry.GatewayInfo info = gateways.info(gateway).orElseThrow();
                LOG.infof("gateway %s of tenant %s %s (parameters %s, block size %d) in %d ms", gateway, tenant,
                        outcome == GatewayRegistry.Outcome.REGISTERED ? "registered" : "re-registered with new keys",
                        info.parameterFingerprint(), info.blockSize(), (System.nanoTime() - t0) / 1_000_000);
            } else {
                LOG.debugf("gateway %s: registration unchanged", gateway);
            }
        } catch (Rejection r) {
            rejectRegistration(tenant, gateway, r.reason(), r.getMessage());
        } catch (Throwable t) {
            LOG.errorf(t, "registration of gateway %s: unexpected failure", gateway);
            rejectRegistration(tenant, gateway, Rejection.INTERNAL_ERROR, t.getClass().getName());
        } finally {
            pendingRegistrations.remove(gateway, done);
            done.complete(null);
            safeAck(ack);
        }
    }

    private void rejectRegistration(String tenant, String gateway, String reason, String detail) {
        metrics.registrationRejected(reason);
        LOG.warnf("registration rejected: tenant=%s gateway=%s reason=%s", tenant, gateway, reason);
        LOG.debugf("registration tenant=%s gateway=%s reason=%s detail: %s", tenant, gateway, reason, detail);
    }

    /** Waits (bounded) until registrations received before now for that gateway, or the startup load, are done. */
    private void awaitRegistration(String gatewayId) {
        for (String key : new String[] {"*", gatewayId}) {
            CompletableFuture<Void> f = pendingRegistrations.get(key);
            if (f == null) {
                continue;
            }
            try {
                f.get(REGISTRATION_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                return;
            }
        }
    }

    /** Whether no batch or registration is queued or running (tests). */
    public boolean isIdle() {
        return workers.isIdle() && registrations.getActiveCount() == 0 && registrations.getQueue().isEmpty();
    }

    private static String gatewayOf(String topic) {
        try {
            return Topics.parse(topic)[1];
        } catch (ProtocolException e) {
            return "?";
        }
    }

    private static void safeAck(Runnable ack) {
        try {
            ack.run();
        } catch (Throwable t) {
            LOG.debugf("acknowledgement failed: %s", t.toString());
        }
    }

    @Override
    public void close() {
        registrations.shutdownNow();
        workers.shutdown(10);
        gateways.close();
    }
}

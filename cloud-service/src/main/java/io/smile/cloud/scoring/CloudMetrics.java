package io.smile.cloud.scoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smile.cloud.intake.Reason;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The service's Micrometer meters. With the Prometheus registry they appear at /q/metrics as
 * {@code smile_batches_received_total}, {@code smile_batches_rejected_total{reason}},
 * {@code smile_batches_scored_total}, {@code smile_bytes_in_total}, {@code smile_bytes_out_total},
 * {@code smile_inference_seconds} (histogram and percentiles), {@code smile_gateways_registered},
 * {@code smile_worker_queue_depth}, {@code smile_registrations_total},
 * {@code smile_registrations_rejected_total{reason}}, {@code smile_batches_refused_retry_total} (refusals
 * answered with a retry delay) and {@code smile_batches_resent_total{answer}} (batches a gateway sent
 * again, by how they were answered).
 */
public final class CloudMetrics {
    private final MeterRegistry registry;
    private final Counter received;
    private final Counter scored;
    private final Counter bytesIn;
    private final Counter bytesOut;
    private final Counter registrations;
    private final Timer inference;
    private final Counter refusedWithRetry;
    private final Map<Resent, Counter> resent = new ConcurrentHashMap<>();
    private final Map<Reason, Counter> rejected = new ConcurrentHashMap<>();

    /** How a batch that came again was answered. */
    public enum Resent {
        /** with the result stored when it was scored */
        STORED_RESULT("stored-result"),
        /** not at all: it is still being scored, its result will come */
        IN_PROGRESS("in-progress"),
        /** not at all: its result is no longer kept, or could not be re-published */
        NOT_ANSWERED("not-answered");

        final String tag;

        Resent(String tag) {
            this.tag = tag;
        }
    }
    private final Map<Reason, Counter> registrationsRejected = new ConcurrentHashMap<>();

    public CloudMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.received = Counter.builder("smile.batches.received").description("Feature batches received").register(registry);
        this.scored = Counter.builder("smile.batches.scored").description("Feature batches scored and answered").register(registry);
        this.bytesIn = Counter.builder("smile.bytes.in").description("MQTT payload bytes received (batches and registrations)")
                .register(registry);
        this.bytesOut = Counter.builder("smile.bytes.out").description("MQTT payload bytes published (results)")
                .register(registry);
        this.registrations = Counter.builder("smile.registrations").description("Gateway key registrations accepted")
                .register(registry);
        this.inference = Timer.builder("smile.inference").description("Encrypted model evaluation time per batch")
                .publishPercentiles(0.5, 0.9, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofSeconds(120))
                .register(registry);
        this.refusedWithRetry = Counter.builder("smile.batches.refused.retry")
                .description("Feature batches refused with a retry delay (queue full): the gateway sends them again")
                .register(registry);
        for (Resent r : Resent.values()) {
            resent.put(r, Counter.builder("smile.batches.resent").description("Feature batches a gateway sent again, by answer")
                    .tag("answer", r.tag).register(registry));
        }
        // every reason at 0 from the start, so dashboards see the series before the first rejection
        Reason.refusing(Reason.Refused.BATCH).forEach(this::rejectedCounter);
        Reason.refusing(Reason.Refused.GATEWAY_KEYS).forEach(this::registrationRejectedCounter);
    }

    public void gauges(Supplier<Number> gateways, Supplier<Number> queueDepth) {
        Gauge.builder("smile.gateways.registered", gateways).description("Gateways with registered keys").register(registry);
        Gauge.builder("smile.worker.queue.depth", queueDepth).description("Feature batches waiting for a worker")
                .register(registry);
    }

    private Counter rejectedCounter(Reason reason) {
        return rejected.computeIfAbsent(reason, r -> Counter.builder("smile.batches.rejected")
                .description("Feature batches rejected, by reason").tag("reason", r.wire()).register(registry));
    }

    private Counter registrationRejectedCounter(Reason reason) {
        return registrationsRejected.computeIfAbsent(reason, r -> Counter.builder("smile.registrations.rejected")
                .description("Gateway key registrations refused, by reason").tag("reason", r.wire()).register(registry));
    }

    public void received(long bytes) {
        received.increment();
        bytesIn.increment(bytes);
    }

    public void registrationBytes(long bytes) {
        bytesIn.increment(bytes);
    }

    public void rejected(Reason reason) {
        rejectedCounter(reason).increment();
    }

    public void registrationRejected(Reason reason) {
        registrationRejectedCounter(reason).increment();
    }

    public void refusedWithRetry() {
        refusedWithRetry.increment();
    }

    public void resent(Resent answer) {
        resent.get(answer).increment();
    }

    public double refusedWithRetryCount() {
        return refusedWithRetry.count();
    }

    public double resentCount(Resent answer) {
        return resent.get(answer).count();
    }

    public void registered() {
        registrations.increment();
    }

    public void scored(long nanos, long bytesPublished) {
        scored.increment();
        inference.record(Duration.ofNanos(nanos));
        bytesOut.increment(bytesPublished);
    }

    public double rejectedCount(Reason reason) {
        return rejectedCounter(reason).count();
    }

    public double registrationRejectedCount(Reason reason) {
        return registrationRejectedCounter(reason).count();
    }

    public double scoredCount() {
        return scored.count();
    }

    public double receivedCount() {
        return received.count();
    }
}

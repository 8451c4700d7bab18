package io.smile.cloud.segments;

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
 * Meters of segment assignment. With the Prometheus registry:
 * {@code smile_segment_requests_total{outcome}} (outcome {@code ok} or the rejection reason),
 * {@code smile_segment_latency_seconds} (receipt to answer, queueing included; histogram and
 * percentiles), {@code smile_segment_registrations_total{outcome}} ({@code registered} or the
 * reason), {@code smile_segment_bytes_in_total}, {@code smile_segment_bytes_out_total},
 * {@code smile_segment_units_registered} and {@code smile_segment_queue_depth}.
 */
public final class SegmentMetrics {
    public static final String OK = "ok";
    public static final String REGISTERED = "registered";

    private final MeterRegistry registry;
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> registrations = new ConcurrentHashMap<>();
    private final Timer latency;
    private final Counter bytesIn;
    private final Counter bytesOut;

    public SegmentMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.latency = Timer.builder("smile.segment.latency")
                .description("Segment request latency, receipt to answer (queueing included)")
                .publishPercentiles(0.5, 0.9, 0.99).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        this.bytesIn = Counter.builder("smile.segment.bytes.in").description("Segment request and key registration bytes received")
                .register(registry);
        this.bytesOut = Counter.builder("smile.segment.bytes.out").description("Segment answer bytes sent").register(registry);
        requestCounter(OK);
        Reason.refusing(Reason.Refused.SEGMENT_REQUEST).forEach(r -> requestCounter(r.wire()));
        registrationCounter(REGISTERED);
        Reason.refusing(Reason.Refused.UNIT_KEYS).forEach(r -> registrationCounter(r.wire()));
    }

    public void gauges(Supplier<Number> units, Supplier<Number> queueDepth) {
        Gauge.builder("smile.segment.units.registered", units).description("Units with registered segment keys")
                .register(registry);
        Gauge.builder("smile.segment.queue.depth", queueDepth).description("Segment requests waiting for a worker")
                .register(registry);
    }

    private Counter requestCounter(String outcome) {
        return requests.computeIfAbsent(outcome, o -> Counter.builder("smile.segment.requests")
                .description("Segment requests, by outcome (ok or the rejection reason)").tag("outcome", o).register(registry));
    }

    private Counter registrationCounter(String outcome) {
        return registrations.computeIfAbsent(outcome, o -> Counter.builder("smile.segment.registrations")
                .description("Segment key registrations, by outcome (registered or the rejection reason)").tag("outcome", o)
                .register(registry));
    }

    public void bytesIn(long n) {
        bytesIn.increment(n);
    }

    public void answered(long latencyNanos, long bytesOut) {
        requestCounter(OK).increment();
        latency.record(Duration.ofNanos(latencyNanos));
        this.bytesOut.increment(bytesOut);
    }

    public void rejected(Reason reason) {
        requestCounter(reason.wire()).increment();
    }

    public void registered() {
        registrationCounter(REGISTERED).increment();
    }

    public void registrationRejected(Reason reason) {
        registrationCounter(reason.wire()).increment();
    }

    /** Requests counted with that outcome ({@link #OK} or a reason's wire name). */
    public double requests(String outcome) {
        return requestCounter(outcome).count();
    }

    public double requests(Reason reason) {
        return requests(reason.wire());
    }

    /** Registrations counted with that outcome ({@link #REGISTERED} or a reason's wire name). */
    public double registrations(String outcome) {
        return registrationCounter(outcome).count();
    }

    public double registrations(Reason reason) {
        return registrations(reason.wire());
    }

    public long latencyCount() {
        return latency.count();
    }

    public double latencyMeanMillis() {
        return latency.mean(java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}

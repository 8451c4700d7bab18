package io.smile.cloud.segments;

import io.smile.cloud.intake.CheckedRegistration;
import io.smile.cloud.intake.FairExecutor;
import io.smile.cloud.intake.KeyKind;
import io.smile.cloud.intake.Publisher;
import io.smile.cloud.intake.Reason;
import io.smile.cloud.intake.RegistrationIntake;
import io.smile.cloud.intake.Rejection;
import io.smile.cloud.mqtt.MqttConnector;
import io.smile.he.api.HeException;
import io.smile.he.api.HeFormatException;
import io.smile.protocol.ProtocolException;
import io.smile.protocol.SegmentRequest;
import io.smile.protocol.SegmentResult;
import io.smile.protocol.TenantTopic;
import io.smile.protocol.Topics;
import io.smile.workforce.SegmentAssignmentService;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Encrypted workforce-segment assignment for organisational units, with the discipline of
 * the scoring engine: key registrations ({@code smile/T/U/segment-keys}) through the shared
 * {@link RegistrationIntake} on its own
 * thread; requests ({@code smile/T/U/segment-requests}, {@link SegmentRequest}) on a bounded, fair
 * worker pool (a unit's requests one at a time, units taking turns); answers
 * ({@link SegmentResult}, same request id) published at QoS 1 on {@code smile/T/U/segment-results}.
 * {@link #onSegmentKeys} and {@link #onSegmentRequest} never block and never throw (they run on the
 * MQTT client's thread); each message's {@code ack} runs once, when it is finished with. Every
 * rejection is one WARN line with ids and the reason (details at DEBUG: never payload contents) and
 * one count of {@code smile_segment_requests_total{outcome=reason}}; a rejected request whose
 * envelope could be read is answered with that reason as status, so the unit does not wait.
 * The same evaluation serves the REST endpoint ({@link #assign}).
 */
public final class SegmentationEngine implements MqttConnector.SegmentHandler, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SegmentationEngine.class);
    private static final long REST_WAIT_MS = 120_000;

    /** Limits. */
    public record Settings(int workers, int queueCapacity, int maxPendingPerUnit, int maxRequestBytes,
                           int maxRegistrationBytes) {
    }

    /** Outcome of a REST assignment: the response bytes, or the rejection reason. */
    public record Answer(byte[] response, Reason reason) {
        public boolean ok() {
            return response != null;
        }
    }

    private final Settings settings;
    private final SegmentUnits units;
    private volatile SegmentModel.Loaded model;
    private final SegmentMetrics metrics;
    private final Publisher publisher;
    private final FairExecutor workers;
    private final RegistrationIntake registrations;
    private final boolean ownsRegistrations;

    /** With an intake of its own (tests, embedding). */
    public SegmentationEngine(Settings settings, SegmentUnits units, SegmentModel.Loaded model, SegmentMetrics metrics,
                              Publisher publisher) {
        this(settings, units, model, metrics, publisher, new RegistrationIntake(settings.maxRegistrationBytes()), true);
    }

    /** Takes the unit registrations of the service's shared {@code registrations} intake. */
    public SegmentationEngine(Settings settings, SegmentUnits units, SegmentModel.Loaded model, SegmentMetrics metrics,
                              Publisher publisher, RegistrationIntake registrations) {
        this(settings, units, model, metrics, publisher, registrations, false);
    }

    private SegmentationEngine(Settings settings, SegmentUnits units, SegmentModel.Loaded model, SegmentMetrics metrics,
                               Publisher publisher, RegistrationIntake registrations, boolean ownsRegistrations) {
        this.settings = settings;
        this.units = units;
        this.model = model;
        this.metrics = metrics;
        this.publisher = publisher;
        this.workers = new FairExecutor(settings.workers(), settings.queueCapacity(), settings.maxPendingPerUnit(),
                "smile-segment");
        this.registrations = registrations;
        this.ownsRegistrations = ownsRegistrations;
        metrics.gauges(units::size, workers::queued);
        registrations.accept(KeyKind.UNIT, this::register, this::rejectRegistration);
    }

    public SegmentUnits units() {
        return units;
    }

    public Optional<SegmentModel> model() {
        return model.model();
    }

    /** Installs a segment model at run time (e.g. the centroids a federated k-means run released). */
    public void install(SegmentModel m) {
        units.install(m);
        model = new SegmentModel.Loaded(Optional.of(m), null);
        LOG.infof("segment model %s installed: k=%d, %d employees per request", m.info().file(), m.k(), m.capacity());
    }

    /** Why there is no model; null when one is loaded. */
    public String modelProblem() {
        return model.problem();
    }

    public SegmentMetrics metrics() {
        return metrics;
    }

    // ------------------------------------------------------------------ registrations

    @Override
    public void onSegmentKeys(String topic, byte[] payload, Runnable ack) {
        metrics.bytesIn(payload.length);
        registrations.onKeys(KeyKind.UNIT, topic, payload, ack);
    }

    private void register(CheckedRegistration reg) throws Rejection {
        long t0 = System.nanoTime();
        String tenant = reg.tenant();
        String unit = reg.id();
        SegmentUnits.Outcome outcome = units.register(reg);
        if (outcome == SegmentUnits.Outcome.UNCHANGED) {
            LOG.debugf("unit %s: segment registration unchanged", unit);
        } else {
            metrics.registered();
            LOG.infof("unit %s of tenant %s %s for segment assignment in %d ms", unit, tenant,
                    outcome == SegmentUnits.Outcome.REGISTERED ? "registered" : "re-registered with new keys",
                    (System.nanoTime() - t0) / 1_000_000);
        }
    }

    private void rejectRegistration(String tenant, String unit, Reason reason, String detail) {
        metrics.registrationRejected(reason);
        LOG.warnf("segment registration rejected: tenant=%s unit=%s reason=%s", tenant, unit, reason);
        LOG.debugf("segment registration tenant=%s unit=%s reason=%s detail: %s", tenant, unit, reason, detail);
    }

    // ------------------------------------------------------------------ requests over MQTT

    @Override
    public void onSegmentRequest(String topic, byte[] payload, Runnable ack) {
        long receivedAt = System.nanoTime();
        long receivedAtMillis = System.currentTimeMillis();
        String unit = "?";
        boolean queued = false;
        try {
            metrics.bytesIn(payload.length);
            TenantTopic parts;
            try {
                parts = TenantTopic.parse(topic);
            } catch (ProtocolException e) {
                reject(unit, "?", Reason.TOPIC_MISMATCH, "not a segment-requests topic");
                return;
            }
            unit = parts.id();
            if (payload.length > settings.maxRequestBytes()) {
                reject(unit, "?", Reason.OVERSIZED, payload.length + " bytes > " + settings.maxRequestBytes());
                return;
            }
            String tenant = parts.tenant();
            String u = unit;
            FairExecutor.Refusal refusal = workers.submit(unit,
                    () -> runRequest(tenant, u, payload, receivedAt, receivedAtMillis, ack));
            if (refusal == null) {
                queued = true;
            } else {
                reject(unit, "?", Reason.QUEUE_FULL, refusal == FairExecutor.Refusal.KEY_FULL
                        ? "unit has " + settings.maxPendingPerUnit() + " requests pending" : "segment queue full");
            }
        } catch (Throwable t) {
            LOG.errorf("segment request of unit %s: unexpected %s", unit, t.getClass().getName());
            metrics.rejected(Reason.INTERNAL_ERROR);
        } finally {
            if (!queued) {
                RegistrationIntake.safeAck(ack);
            }
        }
    }

    private void runRequest(String tenant, String unit, byte[] payload, long receivedAt, long receivedAtMillis, Runnable ack) {
        String requestId = "?";
        try {
            SegmentRequest request;
            try {
                request = SegmentRequest.decode(payload);
            } catch (ProtocolException e) {
                reject(unit, requestId, Reason.MALFORMED, e.getMessage());
                return;
            }
            requestId = request.requestId();
            if (!request.unitId().equals(unit)) {
                reject(unit, requestId, Reason.TOPIC_MISMATCH, "unit id differs from the topic's");
                return;
            }
            registrations.await(KeyKind.UNIT, unit);
            Reason reason;
            byte[] response = null;
            long evaluationNanos = 0;
            Optional<SegmentUnits.Unit> found = units.find(unit);
            if (found.isPresent() && !found.get().tenant().equals(tenant)) {
                reject(unit, requestId, Reason.TENANT_MISMATCH, "unit is registered under another tenant");
                return;
            }
            try {
                long t0 = System.nanoTime();
                response = evaluate(found, request.request());
                evaluationNanos = System.nanoTime() - t0;
                reason = null;
            } catch (Rejection r) {
                reason = r.reason();
                reject(unit, requestId, r.reason(), r.getMessage());
            }
            SegmentResult result = reason == null
                    ? new SegmentResult(unit, requestId, SegmentResult.OK, receivedAtMillis, evaluationNanos / 1000, response)
                    : SegmentResult.rejected(unit, requestId, reason.wire(), receivedAtMillis);
            byte[] bytes = result.encode();
            try {
                publisher.publish(Topics.segmentResults(tenant, unit), bytes);
            } catch (Exception e) {
                if (reason == null) {
                    reject(unit, requestId, Reason.PUBLISH_FAILED, e.getClass().getName() + ": " + e.getMessage());
                }
                return;
            }
            if (reason == null) {
                found.get().answered();
                metrics.answered(System.nanoTime() - receivedAt, bytes.length);
                LOG.debugf("segment request unit=%s request=%s answered: evaluation %d ms, %d bytes in, %d bytes out", unit,
                        requestId, evaluationNanos / 1_000_000, payload.length, bytes.length);
            }
        } catch (Throwable t) {
            LOG.errorf("segment request unit=%s request=%s: unexpected %s", unit, requestId, t.getClass().getName());
            reject(unit, requestId, Reason.INTERNAL_ERROR, t.getClass().getName());
        } finally {
            RegistrationIntake.safeAck(ack);
        }
    }

    /** The assignment response for a unit's request bytes; a {@link Rejection} says why not. */
    private byte[] evaluate(Optional<SegmentUnits.Unit> unit, byte[] request) throws Rejection {
        if (unit.isEmpty()) {
            throw new Rejection(Reason.UNKNOWN_UNIT, "no segment keys registered for this unit");
        }
        Optional<SegmentAssignmentService> service = unit.get().service();
        if (service.isEmpty()) {
            throw new Rejection(Reason.NO_MODEL, model.problem() == null ? "no segment model" : model.problem());
        }
        try {
            return service.get().handle(request);
        } catch (HeFormatException e) {
            throw new Rejection(Reason.BAD_CIPHERTEXT, e.getMessage());
        } catch (HeException | IllegalArgumentException | IllegalStateException e) {
            throw new Rejection(Reason.EVALUATION_FAILED, e.getClass().getName() + ": " + e.getMessage());
        }
    }

    private void reject(String unit, String requestId, Reason reason, String detail) {
        metrics.rejected(reason);
        LOG.warnf("segment request rejected: unit=%s request=%s reason=%s", unit, requestId, reason);
        LOG.debugf("segment request unit=%s request=%s reason=%s detail: %s", unit, requestId, reason, detail);
    }

    // ------------------------------------------------------------------ requests over REST

    /**
     * Evaluates raw request bytes ({@code SegmentClient.request}) of a registered unit through the
     * same bounded pool, waiting for the answer (bounded). Rejections are counted and logged as for
     * MQTT requests.
     */
    public Answer assign(String unit, byte[] request) {
        long receivedAt = System.nanoTime();
        String requestId = "rest";
        if (!Topics.ID.matcher(unit).matches()) {
            reject("?", requestId, Reason.MALFORMED, "unit id");
            return new Answer(null, Reason.MALFORMED);
        }
        metrics.bytesIn(request.length);
        if (request.length > settings.maxRequestBytes()) {
            reject(unit, requestId, Reason.OVERSIZED, request.length + " bytes > " + settings.maxRequestBytes());
            return new Answer(null, Reason.OVERSIZED);
        }
        CompletableFuture<Answer> result = new CompletableFuture<>();
        FairExecutor.Refusal refusal = workers.submit(unit, () -> {
            try {
                registrations.await(KeyKind.UNIT, unit);
                Optional<SegmentUnits.Unit> found = units.find(unit);
                byte[] response = evaluate(found, request);
                found.get().answered();
                metrics.answered(System.nanoTime() - receivedAt, response.length);
                result.complete(new Answer(response, null));
            } catch (Rejection r) {
                reject(unit, requestId, r.reason(), r.getMessage());
                result.complete(new Answer(null, r.reason()));
            } catch (Throwable t) {
                LOG.errorf("segment request unit=%s request=%s: unexpected %s", unit, requestId, t.getClass().getName());
                reject(unit, requestId, Reason.INTERNAL_ERROR, t.getClass().getName());
                result.complete(new Answer(null, Reason.INTERNAL_ERROR));
            }
        });
        if (refusal != null) {
            reject(unit, requestId, Reason.QUEUE_FULL, refusal.name());
            return new Answer(null, Reason.QUEUE_FULL);
        }
        try {
            return result.get(REST_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(null, Reason.INTERNAL_ERROR);
        } catch (ExecutionException | TimeoutException e) {
            reject(unit, requestId, Reason.INTERNAL_ERROR, e.getClass().getName());
            return new Answer(null, Reason.INTERNAL_ERROR);
        }
    }

    /** Whether no request or registration is queued or running (tests). */
    public boolean isIdle() {
        return workers.isIdle() && registrations.isIdle(KeyKind.UNIT);
    }

    @Override
    public void close() {
        if (ownsRegistrations) {
            registrations.close();
        }
        workers.shutdown(10);
        units.close();
    }
}

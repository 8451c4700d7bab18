package io.smile.edge.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.smile.edge.EdgeAgent;
import io.smile.edge.EdgeMetrics;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The agent's meters (Micrometer), tagged with the gateway id: the counters of
 * {@link EdgeMetrics} as counters, its current values as gauges, and two timers from the
 * decrypted results: the end-to-end latency (sensor read → result decrypted here) and the cloud's
 * evaluation time per batch. Meter names start with {@code smile.edge.} (Prometheus:
 * {@code smile_edge_…}). Nothing here carries a sensor value or a score.
 */
public final class EdgeAgentMeters implements MeterBinder {
    private final EdgeAgent agent;

    public EdgeAgentMeters(EdgeAgent agent) {
        this.agent = agent;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("gateway", agent.gatewayId());
        counter(registry, tags, "samples", "complete machine samples read over OPC UA", EdgeMetrics::samples);
        counter(registry, tags, "samples.torn", "incomplete sample groups discarded", EdgeMetrics::samplesTorn);
        counter(registry, tags, "windows.built", "feature windows computed and quantized", EdgeMetrics::windowsBuilt);
        counter(registry, tags, "windows.rejected", "windows whose features could not be computed", EdgeMetrics::windowsRejected);
        counter(registry, tags, "windows.sent", "windows in batches the broker acknowledged", EdgeMetrics::windowsSent);
        counter(registry, tags, "windows.lost", "windows lost (outbox full or not writable)", EdgeMetrics::windowsLost);
        counter(registry, tags, "batches.created", "encrypted batches created", EdgeMetrics::batchesCreated);
        counter(registry, tags, "batches.acked", "batches acknowledged by the broker (once per batch)", EdgeMetrics::batchesAcked);
        counter(registry, tags, "batches.dropped", "batches dropped unsent from a full outbox", EdgeMetrics::batchesDropped);
        counter(registry, tags, "bytes.sent", "payload bytes of acknowledged batches", EdgeMetrics::bytesSent);
        counter(registry, tags, "registrations", "key registrations acknowledged by the broker", EdgeMetrics::registrationsPublished);
        counter(registry, tags, "results", "result batches decrypted", EdgeMetrics::resultsReceived);
        counter(registry, tags, "results.ignored", "result messages ignored (duplicate, unknown, malformed)", EdgeMetrics::resultsIgnored);
        counter(registry, tags, "results.errors", "results that could not be decrypted", EdgeMetrics::resultErrors);
        counter(registry, tags, "window.results", "window scores decrypted", EdgeMetrics::windowResults);
        counter(registry, tags, "alerts", "windows whose alert rule fired", EdgeMetrics::alerts);
        counter(registry, tags, "batches.answered", "batches whose result arrived (delivery complete)", EdgeMetrics::batchesAnswered);
        counter(registry, tags, "batches.resent", "re-sends of a batch whose result was overdue or retried", EdgeMetrics::batchesResent);
        counter(registry, tags, "batches.late", "batches whose result arrived after a re-send", EdgeMetrics::batchesLate);
        counter(registry, tags, "refusals.retried", "refusals with a retry delay (batch kept)", EdgeMetrics::refusalsRetried);
        counter(registry, tags, "batches.refused", "batches the cloud refused for good", EdgeMetrics::batchesRefused);
        counter(registry, tags, "windows.refused", "windows of batches refused for good", EdgeMetrics::windowsRefused);
        counter(registry, tags, "batches.lost", "batches given up without a result after the maximum age", EdgeMetrics::batchesLost);
        counter(registry, tags, "samples.missed", "samples missed (gaps in the machine's Sequence numbers)", EdgeMetrics::samplesMissed);
        counter(registry, tags, "sequence.gaps", "gaps in a machine's Sequence numbers", EdgeMetrics::sequenceGaps);
        counter(registry, tags, "silent.ticks", "sampling ticks of a machine without a new sample", EdgeMetrics::silentTicks);
        counter(registry, tags, "statuses.ignored", "cloud status messages ignored (malformed, another gateway, another batch's digest)",
                EdgeMetrics::statusesIgnored);
        counter(registry, tags, "reregistrations", "registrations published again on the cloud's status", EdgeMetrics::reregistrations);
        counter(registry, tags, "state.write.failures", "state directory writes that failed (disk full); kept in memory",
                EdgeMetrics::stateWriteFailures);

        gauge(registry, tags, "outbox.batches", "batches in the outbox, not yet acknowledged", m -> m.batchesBuffered());
        gauge(registry, tags, "outbox.bytes", "bytes in the outbox", m -> m.outboxBytes());
        gauge(registry, tags, "pending.results", "batches waiting for their result", m -> m.pendingResults());
        gauge(registry, tags, "mqtt.connected", "1 while the MQTT connection is up", m -> m.mqttConnected() ? 1 : 0);
        gauge(registry, tags, "opcua.connected", "1 while the OPC UA session is active", m -> m.opcUaConnected() ? 1 : 0);

        Timer latency = Timer.builder("smile.edge.latency").tags(tags)
                .description("end to end: sensor read to result decrypted at the edge")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(2)).register(registry);
        Timer cloud = Timer.builder("smile.edge.cloud.evaluation").tags(tags)
                .description("the cloud's evaluation time of a batch, as it reports it").register(registry);
        agent.addResultListener(r -> {
            latency.record(Math.max(0, r.latencyMillis()), TimeUnit.MILLISECONDS);
            if (r.windowIndex() == 0) { // once per batch
                cloud.record(r.cloudEvaluationMicros(), TimeUnit.MICROSECONDS);
            }
        });
    }

    private void counter(MeterRegistry registry, Tags tags, String name, String description, ToLongFunction<EdgeMetrics> f) {
        FunctionCounter.builder("smile.edge." + name, agent, a -> f.applyAsLong(a.metrics())).tags(tags)
                .description(description).register(registry);
    }

    private void gauge(MeterRegistry registry, Tags tags, String name, String description, ToLongFunction<EdgeMetrics> f) {
        Gauge.builder("smile.edge." + name, agent, a -> f.applyAsLong(a.metrics())).tags(tags)
                .description(description).register(registry);
    }
}

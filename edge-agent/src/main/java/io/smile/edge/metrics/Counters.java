package io.smile.edge.metrics;

import io.smile.edge.EdgeMetrics;
import java.util.concurrent.atomic.AtomicLong;

/** The agent's live counters (thread-safe); {@link io.smile.edge.EdgeAgent#metrics()} takes a snapshot. */
public final class Counters {
    public final AtomicLong samples = new AtomicLong();
    public final AtomicLong samplesTorn = new AtomicLong();
    public final AtomicLong windowsBuilt = new AtomicLong();
    public final AtomicLong windowsRejected = new AtomicLong();
    public final AtomicLong windowsBatched = new AtomicLong();
    public final AtomicLong windowsLost = new AtomicLong();
    public final AtomicLong windowsAcked = new AtomicLong();
    public final AtomicLong batchesCreated = new AtomicLong();
    public final AtomicLong batchesPublished = new AtomicLong();
    public final AtomicLong batchesAcked = new AtomicLong();
    public final AtomicLong batchesDropped = new AtomicLong();
    public final AtomicLong bytesSent = new AtomicLong();
    public final AtomicLong registrationsPublished = new AtomicLong();
    public final AtomicLong resultsReceived = new AtomicLong();
    public final AtomicLong resultsIgnored = new AtomicLong();
    public final AtomicLong resultErrors = new AtomicLong();
    public final AtomicLong windowResults = new AtomicLong();
    public final AtomicLong alerts = new AtomicLong();
    public final AtomicLong batchesResent = new AtomicLong();
    public final AtomicLong batchesLate = new AtomicLong();
    public final AtomicLong refusalsRetried = new AtomicLong();
    public final AtomicLong batchesRefused = new AtomicLong();
    public final AtomicLong windowsRefused = new AtomicLong();
    public final AtomicLong batchesLost = new AtomicLong();
    public final AtomicLong resultsAnswered = new AtomicLong();
    public final AtomicLong samplesMissed = new AtomicLong();
    public final AtomicLong sequenceGaps = new AtomicLong();
    public final AtomicLong silentTicks = new AtomicLong();
    public final AtomicLong stateWriteFailures = new AtomicLong();
    public final AtomicLong statusesReceived = new AtomicLong();
    public final AtomicLong statusesIgnored = new AtomicLong();
    public final AtomicLong reregistrations = new AtomicLong();
    public volatile boolean mqttConnected;
    public volatile boolean opcUaConnected;

    /** A snapshot of the counters with the current sizes of the outbox and the pending results. */
    public EdgeMetrics snapshot(long torn, int outboxBatches, long outboxBytes, int pendingResults) {
        return new EdgeMetrics(samples.get(), torn, windowsBuilt.get(), windowsRejected.get(), windowsBatched.get(),
                windowsLost.get(), windowsAcked.get(), batchesCreated.get(), batchesPublished.get(), batchesAcked.get(),
                outboxBatches, outboxBytes, batchesDropped.get(), bytesSent.get(), registrationsPublished.get(),
                resultsReceived.get(), resultsIgnored.get(), resultErrors.get(), windowResults.get(), alerts.get(),
                pendingResults, mqttConnected, opcUaConnected, batchesResent.get(), batchesLate.get(),
                refusalsRetried.get(), batchesRefused.get(), windowsRefused.get(), batchesLost.get(),
                resultsAnswered.get(), samplesMissed.get(), sequenceGaps.get(), silentTicks.get(),
                stateWriteFailures.get(), statusesReceived.get(), statusesIgnored.get(), reregistrations.get());
    }
}

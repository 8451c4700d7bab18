package io.smile.edge;

import java.util.concurrent.atomic.AtomicLong;

/** The agent's live counters (thread-safe); {@link EdgeAgent#metrics()} takes a snapshot. */
final class Counters {
    final AtomicLong samples = new AtomicLong();
    final AtomicLong samplesTorn = new AtomicLong();
    final AtomicLong windowsBuilt = new AtomicLong();
    final AtomicLong windowsRejected = new AtomicLong();
    final AtomicLong windowsBatched = new AtomicLong();
    final AtomicLong windowsLost = new AtomicLong();
    final AtomicLong windowsAcked = new AtomicLong();
    final AtomicLong batchesCreated = new AtomicLong();
    final AtomicLong batchesPublished = new AtomicLong();
    final AtomicLong batchesAcked = new AtomicLong();
    final AtomicLong batchesDropped = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong registrationsPublished = new AtomicLong();
    final AtomicLong resultsReceived = new AtomicLong();
    final AtomicLong resultsIgnored = new AtomicLong();
    final AtomicLong resultErrors = new AtomicLong();
    final AtomicLong windowResults = new AtomicLong();
    final AtomicLong alerts = new AtomicLong();
    volatile boolean mqttConnected;
    volatile boolean opcUaConnected;
}

package io.smile.edge;

/**
 * A snapshot of the agent's counters (since this process started) and gauges.
 *
 * @param samples                complete machine samples assembled from OPC UA notifications
 * @param samplesTorn            incomplete sample groups discarded (a sensor update was missed)
 * @param windowsBuilt           feature windows computed and quantized
 * @param windowsRejected        windows whose features could not be computed (missing/invalid
 *                               attribute, non-finite value)
 * @param windowsBatched         windows packed into encrypted batches and stored in the outbox
 * @param windowsLost            windows lost because their batch could not be stored or was dropped
 *                               from a full outbox
 * @param windowsSent            windows in batches the broker acknowledged
 * @param batchesCreated         encrypted batches created
 * @param batchesPublished       publish attempts of batches (resends after a reconnect included)
 * @param batchesAcked           batches acknowledged by the broker (QoS 1) and deleted from the outbox
 * @param batchesBuffered        batches in the outbox now (not yet acknowledged)
 * @param outboxBytes            bytes in the outbox now
 * @param batchesDropped         batches deleted unsent because the outbox was full
 * @param bytesSent              payload bytes of acknowledged batches
 * @param registrationsPublished key registrations acknowledged by the broker (one per (re)connect)
 * @param resultsReceived        result batches decrypted
 * @param resultsIgnored         result messages for batches not pending (duplicates, expired) or
 *                               malformed
 * @param resultErrors           results that could not be decrypted (noise budget exhausted, ...)
 * @param windowResults          window scores recorded
 * @param alerts                 windows with an alert
 * @param pendingResults         batches waiting for their result now
 * @param mqttConnected          whether the MQTT connection is up
 * @param opcUaConnected         whether the OPC UA session is active
 */
public record EdgeMetrics(long samples, long samplesTorn, long windowsBuilt, long windowsRejected,
                          long windowsBatched, long windowsLost, long windowsSent, long batchesCreated,
                          long batchesPublished, long batchesAcked, long batchesBuffered, long outboxBytes,
                          long batchesDropped, long bytesSent, long registrationsPublished, long resultsReceived,
                          long resultsIgnored, long resultErrors, long windowResults, long alerts,
                          long pendingResults, boolean mqttConnected, boolean opcUaConnected) {
}

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
 * @param windowsLost            windows lost because their batch could not be stored, was dropped
 *                               from a full outbox, or got no result within the maximum age
 * @param windowsSent            windows in batches the broker acknowledged
 * @param batchesCreated         encrypted batches created
 * @param batchesPublished       publish attempts of batches (resends after a reconnect included)
 * @param batchesAcked           batches the broker acknowledged (QoS 1), once per batch however often
 *                               it was re-sent; the batch stays in the outbox until its result came
 * @param batchesBuffered        batches in the outbox now (not yet answered by a result)
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
 * @param batchesResent          re-sends of a batch (same sequence and bytes) because its result was
 *                               overdue or the cloud asked for a retry
 * @param batchesLate            batches whose result arrived only after a re-send
 * @param refusalsRetried        refusals with a retry delay (batch kept and re-sent after it)
 * @param batchesRefused         batches the cloud refused for good (no retry delay)
 * @param windowsRefused         windows of those batches
 * @param batchesLost            batches given up without a result after the maximum age
 * @param batchesAnswered        batches whose result arrived (delivery complete, deleted from the outbox)
 * @param samplesMissed          samples the machine numbered but the agent never read (Sequence gaps)
 * @param sequenceGaps           gaps in a machine's Sequence numbers (each may miss several samples)
 * @param silentTicks            sampling ticks of a machine that produced no new sample
 * @param stateWriteFailures     writes to the state directory that failed (disk full): the batch,
 *                               pending entry or result line stayed in memory and was written later
 * @param statusesReceived       status messages of the cloud about this gateway
 * @param statusesIgnored        status messages malformed, for another gateway, or refusing a batch
 *                               that is not this gateway's (another digest)
 * @param reregistrations        registrations published again because the cloud's status said it
 *                               holds no or other keys of this gateway
 */
public record EdgeMetrics(long samples, long samplesTorn, long windowsBuilt, long windowsRejected,
                          long windowsBatched, long windowsLost, long windowsSent, long batchesCreated,
                          long batchesPublished, long batchesAcked, long batchesBuffered, long outboxBytes,
                          long batchesDropped, long bytesSent, long registrationsPublished, long resultsReceived,
                          long resultsIgnored, long resultErrors, long windowResults, long alerts,
                          long pendingResults, boolean mqttConnected, boolean opcUaConnected,
                          long batchesResent, long batchesLate, long refusalsRetried, long batchesRefused,
                          long windowsRefused, long batchesLost, long batchesAnswered, long samplesMissed,
                          long sequenceGaps, long silentTicks, long stateWriteFailures, long statusesReceived,
                          long statusesIgnored, long reregistrations) {
}

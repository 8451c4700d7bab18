/**
 * Windows to encrypted, durable feature batches: {@link io.smile.edge.batch.FeatureBatcher} packs
 * windows into the slot blocks of one BGV ciphertext and encrypts it,
 * {@link io.smile.edge.batch.SequenceCounter} numbers the batches (never reused),
 * {@link io.smile.edge.batch.Outbox} keeps them on disk until the broker acknowledged them,
 * {@link io.smile.edge.batch.PendingBatches} remembers which machine sits in which slot block until
 * the result came, {@link io.smile.edge.batch.BatchOutcomes} counts acknowledged and dropped batches.
 *
 * <p>May depend on: {@code window} ({@code QuantizedWindow}), {@code state}, {@code metrics},
 * {@link io.smile.edge.EdgeAgentException}, he-api, smile-ml, smile-protocol. Not on MQTT.
 */
package io.smile.edge.batch;

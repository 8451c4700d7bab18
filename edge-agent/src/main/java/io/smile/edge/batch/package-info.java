/**
 * Windows to encrypted, durable feature batches, kept until their result came:
 * {@link io.smile.edge.batch.FeatureBatcher} packs windows into the slot blocks of one BGV
 * ciphertext and encrypts it, {@link io.smile.edge.batch.BatchCutter} decides which windows form a
 * batch (time and size only), {@link io.smile.edge.batch.SequenceCounter} numbers the batches
 * (never reused), {@link io.smile.edge.batch.Outbox} keeps them on disk until their result arrived,
 * {@link io.smile.edge.batch.PendingBatches} remembers which machine sits in which slot block until
 * then, {@link io.smile.edge.batch.DeliveryTracker} decides when a batch is re-sent (result
 * timeout with backoff, the cloud's retry delay) and when new batches wait, and
 * {@link io.smile.edge.batch.BatchOutcomes} counts and logs how each batch ended.
 *
 * <p>May depend on: {@code window} ({@code QuantizedWindow}), {@code state}, {@code metrics},
 * {@link io.smile.edge.EdgeAgentException}, he-api, smile-ml, smile-protocol. Not on MQTT.
 */
package io.smile.edge.batch;

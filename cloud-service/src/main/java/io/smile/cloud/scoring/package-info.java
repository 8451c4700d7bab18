/**
 * Encrypted predictive-maintenance scoring: {@code CloudEngine} takes feature batches and gateway
 * registrations from MQTT, {@code ScoringPipeline} validates a batch in its documented order and
 * charges it to the gateway's {@code QueryBudget} and scores it with the gateway's
 * {@code EncryptedScorer} (decision-only unless the model owner shares scores); the gateways' keys and state
 * ({@code GatewayRegistry} in memory, {@code GatewayKeyValidator}, {@code GatewayStore} on disk,
 * sessions shared through {@code SessionPool}), duplicate detection ({@code DedupWindow}), the
 * loaded models ({@code ModelRegistry}) and the metrics.
 *
 * <p>May depend on {@code intake}, {@code mqtt} (its handler interface), {@code he-api},
 * {@code smile-ml} and {@code smile-protocol}; not on {@code segments}, {@code federation} or
 * {@code api}.
 */
package io.smile.cloud.scoring;

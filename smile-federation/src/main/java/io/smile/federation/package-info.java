/**
 * Federated secure sums: the {@link io.smile.federation.Coordinator} and {@link io.smile.federation.Member}
 * state machines (collective key generation, threshold setup, rounds with dropouts), their
 * {@link io.smile.federation.Envelope} wire format and topic layout ({@link io.smile.federation.Topics},
 * parsed with {@link io.smile.protocol.mqtt.TopicName}), jobs and an in-process federation.
 *
 * <p>May depend on he-bgv (multiparty BGV), smile-protocol and {@code transport}; the jobs and commands
 * built on it depend on this package, not the reverse.
 */
package io.smile.federation;

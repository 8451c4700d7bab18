/**
 * The product's one MQTT v5 client session ({@link io.smile.protocol.mqtt.MqttSession}, over Eclipse Paho)
 * and the MQTT value types it speaks: validated topic names and filters
 * ({@link io.smile.protocol.mqtt.TopicName}, {@link io.smile.protocol.mqtt.TopicFilter}), settings, the
 * reconnect backoff, deliveries with manual acknowledgement.
 *
 * <p>Inside the session, package-private, one job each: {@code ConnectionLoop} (first connection and
 * reconnection with the backoff, on the control thread), {@code Subscriptions} (the registry, renewed
 * on every connection, grants per connection epoch), {@code PublishQueue} (QoS 1 publishes held while
 * disconnected or while the in-flight window is full, requeued after a loss), {@code Deliveries}
 * (handlers on the delivery thread, acknowledgements only for the connection a message arrived on),
 * {@code SessionCounters}, and what they share: {@code ConnectionState} (connected, closed, epoch),
 * {@code SessionThreads} (the control and delivery threads) and {@code PahoClients} (the current Paho
 * client, replaced by a fresh one after repeated short-lived connections). {@code OutgoingTopicAliases}
 * keeps Paho from sending topic aliases (a resent alias-only publish made brokers drop the client in a
 * loop). {@code MqttSession} owns the client holder and the threads and wires the parts.
 *
 * <p>May depend on the JDK, Paho, and {@link io.smile.protocol.MqttTls}; nothing of the edge, the cloud or
 * the federation. Paho types do not appear in the public API, so the client library can change here alone.
 */
package io.smile.protocol.mqtt;

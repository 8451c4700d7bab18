/**
 * The product's one MQTT v5 client session ({@link io.smile.protocol.mqtt.MqttSession}, over Eclipse Paho)
 * and the MQTT value types it speaks: validated topic names and filters
 * ({@link io.smile.protocol.mqtt.TopicName}, {@link io.smile.protocol.mqtt.TopicFilter}), settings, the
 * reconnect backoff, deliveries with manual acknowledgement.
 *
 * <p>May depend on the JDK, Paho, and {@link io.smile.protocol.MqttTls}; nothing of the edge, the cloud or
 * the federation. Paho types do not appear in the public API, so the client library can change here alone.
 */
package io.smile.protocol.mqtt;

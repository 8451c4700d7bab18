/**
 * How federation parties exchange messages: the {@link io.smile.federation.transport.Transport} interface
 * (publish/subscribe with byte counters, the sender known by its topic) and its MQTT implementation on
 * the product's one client session, {@link io.smile.protocol.mqtt.MqttSession}.
 *
 * <p>May depend on smile-protocol's {@code mqtt} package and the JDK; nothing of the federation's
 * protocol (coordinator, members, envelopes) — those depend on this package, not the reverse.
 */
package io.smile.federation.transport;

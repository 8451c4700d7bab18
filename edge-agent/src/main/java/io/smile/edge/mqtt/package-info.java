/**
 * The agent's MQTT link on smile-protocol's {@code MqttSession}: {@link io.smile.edge.mqtt.MqttLink}
 * publishes the retained key registration on every connection, sends the outbox in sequence order
 * with QoS 1 (at most {@code maxInflight} unacknowledged) and hands incoming results to its handler.
 * Reconnecting, resubscribing and resending unacknowledged publishes are the session's.
 *
 * <p>May depend on: {@code batch} ({@code Outbox}), {@code metrics}, {@link io.smile.edge.Failures}
 * (log lines), {@link io.smile.edge.EdgeAgentException}, smile-protocol, hw-profiles (broker settings).
 * Not on {@code opcua}, not on Paho.
 */
package io.smile.edge.mqtt;

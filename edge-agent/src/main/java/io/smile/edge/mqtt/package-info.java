/**
 * The agent's MQTT link on smile-protocol's {@code MqttSession}: {@link io.smile.edge.mqtt.MqttLink}
 * publishes the retained key registration on every connection, sends the outbox in sequence order
 * with QoS 1 (at most {@code maxInflight} unacknowledged), re-sends batches whose result is overdue
 * or whose refusal's retry delay has passed (the {@code batch} package's {@code DeliveryTracker}
 * decides which and when), deletes a batch when its result came, and hands incoming results to its
 * handler. Reconnecting, resubscribing and resending held publishes are the session's.
 *
 * <p>May depend on: {@code batch} ({@code Outbox}, {@code DeliveryTracker}, {@code BatchOutcomes.Delivery}), {@code metrics}, {@link io.smile.edge.Failures}
 * (log lines), {@link io.smile.edge.EdgeAgentException}, smile-protocol, hw-profiles (broker settings).
 * Not on {@code opcua}, not on Paho.
 */
package io.smile.edge.mqtt;

/**
 * The agent's MQTT v5 connection (Eclipse Paho): {@link io.smile.edge.mqtt.MqttLink} publishes the
 * retained key registration on every (re)connect, sends the outbox in sequence order with QoS 1 and
 * hands incoming results to its handler.
 *
 * <p>May depend on: {@code batch} ({@code Outbox}), {@code metrics}, {@code opcua} (only
 * {@code OpcUaSource.rootMessage} for log lines), {@link io.smile.edge.EdgeAgentException},
 * smile-protocol, hw-profiles (broker settings), Paho.
 */
package io.smile.edge.mqtt;

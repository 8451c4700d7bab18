/**
 * The service's MQTT connection ({@code MqttConnector}): one {@code smile-protocol} {@code MqttSession}
 * (persistent session, reconnection, manual acknowledgements, QoS 1 publishing), its four subscriptions
 * (gateway keys, feature batches, unit segment keys, segment requests) and the handler interfaces each
 * routes to.
 *
 * <p>May depend on {@code smile-protocol} (topics, TLS stores, the session) only: the engines implement
 * its handler interfaces, it knows nothing of them. No Paho here: the session is the only Paho user.
 */
package io.smile.cloud.mqtt;

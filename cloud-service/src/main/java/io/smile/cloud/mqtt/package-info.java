/**
 * The service's MQTT v5 connection ({@code MqttConnector}, Eclipse Paho): persistent session,
 * reconnection, manual acknowledgements, and the handler interfaces it routes messages to by topic.
 *
 * <p>May depend on {@code smile-protocol} (topics, TLS stores) and Paho only: the engines implement
 * its handler interfaces, it knows nothing of them.
 */
package io.smile.cloud.mqtt;

/**
 * The edge–cloud protocol: the MQTT topic layout ({@link io.smile.protocol.Topics},
 * {@link io.smile.protocol.TenantTopic}), the validated binary envelopes (registration, feature batch,
 * result batch, segment request and result) with their {@link io.smile.protocol.Codec}, and TLS for the
 * MQTT clients ({@link io.smile.protocol.MqttTls}).
 *
 * <p>Depends on the JDK only, and on {@link io.smile.protocol.mqtt} for topic parsing. Wire formats here
 * are fixed by known-answer tests; never change a byte layout without a new version.
 */
package io.smile.protocol;

/**
 * The edge/cloud protocol: MQTT topic names ({@link io.smile.protocol.Topics}, {@link io.smile.protocol.TenantTopic}), the validated binary
 * messages between gateways, units and the cloud ({@link io.smile.protocol.KeyRegistration},
 * {@link io.smile.protocol.FeatureBatch}, {@link io.smile.protocol.ResultBatch},
 * {@link io.smile.protocol.SegmentRequest}, {@link io.smile.protocol.SegmentResult}), written and read
 * with {@link io.smile.protocol.codec}, the Ed25519 identity that signs registrations
 * ({@link io.smile.protocol.GatewayIdentity}: the edge signs, the cloud verifies), and the MQTT TLS socket factory ({@link io.smile.protocol.MqttTls}).
 * Every decoder fails only with {@link io.smile.protocol.ProtocolException}.
 *
 * <p>May depend on the JDK, Paho (the {@code mqtt} session) and its own subpackages; nothing else of SMiLe (edge, cloud and the
 * federation depend on it, not the other way round).
 */
package io.smile.protocol;

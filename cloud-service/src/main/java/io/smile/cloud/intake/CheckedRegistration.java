package io.smile.cloud.intake;

import io.smile.protocol.KeyRegistration;
import io.smile.protocol.ProtocolException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A key registration that passed the checks every kind shares: the payload decodes and its tenant
 * and id are the topic's. What is left to check (parameters, keys, limits, tenant of an existing
 * id) belongs to the registry of its kind.
 *
 * @param sha256 of the payload as received: identical bytes again (a retained message delivered
 *               again) are recognised without decoding the keys
 */
public record CheckedRegistration(KeyKind kind, String tenant, String id, KeyRegistration registration, byte[] payload,
                                  byte[] sha256) {

    /** Decodes and checks a payload received on {@code smile/topicTenant/topicId/...}. */
    public static CheckedRegistration check(KeyKind kind, String topicTenant, String topicId, byte[] payload)
            throws Rejection {
        KeyRegistration reg;
        try {
            reg = KeyRegistration.decode(payload);
        } catch (ProtocolException e) {
            throw new Rejection(Reason.MALFORMED, e.getMessage());
        }
        if (!reg.tenant().equals(topicTenant) || !reg.gatewayId().equals(topicId)) {
            throw new Rejection(Reason.TOPIC_MISMATCH, "topic ids differ from the registration's");
        }
        return new CheckedRegistration(kind, reg.tenant(), reg.gatewayId(), reg, payload, sha256(payload));
    }

    /** A registration read back from storage: there is no topic to compare it with. */
    public static CheckedRegistration stored(KeyKind kind, byte[] payload) throws Rejection {
        KeyRegistration reg;
        try {
            reg = KeyRegistration.decode(payload);
        } catch (ProtocolException e) {
            throw new Rejection(Reason.MALFORMED, e.getMessage());
        }
        return new CheckedRegistration(kind, reg.tenant(), reg.gatewayId(), reg, payload, sha256(payload));
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

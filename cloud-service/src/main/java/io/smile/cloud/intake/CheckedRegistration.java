package io.smile.cloud.intake;

import io.smile.protocol.KeyRegistration;
import io.smile.protocol.ProtocolException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A key registration that passed the checks every kind shares: the payload decodes, its tenant
 * and id are the topic's and it is validly signed by the identity key it carries. What is left to check (parameters, keys, limits, tenant of an existing
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
        checkSignature(reg);
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
        checkSignature(reg);
        return new CheckedRegistration(kind, reg.tenant(), reg.gatewayId(), reg, payload, sha256(payload));
    }

    /**
     * The registration is signed by the identity key it carries. This alone proves only that the
     * sender holds that key; that it is the id's key is the registry's pin (trust on first use).
     */
    private static void checkSignature(KeyRegistration reg) throws Rejection {
        if (!reg.signatureValid()) {
            throw new Rejection(Reason.BAD_SIGNATURE, "not signed by identity " + reg.identityFingerprint());
        }
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

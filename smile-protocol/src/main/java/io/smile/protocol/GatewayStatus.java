package io.smile.protocol;

import io.smile.protocol.codec.MessageReader;
import io.smile.protocol.codec.MessageWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The cloud's view of one gateway, on {@link Topics#status}: what happened ({@link Kind}) and,
 * in every message, which registration the cloud holds for the gateway ({@code heldKeys}: SHA-256
 * of that {@link KeyRegistration} message as received; empty if it holds none) and which identity
 * it pinned ({@code heldIdentity}: SHA-256 of the identity key, {@link GatewayIdentity#fingerprint};
 * empty if none). A {@link Kind#BATCH_REFUSED} status names the batch by sequence <em>and</em> by
 * {@code batchDigest} (SHA-256 of the feature batch message as received), so a refusal of someone
 * else's batch with the gateway's sequence is not taken for the gateway's own.
 *
 * <p>Not signed: the gateway treats a status as a hint (re-register, stop waiting for a batch),
 * never as a reason to trust anything. Carries no secret and no value.
 */
public record GatewayStatus(String gatewayId, Kind kind, String reason, long sequence, byte[] batchDigest,
                            byte[] heldKeys, byte[] heldIdentity, long atMillis) {
    private static final String MAGIC = "SMGS";
    private static final int VERSION = 1;
    public static final int DIGEST_BYTES = 32;

    /** What the status reports. */
    public enum Kind {
        /** the cloud holds a registration of the gateway ({@code heldKeys}) */
        REGISTERED,
        /** a registration on the gateway's topic was refused ({@code reason}); {@code heldKeys} is what stays */
        REGISTRATION_REFUSED,
        /** a batch with that sequence and digest was refused ({@code reason}: bad-signature, unknown-gateway) */
        BATCH_REFUSED;

        static Kind ofCode(int code) {
            Kind[] all = values();
            if (code < 0 || code >= all.length) {
                throw new ProtocolException("gateway status: unknown kind " + code);
            }
            return all[code];
        }
    }

    public GatewayStatus {
        Topics.checkId("gateway", gatewayId);
        if (kind == null || reason == null || batchDigest == null || heldKeys == null || heldIdentity == null) {
            throw new ProtocolException("gateway status: missing field");
        }
        if (reason.length() > 64 || !(reason.isEmpty() || Topics.ID.matcher(reason).matches())) {
            throw new ProtocolException("gateway status: reason must be empty or match " + Topics.ID.pattern());
        }
        digestOrEmpty("heldKeys", heldKeys);
        digestOrEmpty("heldIdentity", heldIdentity);
        if (heldKeys.length != heldIdentity.length) {
            throw new ProtocolException("gateway status: heldKeys and heldIdentity are both present or both empty");
        }
        if (atMillis < 0) {
            throw new ProtocolException("gateway status: atMillis must be >= 0");
        }
        boolean batch = kind == Kind.BATCH_REFUSED;
        if (batch != (batchDigest.length == DIGEST_BYTES) || (!batch && (batchDigest.length != 0 || sequence != 0))
                || sequence < 0) {
            throw new ProtocolException("gateway status: a sequence and a " + DIGEST_BYTES
                    + "-byte batch digest exactly when a batch was refused");
        }
        if ((kind == Kind.REGISTERED) != reason.isEmpty()) {
            throw new ProtocolException("gateway status: a reason exactly when something was refused");
        }
        if (kind == Kind.REGISTERED && heldKeys.length == 0) {
            throw new ProtocolException("gateway status: registered without the held keys");
        }
        batchDigest = batchDigest.clone();
        heldKeys = heldKeys.clone();
        heldIdentity = heldIdentity.clone();
    }

    private static void digestOrEmpty(String field, byte[] b) {
        if (b.length != 0 && b.length != DIGEST_BYTES) {
            throw new ProtocolException("gateway status: " + field + " must be empty or " + DIGEST_BYTES + " bytes, got "
                    + b.length);
        }
    }

    /** The cloud holds the registration with SHA-256 {@code heldKeys}, signed by the identity {@code heldIdentity}. */
    public static GatewayStatus registered(String gatewayId, byte[] heldKeys, byte[] heldIdentity, long atMillis) {
        return new GatewayStatus(gatewayId, Kind.REGISTERED, "", 0, new byte[0], heldKeys, heldIdentity, atMillis);
    }

    /** A registration was refused; {@code heldKeys}/{@code heldIdentity}: what the cloud still holds (or empty). */
    public static GatewayStatus registrationRefused(String gatewayId, String reason, byte[] heldKeys, byte[] heldIdentity,
                                                    long atMillis) {
        return new GatewayStatus(gatewayId, Kind.REGISTRATION_REFUSED, reason, 0, new byte[0], heldKeys, heldIdentity,
                atMillis);
    }

    /** The batch with that sequence and message digest was refused. */
    public static GatewayStatus batchRefused(String gatewayId, long sequence, byte[] batchDigest, String reason,
                                             byte[] heldKeys, byte[] heldIdentity, long atMillis) {
        return new GatewayStatus(gatewayId, Kind.BATCH_REFUSED, reason, sequence, batchDigest, heldKeys, heldIdentity,
                atMillis);
    }

    /** Whether the cloud holds a registration of the gateway. */
    public boolean holdsKeys() {
        return heldKeys.length != 0;
    }

    /** SHA-256 of a message: how statuses name registrations and batches. */
    public static byte[] digestOf(byte[] message) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public byte[] encode() {
        return new MessageWriter(200).magic(MAGIC, VERSION).str(gatewayId).u8(kind.ordinal()).str(reason).i64(sequence)
                .blob(batchDigest).blob(heldKeys).blob(heldIdentity).i64(atMillis).toBytes();
    }

    public static GatewayStatus decode(byte[] bytes) {
        return MessageReader.read(bytes, "gateway status", r -> {
            r.magic(MAGIC, VERSION);
            String gateway = r.str("gateway", 64);
            Kind kind = Kind.ofCode(r.u8("kind"));
            String reason = r.str("reason", 64);
            long seq = r.i64("sequence", 0, Long.MAX_VALUE);
            byte[] batch = r.blob("batchDigest", DIGEST_BYTES);
            byte[] keys = r.blob("heldKeys", DIGEST_BYTES);
            byte[] identity = r.blob("heldIdentity", DIGEST_BYTES);
            long at = r.i64("at", 0, Long.MAX_VALUE);
            return new GatewayStatus(gateway, kind, reason, seq, batch, keys, identity, at);
        });
    }
}

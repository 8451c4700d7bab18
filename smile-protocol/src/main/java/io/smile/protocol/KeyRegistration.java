package io.smile.protocol;

import io.smile.protocol.codec.MessageReader;
import io.smile.protocol.codec.MessageWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A gateway's registration with the cloud: its BGV parameters, public key and evaluation keys
 * (all in the engine's wire format), the slot layout it packs machines with, and, since version 2,
 * its long-term Ed25519 identity key ({@link GatewayIdentity}) with a signature by that identity
 * over every other field. Contains no secret: the secret key stays on the gateway.
 *
 * <p>The signed message is SHA-256 of {@link #DOMAIN} followed by the encoded body (every field but
 * the signature, exactly as sent): the body is encoded once and those bytes signed. The decoder
 * checks that the identity key is an Ed25519 key and the signature 64 bytes; whether the signature
 * is valid is {@link #signatureValid()}, which the cloud checks before anything else.
 */
public record KeyRegistration(String tenant, String gatewayId, int blockSize, long createdAtMillis,
                              byte[] parameters, byte[] publicKey, byte[] evaluationKeys, byte[] identityKey,
                              byte[] signature) {
    private static final String MAGIC = "SMKR";
    private static final int VERSION = 2;
    public static final int MAX_KEY_BYTES = 256 << 20;
    /** Separates these signatures from any other the identity could make. */
    public static final String DOMAIN = "SMiLe key registration v2\0";

    public KeyRegistration {
        Topics.checkId("tenant", tenant);
        Topics.checkId("gateway", gatewayId);
        if (blockSize < 1 || Integer.bitCount(blockSize) != 1 || blockSize > 4096) {
            throw new ProtocolException("block size must be a power of two in [1, 4096], got " + blockSize);
        }
        // IllegalArgumentException: the decoder reports it as "key registration: ..."
        GatewayIdentity.checkPublicKey(identityKey);
        if (signature == null || signature.length != GatewayIdentity.SIGNATURE_BYTES) {
            throw new IllegalArgumentException("signature must be " + GatewayIdentity.SIGNATURE_BYTES + " bytes, got "
                    + (signature == null ? 0 : signature.length));
        }
    }

    /** A registration signed by {@code identity}. */
    public static KeyRegistration signed(GatewayIdentity identity, String tenant, String gatewayId, int blockSize,
                                         long createdAtMillis, byte[] parameters, byte[] publicKey, byte[] evaluationKeys) {
        byte[] idKey = identity.publicKey();
        byte[] body = body(tenant, gatewayId, blockSize, createdAtMillis, parameters, publicKey, evaluationKeys, idKey);
        return new KeyRegistration(tenant, gatewayId, blockSize, createdAtMillis, parameters, publicKey, evaluationKeys,
                idKey, identity.sign(signedDigest(body)));
    }

    /** Whether {@link #signature()} is the identity key's signature of this registration's other fields. */
    public boolean signatureValid() {
        byte[] body = body(tenant, gatewayId, blockSize, createdAtMillis, parameters, publicKey, evaluationKeys, identityKey);
        return GatewayIdentity.verify(identityKey, signedDigest(body), signature);
    }

    /** SHA-256 hex of the identity key bytes. */
    public String identityFingerprint() {
        return GatewayIdentity.fingerprint(identityKey);
    }

    public byte[] encode() {
        byte[] body = body(tenant, gatewayId, blockSize, createdAtMillis, parameters, publicKey, evaluationKeys, identityKey);
        // the body's bytes as signed, then the signature as the last blob
        return ByteBuffer.allocate(body.length + 4 + signature.length).put(body).putInt(signature.length).put(signature)
                .array();
    }

    private static byte[] body(String tenant, String gatewayId, int blockSize, long createdAtMillis, byte[] parameters,
                               byte[] publicKey, byte[] evaluationKeys, byte[] identityKey) {
        return new MessageWriter(parameters.length + publicKey.length + evaluationKeys.length + identityKey.length + 160)
                .magic(MAGIC, VERSION).str(tenant).str(gatewayId).i32(blockSize).i64(createdAtMillis)
                .blob(parameters).blob(publicKey).blob(evaluationKeys).blob(identityKey).toBytes();
    }

    private static byte[] signedDigest(byte[] body) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(DOMAIN.getBytes(StandardCharsets.US_ASCII));
            return d.digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    public static KeyRegistration decode(byte[] bytes) {
        return MessageReader.read(bytes, "key registration", r -> {
            r.magic(MAGIC, VERSION);
            String tenant = r.str("tenant", 64);
            String gateway = r.str("gateway", 64);
            int block = r.i32("blockSize", 1, 4096);
            long created = r.i64("createdAt", 0, Long.MAX_VALUE);
            byte[] params = r.blob("parameters", 1 << 16);
            byte[] pk = r.blob("publicKey", MAX_KEY_BYTES);
            byte[] ek = r.blob("evaluationKeys", MAX_KEY_BYTES);
            byte[] idKey = r.blob("identityKey", GatewayIdentity.MAX_PUBLIC_KEY_BYTES);
            byte[] sig = r.blob("signature", GatewayIdentity.SIGNATURE_BYTES);
            return new KeyRegistration(tenant, gateway, block, created, params, pk, ek, idKey, sig);
        });
    }
}

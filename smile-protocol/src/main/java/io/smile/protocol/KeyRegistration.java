package io.smile.protocol;

import io.smile.protocol.codec.MessageReader;
import io.smile.protocol.codec.MessageWriter;

/**
 * A gateway's registration with the cloud: its BGV parameters, public key and evaluation keys
 * (all in the engine's wire format), and the slot layout it packs machines with. Contains no
 * secret: the secret key stays on the gateway.
 */
public record KeyRegistration(String tenant, String gatewayId, int blockSize, long createdAtMillis,
                              byte[] parameters, byte[] publicKey, byte[] evaluationKeys) {
    private static final String MAGIC = "SMKR";
    private static final int VERSION = 1;
    public static final int MAX_KEY_BYTES = 256 << 20;

    public KeyRegistration {
        Topics.checkId("tenant", tenant);
        Topics.checkId("gateway", gatewayId);
        if (blockSize < 1 || Integer.bitCount(blockSize) != 1 || blockSize > 4096) {
            throw new ProtocolException("block size must be a power of two in [1, 4096], got " + blockSize);
        }
    }

    public byte[] encode() {
        return new MessageWriter(parameters.length + publicKey.length + evaluationKeys.length + 160)
                .magic(MAGIC, VERSION).str(tenant).str(gatewayId).i32(blockSize).i64(createdAtMillis)
                .blob(parameters).blob(publicKey).blob(evaluationKeys).toBytes();
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
            return new KeyRegistration(tenant, gateway, block, created, params, pk, ek);
        });
    }
}

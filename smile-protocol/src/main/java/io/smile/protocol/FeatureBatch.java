package io.smile.protocol;

import io.smile.protocol.codec.MessageReader;
import io.smile.protocol.codec.MessageWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * One encrypted batch of feature windows from a gateway. Window i occupies slot block i of the
 * ciphertext. The metadata (machine ids, read times) is not secret; the values are only inside
 * the ciphertext. {@code sequence} is the gateway's strictly increasing message id, used by the
 * cloud to drop duplicates.
 *
 * <p>Since version 2 the batch is signed by the gateway's {@link GatewayIdentity} (the key the cloud
 * pinned at its first registration), so no one else can take the gateway's next sequence numbers
 * and get its real batches dropped as duplicates. The signed message is
 * {@code SHA-256(DOMAIN || header || SHA-256(ciphertext))}, where the header is the encoded message
 * up to (not including) the ciphertext's length: every field but the ciphertext and the signature,
 * exactly as sent. The decoder checks only that the signature is 64 bytes; whether it is valid is
 * {@link #signatureValid(byte[])}, against the identity key the cloud holds for the gateway. Version
 * 1 (unsigned) is refused ({@code unsupported version 1}).
 */
public record FeatureBatch(String gatewayId, long sequence, long createdAtMillis, String modelId,
                           List<Window> windows, byte[] ciphertext, byte[] signature) {
    private static final String MAGIC = "SMFB";
    private static final int VERSION = 2;
    public static final int MAX_WINDOWS = 65536;
    public static final int MAX_CIPHERTEXT_BYTES = 64 << 20;
    /** Separates these signatures from any other the identity makes (registrations sign under their own domain). */
    public static final String DOMAIN = "SMiLe feature batch v2\0";
    /** What the signature adds to a version 1 batch: its 4-byte length and the 64 bytes. */
    public static final int SIGNATURE_OVERHEAD_BYTES = 4 + GatewayIdentity.SIGNATURE_BYTES;

    /** Metadata of one machine window: which machine, when its last sample was read. */
    public record Window(String machineId, long readAtMillis) {
        public Window {
            Topics.checkId("machine", machineId);
        }
    }

    public FeatureBatch {
        Topics.checkId("gateway", gatewayId);
        Topics.checkId("model", modelId);
        windows = List.copyOf(windows);
        if (sequence < 0) {
            throw new ProtocolException("sequence must be >= 0");
        }
        if (createdAtMillis < 0) {
            throw new ProtocolException("createdAt must be >= 0");
        }
        if (windows.isEmpty() || windows.size() > MAX_WINDOWS) {
            throw new ProtocolException("a batch holds 1.." + MAX_WINDOWS + " windows, got " + windows.size());
        }
        if (ciphertext == null || ciphertext.length > MAX_CIPHERTEXT_BYTES) {
            throw new ProtocolException("ciphertext must be 0.." + MAX_CIPHERTEXT_BYTES + " bytes");
        }
        if (signature == null || signature.length != GatewayIdentity.SIGNATURE_BYTES) {
            throw new ProtocolException("signature must be " + GatewayIdentity.SIGNATURE_BYTES + " bytes, got "
                    + (signature == null ? 0 : signature.length));
        }
    }

    /** A batch signed by {@code identity}. */
    public static FeatureBatch signed(GatewayIdentity identity, String gatewayId, long sequence, long createdAtMillis,
                                      String modelId, List<Window> windows, byte[] ciphertext) {
        // the record's checks first, with a placeholder signature, so nothing invalid is signed
        FeatureBatch unsigned = new FeatureBatch(gatewayId, sequence, createdAtMillis, modelId, windows, ciphertext,
                new byte[GatewayIdentity.SIGNATURE_BYTES]);
        return new FeatureBatch(gatewayId, sequence, createdAtMillis, modelId, unsigned.windows, ciphertext,
                identity.sign(unsigned.signedDigest()));
    }

    /** Whether {@link #signature()} is the signature of this batch by the identity key {@code identityKey} (X.509 bytes). */
    public boolean signatureValid(byte[] identityKey) {
        return GatewayIdentity.verify(identityKey, signedDigest(), signature);
    }

    /** The 32 bytes the identity signs: {@code SHA-256(DOMAIN || header || SHA-256(ciphertext))}. */
    public byte[] signedDigest() {
        MessageDigest d = sha256();
        d.update(DOMAIN.getBytes(StandardCharsets.US_ASCII));
        d.update(header().toBytes());
        return d.digest(sha256().digest(ciphertext));
    }

    private MessageWriter header() {
        MessageWriter w = new MessageWriter(160 + 80 * windows.size()).magic(MAGIC, VERSION)
                .str(gatewayId).i64(sequence).i64(createdAtMillis).str(modelId).i32(windows.size());
        for (Window win : windows) {
            w.str(win.machineId()).i64(win.readAtMillis());
        }
        return w;
    }

    public byte[] encode() {
        byte[] header = header().toBytes();
        return new MessageWriter(header.length + ciphertext.length + 8 + signature.length).raw(header)
                .blob(ciphertext).blob(signature).toBytes();
    }

    public static FeatureBatch decode(byte[] bytes) {
        return MessageReader.read(bytes, "feature batch", r -> {
            r.magic(MAGIC, VERSION);
            String gateway = r.str("gateway", 64);
            long seq = r.i64("sequence", 0, Long.MAX_VALUE);
            long created = r.i64("createdAt", 0, Long.MAX_VALUE);
            String model = r.str("model", 64);
            int count = r.i32("windows", 1, MAX_WINDOWS);
            List<Window> windows = new ArrayList<>(Math.min(count, 1024));
            for (int i = 0; i < count; i++) {
                windows.add(new Window(r.str("machineId", 64), r.i64("readAt", 0, Long.MAX_VALUE)));
            }
            byte[] ct = r.blob("ciphertext", MAX_CIPHERTEXT_BYTES);
            byte[] sig = r.blob("signature", GatewayIdentity.SIGNATURE_BYTES);
            if (sig.length != GatewayIdentity.SIGNATURE_BYTES) {
                throw new ProtocolException("feature batch: signature must be " + GatewayIdentity.SIGNATURE_BYTES
                        + " bytes, got " + sig.length);
            }
            return new FeatureBatch(gateway, seq, created, model, windows, ct, sig);
        });
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}

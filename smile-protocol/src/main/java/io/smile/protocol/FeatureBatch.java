package io.smile.protocol;

import io.smile.protocol.codec.MessageReader;
import io.smile.protocol.codec.MessageWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One encrypted batch of feature windows from a gateway. Window i occupies slot block i of the
 * ciphertext. The metadata (machine ids, read times) is not secret; the values are only inside
 * the ciphertext. {@code sequence} is the gateway's strictly increasing message id, used by the
 * cloud to drop duplicates.
 */
public record FeatureBatch(String gatewayId, long sequence, long createdAtMillis, String modelId,
                           List<Window> windows, byte[] ciphertext) {
    private static final String MAGIC = "SMFB";
    private static final int VERSION = 1;
    public static final int MAX_WINDOWS = 65536;
    public static final int MAX_CIPHERTEXT_BYTES = 64 << 20;

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
        if (windows.isEmpty() || windows.size() > MAX_WINDOWS) {
            throw new ProtocolException("a batch holds 1.." + MAX_WINDOWS + " windows, got " + windows.size());
        }
    }

    public byte[] encode() {
        MessageWriter w = new MessageWriter(ciphertext.length + 160 + 80 * windows.size()).magic(MAGIC, VERSION)
                .str(gatewayId).i64(sequence).i64(createdAtMillis).str(modelId).i32(windows.size());
        for (Window win : windows) {
            w.str(win.machineId()).i64(win.readAtMillis());
        }
        return w.blob(ciphertext).toBytes();
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
            return new FeatureBatch(gateway, seq, created, model, windows, ct);
        });
    }
}

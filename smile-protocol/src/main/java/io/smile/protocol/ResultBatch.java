package io.smile.protocol;

import io.smile.protocol.codec.MessageReader;
import io.smile.protocol.codec.MessageWriter;

/**
 * The cloud's answer to one feature batch: the encrypted scores (slot block i answers window i of
 * the batch with the same sequence), re-randomized so it reveals nothing of the model beyond the
 * scores. Timings let the gateway report where latency goes.
 */
public record ResultBatch(String gatewayId, long sequence, String modelId, int modelVersion, int windows,
                          long receivedAtMillis, long evaluationMicros, byte[] ciphertext) {
    private static final String MAGIC = "SMRB";
    private static final int VERSION = 1;

    public ResultBatch {
        Topics.checkId("gateway", gatewayId);
        Topics.checkId("model", modelId);
        if (sequence < 0 || windows < 1 || windows > FeatureBatch.MAX_WINDOWS || modelVersion < 0) {
            throw new ProtocolException("invalid result header");
        }
    }

    public byte[] encode() {
        return new MessageWriter(ciphertext.length + 192).magic(MAGIC, VERSION).str(gatewayId).i64(sequence)
                .str(modelId).i32(modelVersion).i32(windows).i64(receivedAtMillis).i64(evaluationMicros).blob(ciphertext).toBytes();
    }

    public static ResultBatch decode(byte[] bytes) {
        return MessageReader.read(bytes, "result batch", r -> {
            r.magic(MAGIC, VERSION);
            String gateway = r.str("gateway", 64);
            long seq = r.i64("sequence", 0, Long.MAX_VALUE);
            String model = r.str("model", 64);
            int version = r.i32("modelVersion", 0, Integer.MAX_VALUE);
            int windows = r.i32("windows", 1, FeatureBatch.MAX_WINDOWS);
            long received = r.i64("receivedAt", 0, Long.MAX_VALUE);
            long micros = r.i64("evaluationMicros", 0, Long.MAX_VALUE);
            byte[] ct = r.blob("ciphertext", FeatureBatch.MAX_CIPHERTEXT_BYTES);
            return new ResultBatch(gateway, seq, model, version, windows, received, micros, ct);
        });
    }
}

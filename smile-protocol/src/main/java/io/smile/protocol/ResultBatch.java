package io.smile.protocol;

import io.smile.protocol.codec.MessageReader;
import io.smile.protocol.codec.MessageWriter;

/**
 * The cloud's answer to one feature batch, on the gateway's alerts topic. Either the batch was
 * scored ({@link #STATUS_OK}): the ciphertext holds one slot block per window of the batch with the
 * same sequence, re-randomized so that it reveals nothing of the model beyond what {@link Output}
 * says; or it was refused: {@code status} is the cloud's reason token (e.g. {@code queue-full}),
 * the ciphertext is empty, and {@code retryAfterMillis} &gt; 0 asks the gateway to keep the batch
 * and send it again after that delay (0 = do not retry). Timings let the gateway report where
 * latency goes.
 */
public record ResultBatch(String gatewayId, long sequence, String modelId, int modelVersion, int windows,
                          long receivedAtMillis, long evaluationMicros, Output output, String status,
                          long retryAfterMillis, byte[] ciphertext) {
    private static final String MAGIC = "SMRB";
    private static final int VERSION = 2;
    public static final String STATUS_OK = "ok";
    /** Longest retry delay the cloud may ask for (1 h); a larger value on the wire is refused. */
    public static final long MAX_RETRY_AFTER_MILLIS = 3_600_000L;

    /** What a decrypted slot block means. */
    public enum Output {
        /** the model's integer score itself (the model owner chose to share it) */
        SCORE,
        /** only its sign is meaningful: positive = alert (the score is blinded) */
        DECISION;

        static Output ofCode(int code) {
            Output[] all = values();
            if (code < 0 || code >= all.length) {
                throw new ProtocolException("unknown result output " + code);
            }
            return all[code];
        }
    }

    public ResultBatch {
        Topics.checkId("gateway", gatewayId);
        Topics.checkId("model", modelId);
        if (sequence < 0 || windows < 1 || windows > FeatureBatch.MAX_WINDOWS || modelVersion < 0 || output == null
                || status == null || status.isEmpty() || status.length() > 64 || ciphertext == null) {
            throw new ProtocolException("invalid result header");
        }
        boolean ok = STATUS_OK.equals(status);
        if (ok != (ciphertext.length > 0) || (ok && retryAfterMillis != 0)
                || retryAfterMillis < 0 || retryAfterMillis > MAX_RETRY_AFTER_MILLIS) {
            throw new ProtocolException("a result carries a ciphertext exactly when its status is ok, and a retry delay only when refused");
        }
    }

    /** A scored batch. */
    public static ResultBatch scored(String gatewayId, long sequence, String modelId, int modelVersion, int windows,
                                     long receivedAtMillis, long evaluationMicros, Output output, byte[] ciphertext) {
        return new ResultBatch(gatewayId, sequence, modelId, modelVersion, windows, receivedAtMillis, evaluationMicros,
                output, STATUS_OK, 0, ciphertext);
    }

    /** A refused batch: {@code status} names why; {@code retryAfterMillis} &gt; 0 asks for a re-send. */
    public static ResultBatch refused(String gatewayId, long sequence, String modelId, int modelVersion, int windows,
                                      long receivedAtMillis, String status, long retryAfterMillis) {
        return new ResultBatch(gatewayId, sequence, modelId, modelVersion, windows, receivedAtMillis, 0, Output.DECISION,
                status, retryAfterMillis, new byte[0]);
    }

    public boolean isScored() {
        return STATUS_OK.equals(status);
    }

    public byte[] encode() {
        return new MessageWriter(ciphertext.length + 224).magic(MAGIC, VERSION).str(gatewayId).i64(sequence)
                .str(modelId).i32(modelVersion).i32(windows).i64(receivedAtMillis).i64(evaluationMicros)
                .u8(output.ordinal()).str(status).i64(retryAfterMillis).blob(ciphertext).toBytes();
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
            Output output = Output.ofCode(r.u8("output"));
            String status = r.str("status", 64);
            long retry = r.i64("retryAfter", 0, MAX_RETRY_AFTER_MILLIS);
            byte[] ct = r.blob("ciphertext", FeatureBatch.MAX_CIPHERTEXT_BYTES);
            return new ResultBatch(gateway, seq, model, version, windows, received, micros, output, status, retry, ct);
        });
    }
}

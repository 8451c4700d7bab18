package io.smile.protocol;

import io.smile.protocol.codec.MessageReader;
import io.smile.protocol.codec.MessageWriter;
import java.util.regex.Pattern;

/**
 * The cloud's answer to one {@link SegmentRequest}, published at QoS 1 on
 * {@code smile/TENANT/UNIT/segment-results}: the unit and request ids of the request, a status
 * ({@link #OK}, or the rejection reason, e.g. {@code no-model}, {@code bad-ciphertext}), the
 * receive time, the evaluation time and, when OK, the opaque assignment response (encrypted
 * squared distances, for {@code SegmentClient.distances}); empty otherwise. Binary: magic "SMSA",
 * version 1.
 */
public record SegmentResult(String unitId, String requestId, String status, long receivedAtMillis,
                            long evaluationMicros, byte[] response) {
    public static final String OK = "ok";
    private static final Pattern STATUS = Pattern.compile("[a-z0-9-]{1,64}");
    private static final String MAGIC = "SMSA";
    private static final int VERSION = 1;
    /** Largest response body: a response ciphertext at the lowest level is about 0.25 MB. */
    public static final int MAX_RESPONSE_BYTES = 16 << 20;

    public SegmentResult {
        Topics.checkId("unit", unitId);
        Topics.checkId("request", requestId);
        if (status == null || !STATUS.matcher(status).matches()) {
            throw new ProtocolException("status must match " + STATUS.pattern());
        }
        if (receivedAtMillis < 0 || evaluationMicros < 0) {
            throw new ProtocolException("negative time");
        }
        if (response == null || response.length > MAX_RESPONSE_BYTES) {
            throw new ProtocolException("response body must have at most " + MAX_RESPONSE_BYTES + " bytes");
        }
        if (OK.equals(status) != (response.length > 0)) {
            throw new ProtocolException("a response body comes with status ok, and only with it");
        }
    }

    public boolean ok() {
        return OK.equals(status);
    }

    /** A refusal (no body) with that reason. */
    public static SegmentResult rejected(String unitId, String requestId, String reason, long receivedAtMillis) {
        return new SegmentResult(unitId, requestId, reason, receivedAtMillis, 0, new byte[0]);
    }

    public byte[] encode() {
        return new MessageWriter(response.length + 224).magic(MAGIC, VERSION).str(unitId).str(requestId).str(status)
                .i64(receivedAtMillis).i64(evaluationMicros).blob(response).toBytes();
    }

    public static SegmentResult decode(byte[] bytes) {
        return MessageReader.read(bytes, "segment result", r -> {
            r.magic(MAGIC, VERSION);
            String unit = r.str("unit", 64);
            String id = r.str("requestId", 64);
            String status = r.str("status", 64);
            long received = r.i64("receivedAt", 0, Long.MAX_VALUE);
            long micros = r.i64("evaluationMicros", 0, Long.MAX_VALUE);
            byte[] body = r.blob("response", MAX_RESPONSE_BYTES);
            return new SegmentResult(unit, id, status, received, micros, body);
        });
    }
}

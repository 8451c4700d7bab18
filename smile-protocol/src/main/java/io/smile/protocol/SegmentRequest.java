package io.smile.protocol;

import io.smile.protocol.codec.MessageReader;
import io.smile.protocol.codec.MessageWriter;

/**
 * A unit's segment-assignment request, published on {@code smile/TENANT/UNIT/segment-requests}:
 * the unit id (must equal the topic's), a request id the unit chooses ([A-Za-z0-9_-]{1,64}, echoed
 * in the answer, so the unit can match answers to requests), the creation time and the opaque
 * assignment request (the {@code SegmentClient.request} bytes: a ciphertext of the unit's encrypted
 * employees). Binary: magic "SMSQ", version 1, then the fields, every length checked.
 */
public record SegmentRequest(String unitId, String requestId, long createdAtMillis, byte[] request) {
    private static final String MAGIC = "SMSQ";
    private static final int VERSION = 1;
    /** Largest request body: a request ciphertext at the request level is about 0.5 MB. */
    public static final int MAX_REQUEST_BYTES = 16 << 20;

    public SegmentRequest {
        Topics.checkId("unit", unitId);
        Topics.checkId("request", requestId);
        if (createdAtMillis < 0) {
            throw new ProtocolException("negative creation time");
        }
        if (request == null || request.length == 0 || request.length > MAX_REQUEST_BYTES) {
            throw new ProtocolException("request body must have 1.." + MAX_REQUEST_BYTES + " bytes");
        }
    }

    public byte[] encode() {
        return new MessageWriter(request.length + 160).magic(MAGIC, VERSION).str(unitId).str(requestId)
                .i64(createdAtMillis).blob(request).toBytes();
    }

    public static SegmentRequest decode(byte[] bytes) {
        return MessageReader.read(bytes, "segment request", r -> {
            r.magic(MAGIC, VERSION);
            String unit = r.str("unit", 64);
            String id = r.str("requestId", 64);
            long created = r.i64("createdAt", 0, Long.MAX_VALUE);
            byte[] body = r.blob("request", MAX_REQUEST_BYTES);
            return new SegmentRequest(unit, id, created, body);
        });
    }
}

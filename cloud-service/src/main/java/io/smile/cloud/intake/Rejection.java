package io.smile.cloud.intake;

import java.util.List;

/**
 * Why a message was refused. The reason is a short stable token used in the WARN log line and the
 * {@code reason} tag of the rejection metrics; the detail (never payload contents beyond ids) is
 * logged at DEBUG only.
 */
public final class Rejection extends Exception {
    private static final long serialVersionUID = 1L;

    // feature batches
    public static final String OVERSIZED = "oversized";
    public static final String MALFORMED = "malformed";
    public static final String TOPIC_MISMATCH = "topic-mismatch";
    public static final String UNKNOWN_GATEWAY = "unknown-gateway";
    public static final String NO_MODEL = "no-model";
    public static final String UNKNOWN_MODEL = "unknown-model";
    public static final String TOO_MANY_WINDOWS = "too-many-windows";
    public static final String BAD_CIPHERTEXT = "bad-ciphertext";
    public static final String LEVEL_TOO_LOW = "level-too-low";
    public static final String DUPLICATE = "duplicate";
    public static final String QUEUE_FULL = "queue-full";
    public static final String EVALUATION_FAILED = "evaluation-failed";
    public static final String PUBLISH_FAILED = "publish-failed";
    public static final String INTERNAL_ERROR = "internal-error";

    // key registrations
    public static final String INSECURE_PARAMETERS = "insecure-parameters";
    public static final String BAD_PARAMETERS = "bad-parameters";
    public static final String BAD_KEYS = "bad-keys";
    public static final String MODEL_MISMATCH = "model-mismatch";
    public static final String TOO_MANY_GATEWAYS = "too-many-gateways";
    public static final String TENANT_MISMATCH = "tenant-mismatch";
    public static final String STORAGE_ERROR = "storage-error";

    // segment assignment (besides the shared tokens above)
    public static final String UNKNOWN_UNIT = "unknown-unit";
    public static final String WRONG_PARAMETERS = "wrong-parameters";
    public static final String TOO_MANY_UNITS = "too-many-units";

    public static final List<String> BATCH_REASONS = List.of(OVERSIZED, MALFORMED, TOPIC_MISMATCH, UNKNOWN_GATEWAY,
            NO_MODEL, UNKNOWN_MODEL, TOO_MANY_WINDOWS, BAD_CIPHERTEXT, LEVEL_TOO_LOW, DUPLICATE, QUEUE_FULL,
            EVALUATION_FAILED, PUBLISH_FAILED, INTERNAL_ERROR);

    public static final List<String> REGISTRATION_REASONS = List.of(OVERSIZED, MALFORMED, TOPIC_MISMATCH,
            INSECURE_PARAMETERS, BAD_PARAMETERS, BAD_KEYS, MODEL_MISMATCH, TOO_MANY_GATEWAYS, TENANT_MISMATCH,
            QUEUE_FULL, STORAGE_ERROR, INTERNAL_ERROR);

    /** Reasons a segment request is refused (the {@code outcome} tag besides {@code ok}). */
    public static final List<String> SEGMENT_REQUEST_REASONS = List.of(OVERSIZED, MALFORMED, TOPIC_MISMATCH, UNKNOWN_UNIT,
            TENANT_MISMATCH, NO_MODEL, BAD_CIPHERTEXT, QUEUE_FULL, EVALUATION_FAILED, PUBLISH_FAILED, INTERNAL_ERROR);

    /** Reasons a unit's segment key registration is refused. */
    public static final List<String> SEGMENT_REGISTRATION_REASONS = List.of(OVERSIZED, MALFORMED, TOPIC_MISMATCH,
            WRONG_PARAMETERS, BAD_KEYS, TOO_MANY_UNITS, TENANT_MISMATCH, QUEUE_FULL, INTERNAL_ERROR);

    private final String reason;

    public Rejection(String reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}

package io.smile.cloud.intake;

import java.util.Arrays;
import java.util.List;

/**
 * Why the service refused a message: the one list of rejection reasons. {@link #wire()} is the
 * token in the WARN line, the {@code reason}/{@code outcome} tag of the metrics and the status of a
 * refused segment answer; it never changes once published (dashboards and units depend on it).
 * {@link #refuses()} says which messages a reason applies to, which is what the metrics pre-register
 * and what the rejection tables of README.md list ({@code ReasonDocumentationTest} keeps them equal).
 */
public enum Reason {
    OVERSIZED("oversized", "payload larger than the configured limit, refused before decoding",
            Refused.BATCH, Refused.GATEWAY_KEYS, Refused.SEGMENT_REQUEST, Refused.UNIT_KEYS),
    QUEUE_FULL("queue-full", "the sender's pending limit or the total queue is reached",
            Refused.BATCH, Refused.GATEWAY_KEYS, Refused.SEGMENT_REQUEST, Refused.UNIT_KEYS),
    TOPIC_MISMATCH("topic-mismatch", "not a SMiLe topic of that kind, or its ids differ from the payload's or the registration's",
            Refused.BATCH, Refused.GATEWAY_KEYS, Refused.SEGMENT_REQUEST, Refused.UNIT_KEYS),
    MALFORMED("malformed", "the envelope does not decode",
            Refused.BATCH, Refused.GATEWAY_KEYS, Refused.SEGMENT_REQUEST, Refused.UNIT_KEYS),
    BAD_SIGNATURE("bad-signature", "a registration not validly signed by the identity key it carries, or a batch not by the gateway's pinned identity",
            Refused.BATCH, Refused.GATEWAY_KEYS, Refused.UNIT_KEYS),
    IDENTITY_MISMATCH("identity-mismatch", "the gateway id is pinned to another identity key (its first registration's); the stored keys stay",
            Refused.GATEWAY_KEYS),
    UNKNOWN_GATEWAY("unknown-gateway", "no keys registered for the gateway", Refused.BATCH),
    DUPLICATE("duplicate", "this gateway sequence was already processed (not scored again: answered with its stored result while kept)", Refused.BATCH),
    NO_MODEL("no-model", "no model loaded", Refused.BATCH, Refused.SEGMENT_REQUEST),
    UNKNOWN_MODEL("unknown-model", "the batch names a model that is not loaded", Refused.BATCH),
    TOO_MANY_WINDOWS("too-many-windows", "more windows than one ciphertext holds", Refused.BATCH),
    BAD_CIPHERTEXT("bad-ciphertext", "the ciphertext does not decode in the sender's session", Refused.BATCH,
            Refused.SEGMENT_REQUEST),
    LEVEL_TOO_LOW("level-too-low", "the ciphertext has too few levels left for the scoring plan", Refused.BATCH),
    OVER_BUDGET("over-budget", "the gateway's query budget (windows scored per hour or per day) is used up; answered with when to retry",
            Refused.BATCH),
    EVALUATION_FAILED("evaluation-failed", "the encrypted evaluation failed (e.g. a rotation key missing)", Refused.BATCH,
            Refused.SEGMENT_REQUEST),
    PUBLISH_FAILED("publish-failed", "the answer could not be handed to the MQTT client", Refused.BATCH,
            Refused.SEGMENT_REQUEST),
    INSECURE_PARAMETERS("insecure-parameters", "BGV parameters below the 128-bit security bound", Refused.GATEWAY_KEYS),
    BAD_PARAMETERS("bad-parameters", "the BGV parameters do not open a session", Refused.GATEWAY_KEYS),
    WRONG_PARAMETERS("wrong-parameters", "parameters or block size other than the assignment parameter set",
            Refused.UNIT_KEYS),
    BAD_KEYS("bad-keys", "the public or evaluation keys do not load for the parameters", Refused.GATEWAY_KEYS,
            Refused.UNIT_KEYS),
    MODEL_MISMATCH("model-mismatch", "the parameters or block size do not fit a loaded model", Refused.GATEWAY_KEYS),
    TOO_MANY_GATEWAYS("too-many-gateways", "the registry holds its maximum of gateways", Refused.GATEWAY_KEYS),
    TOO_MANY_UNITS("too-many-units", "the maximum of units is registered", Refused.UNIT_KEYS),
    UNKNOWN_UNIT("unknown-unit", "no segment keys registered for the unit", Refused.SEGMENT_REQUEST),
    TENANT_MISMATCH("tenant-mismatch", "the id is registered under another tenant", Refused.GATEWAY_KEYS,
            Refused.SEGMENT_REQUEST, Refused.UNIT_KEYS),
    STORAGE_ERROR("storage-error", "the registration could not be persisted", Refused.GATEWAY_KEYS),
    INTERNAL_ERROR("internal-error", "anything unexpected (logged with its stack trace)",
            Refused.BATCH, Refused.GATEWAY_KEYS, Refused.SEGMENT_REQUEST, Refused.UNIT_KEYS);

    /** The messages a reason can refuse; each has its own metric. */
    public enum Refused {
        /** feature batches: {@code smile_batches_rejected_total{reason}} */
        BATCH,
        /** gateway key registrations: {@code smile_registrations_rejected_total{reason}} */
        GATEWAY_KEYS,
        /** segment requests: {@code smile_segment_requests_total{outcome}} */
        SEGMENT_REQUEST,
        /** unit key registrations: {@code smile_segment_registrations_total{outcome}} */
        UNIT_KEYS
    }

    private final String wire;
    private final String meaning;
    private final List<Refused> refuses;

    Reason(String wire, String meaning, Refused... refuses) {
        this.wire = wire;
        this.meaning = meaning;
        this.refuses = List.of(refuses);
    }

    /** The token in logs, metric tags and segment answers. */
    public String wire() {
        return wire;
    }

    /** One line on when it happens. */
    public String meaning() {
        return meaning;
    }

    public List<Refused> refuses() {
        return refuses;
    }

    /** The reasons that can refuse that kind of message, in declaration order. */
    public static List<Reason> refusing(Refused what) {
        return Arrays.stream(values()).filter(r -> r.refuses.contains(what)).toList();
    }

    @Override
    public String toString() {
        return wire;
    }
}

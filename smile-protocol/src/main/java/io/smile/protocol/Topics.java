package io.smile.protocol;

import java.util.regex.Pattern;

/**
 * MQTT topic layout. Tenant and gateway ids are restricted to [A-Za-z0-9_-]{1,64} so they can never
 * inject MQTT wildcards or extra levels.
 */
public final class Topics {
    public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final String ROOT = "smile";
    /** Last topic level of the segment-assignment topics. */
    public static final String SEGMENT_KEYS = "segment-keys";
    public static final String SEGMENT_REQUESTS = "segment-requests";
    public static final String SEGMENT_RESULTS = "segment-results";

    private Topics() {
    }

    public static String checkId(String kind, String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new ProtocolException(kind + " id must match " + ID.pattern() + ", got '" + id + "'");
        }
        return id;
    }

    /** Registration: parameters, public key and evaluation keys (retained). */
    public static String keys(String tenant, String gateway) {
        return ROOT + "/" + checkId("tenant", tenant) + "/" + checkId("gateway", gateway) + "/keys";
    }

    /** Encrypted feature batches, QoS 1. */
    public static String features(String tenant, String gateway) {
        return ROOT + "/" + checkId("tenant", tenant) + "/" + checkId("gateway", gateway) + "/features";
    }

    /** Encrypted results for one gateway, QoS 1. */
    public static String alerts(String tenant, String gateway) {
        return ROOT + "/" + checkId("tenant", tenant) + "/" + checkId("gateway", gateway) + "/alerts";
    }

    /**
     * The cloud's view of one gateway ({@link GatewayStatus}): only the cloud writes it, the gateway
     * reads it. Retained while the cloud holds keys of the gateway.
     */
    public static String status(String tenant, String gateway) {
        return ROOT + "/" + checkId("tenant", tenant) + "/" + checkId("gateway", gateway) + "/status";
    }

    /** Segment assignment: a unit's public key and evaluation keys for {@code AssignmentLayout.spec()} (retained). */
    public static String segmentKeys(String tenant, String unit) {
        return ROOT + "/" + checkId("tenant", tenant) + "/" + checkId("unit", unit) + "/" + SEGMENT_KEYS;
    }

    /** Segment assignment: a unit's requests ({@link SegmentRequest}), QoS 1. */
    public static String segmentRequests(String tenant, String unit) {
        return ROOT + "/" + checkId("tenant", tenant) + "/" + checkId("unit", unit) + "/" + SEGMENT_REQUESTS;
    }

    /** Segment assignment: the answers for one unit ({@link SegmentResult}), QoS 1. */
    public static String segmentResults(String tenant, String unit) {
        return ROOT + "/" + checkId("tenant", tenant) + "/" + checkId("unit", unit) + "/" + SEGMENT_RESULTS;
    }

    public static String allSegmentKeys() {
        return ROOT + "/+/+/" + SEGMENT_KEYS;
    }

    /** Segment requests for a cloud instance (a shared subscription splits the load between instances). */
    public static String allSegmentRequests(boolean shared) {
        return (shared ? "$share/cloud/" : "") + ROOT + "/+/+/" + SEGMENT_REQUESTS;
    }

    /** What a cloud instance subscribes to (a shared subscription splits the load between instances). */
    public static String allFeatures(boolean shared) {
        return (shared ? "$share/cloud/" : "") + ROOT + "/+/+/features";
    }

    public static String allKeys() {
        return ROOT + "/+/+/keys";
    }

    /**
     * {tenant, gateway, kind} of a concrete topic, validated: {@link TenantTopic#parse} as an array, for the
     * callers not yet moved to {@link TenantTopic}.
     */
    public static String[] parse(String topic) {
        TenantTopic t = TenantTopic.parse(topic);
        return new String[] {t.tenant(), t.id(), t.kind()};
    }
}

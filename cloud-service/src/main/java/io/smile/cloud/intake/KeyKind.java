package io.smile.cloud.intake;

import io.smile.protocol.Topics;

/**
 * Whose keys a registration carries. Both kinds use the {@code KeyRegistration} envelope (its
 * gateway id field holds the unit id for units); they differ in topic, registry and metrics.
 */
public enum KeyKind {
    /** An edge gateway's keys for predictive-maintenance scoring, on {@code smile/T/G/keys}. */
    GATEWAY("keys", "gateway", "smile-registration"),
    /** An organisational unit's keys for segment assignment, on {@code smile/T/U/segment-keys}. */
    UNIT(Topics.SEGMENT_KEYS, "unit", "smile-segment-registration");

    private final String topicKind;
    private final String noun;
    private final String threadName;

    KeyKind(String topicKind, String noun, String threadName) {
        this.topicKind = topicKind;
        this.noun = noun;
        this.threadName = threadName;
    }

    /** The last topic level of this kind's registrations. */
    public String topicKind() {
        return topicKind;
    }

    /** "gateway" or "unit", for log lines. */
    public String noun() {
        return noun;
    }

    String threadName() {
        return threadName;
    }
}

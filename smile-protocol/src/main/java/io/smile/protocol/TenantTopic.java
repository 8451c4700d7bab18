package io.smile.protocol;

import io.smile.protocol.mqtt.TopicName;

/**
 * A concrete topic of the edge–cloud layout, {@code smile/{tenant}/{id}/{kind}}, validated: both ids
 * match {@link Topics#ID}. {@code id} is a gateway (keys, features, alerts) or an organisational unit
 * (segment-keys, segment-requests, segment-results).
 */
public record TenantTopic(String tenant, String id, String kind) {
    private static final String ROOT = "smile";

    public TenantTopic {
        Topics.checkId("tenant", tenant);
        Topics.checkId("gateway", id);
        if (kind == null) {
            throw new ProtocolException("no topic kind");
        }
    }

    /** @throws ProtocolException when {@code topic} is not {@code smile/{tenant}/{id}/{kind}} with valid ids */
    public static TenantTopic parse(String topic) {
        TopicName t;
        try {
            t = TopicName.parse(topic);
        } catch (IllegalArgumentException e) {
            throw new ProtocolException("not a SMiLe topic: " + topic + " (" + e.getMessage() + ")");
        }
        if (t.size() != 4 || !ROOT.equals(t.level(0))) {
            throw new ProtocolException("not a SMiLe topic: " + topic);
        }
        return new TenantTopic(t.level(1), t.level(2), t.level(3));
    }

    @Override
    public String toString() {
        return ROOT + "/" + tenant + "/" + id + "/" + kind;
    }
}

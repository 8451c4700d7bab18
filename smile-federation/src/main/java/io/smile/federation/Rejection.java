package io.smile.federation;

/** A message refused by a member or the coordinator: who sent it (from the topic), where, and why. */
public record Rejection(String sender, String topic, String reason) {
    @Override
    public String toString() {
        return "rejected from " + sender + " on " + topic + ": " + reason;
    }
}

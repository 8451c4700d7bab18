package io.smile.protocol.mqtt;

import java.util.List;

/**
 * An MQTT subscription filter, validated: {@code +} stands alone in its level, {@code #} stands
 * alone in the last level, and a shared subscription is {@code $share/{group}/{filter}}.
 * {@link #matches(TopicName)} follows MQTT 5 §4.7: a filter starting with a wildcard does not
 * match topics starting with {@code $}, and a shared subscription matches what its inner filter
 * matches.
 */
public final class TopicFilter {
    private static final String SHARE = "$share";

    private final String text;
    private final List<String> levels;
    private final boolean shared;

    private TopicFilter(String text, List<String> levels, boolean shared) {
        this.text = text;
        this.levels = levels;
        this.shared = shared;
    }

    /** @throws IllegalArgumentException when {@code filter} is not a valid MQTT topic filter */
    public static TopicFilter parse(String filter) {
        TopicName.checkText("topic filter", filter);
        List<String> all = TopicName.split(filter);
        List<String> inner = all;
        if (all.get(0).equals(SHARE)) {
            if (all.size() < 3 || all.get(1).isEmpty() || all.get(1).contains("+") || all.get(1).contains("#")) {
                throw new IllegalArgumentException("a shared subscription is $share/{group}/{filter}: '" + filter + "'");
            }
            inner = all.subList(2, all.size());
        }
        for (int i = 0; i < inner.size(); i++) {
            String level = inner.get(i);
            if (level.contains("#") && (!level.equals("#") || i != inner.size() - 1)) {
                throw new IllegalArgumentException("'#' must be the whole last level: '" + filter + "'");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException("'+' must be a whole level: '" + filter + "'");
            }
        }
        return new TopicFilter(filter, List.copyOf(inner), inner != all);
    }

    /** Whether this is a shared subscription ({@code $share/...}). */
    public boolean isShared() {
        return shared;
    }

    /** Whether a subscription with this filter receives messages published on {@code topic}. */
    public boolean matches(TopicName topic) {
        List<String> t = topic.levels();
        if (t.get(0).startsWith("$") && (levels.get(0).equals("+") || levels.get(0).equals("#"))) {
            return false;
        }
        for (int i = 0; i < levels.size(); i++) {
            String f = levels.get(i);
            if (f.equals("#")) {
                return true; // also matches the parent level: "a/#" matches "a"
            }
            if (i >= t.size() || !(f.equals("+") || f.equals(t.get(i)))) {
                return false;
            }
        }
        return levels.size() == t.size();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicFilter f && f.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The filter as subscribed. */
    @Override
    public String toString() {
        return text;
    }
}

package io.smile.protocol.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A concrete MQTT topic name (what a message is published on), validated and split into its
 * levels: at least one character, at most 65535 bytes of UTF-8, no wildcard ({@code +},
 * {@code #}) and no NUL. Empty levels are kept ({@code a//b} has three levels), as in MQTT.
 *
 * <p>This is the one place topics are split; the SMiLe layouts ({@link io.smile.protocol.TenantTopic},
 * the federation's topics) read levels from here.
 */
public final class TopicName {
    static final int MAX_BYTES = 65_535;

    private final String text;
    private final List<String> levels;

    private TopicName(String text, List<String> levels) {
        this.text = text;
        this.levels = levels;
    }

    /** @throws IllegalArgumentException when {@code topic} is not a valid MQTT topic name */
    public static TopicName parse(String topic) {
        checkText("topic name", topic);
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            throw new IllegalArgumentException("a topic name has no wildcards: '" + topic + "'");
        }
        return new TopicName(topic, split(topic));
    }

    static void checkText(String what, String s) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("empty MQTT " + what);
        }
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("MQTT " + what + " contains NUL");
        }
        if (s.length() > MAX_BYTES / 3 && s.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new IllegalArgumentException("MQTT " + what + " longer than " + MAX_BYTES + " bytes");
        }
    }

    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int i = s.indexOf('/'); i >= 0; i = s.indexOf('/', from)) {
            out.add(s.substring(from, i));
            from = i + 1;
        }
        out.add(s.substring(from));
        return List.copyOf(out);
    }

    /** The levels, in order (unmodifiable). */
    public List<String> levels() {
        return levels;
    }

    public int size() {
        return levels.size();
    }

    /** Level {@code i}, from 0. */
    public String level(int i) {
        return levels.get(i);
    }

    /** The last level. */
    public String last() {
        return levels.get(levels.size() - 1);
    }

    /** Whether this topic is one a subscription to {@code filter} receives. */
    public boolean matches(TopicFilter filter) {
        return filter.matches(this);
    }

    /** UTF-8 length in bytes (what the topic costs on the wire, without its length prefix). */
    public int byteLength() {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TopicName t && t.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** The topic as published. */
    @Override
    public String toString() {
        return text;
    }
}

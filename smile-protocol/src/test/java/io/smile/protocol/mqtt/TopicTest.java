package io.smile.protocol.mqtt;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.protocol.ProtocolException;
import io.smile.protocol.TenantTopic;
import io.smile.protocol.Topics;
import java.util.List;
import org.junit.jupiter.api.Test;

class TopicTest {
    private static boolean matches(String filter, String topic) {
        return TopicFilter.parse(filter).matches(TopicName.parse(topic));
    }

    @Test
    void topicNamesKeepEveryLevel() {
        assertEquals(List.of("smile", "fed", "f1", "rounds", "3", "contrib", "2"),
                TopicName.parse("smile/fed/f1/rounds/3/contrib/2").levels());
        assertEquals(List.of("a", "", "b", ""), TopicName.parse("a//b/").levels());
        assertEquals(List.of("", "x"), TopicName.parse("/x").levels());
        assertEquals("2", TopicName.parse("smile/fed/f1/rounds/3/contrib/2").last());
        assertEquals(5, TopicName.parse("é/ü").byteLength());
        assertEquals(TopicName.parse("a/b"), TopicName.parse("a/b"));
    }

    @Test
    void invalidTopicNamesAreRefused() {
        for (String bad : new String[] {"", "a/+", "a/#", "a/b+", "nul\0", "x".repeat(65_536)}) {
            assertThrows(IllegalArgumentException.class, () -> TopicName.parse(bad), bad.length() > 20 ? "long" : bad);
        }
        assertThrows(IllegalArgumentException.class, () -> TopicName.parse(null));
        assertDoesNotThrow(() -> TopicName.parse("x".repeat(65_535)));
        // 3 bytes per character: 21846 characters are 65538 bytes
        assertThrows(IllegalArgumentException.class, () -> TopicName.parse("€".repeat(21_846)));
    }

    @Test
    void invalidFiltersAreRefused() {
        for (String bad : new String[] {"", "a/#/b", "a#", "a/b#", "a+/b", "a/+b", "$share/g", "$share//a", "$share/g+/a",
                                        "$share/g/a/#/b"}) {
            assertThrows(IllegalArgumentException.class, () -> TopicFilter.parse(bad), bad);
        }
        assertTrue(TopicFilter.parse("$share/cloud/smile/+/+/features").isShared());
        assertFalse(TopicFilter.parse("smile/+/+/features").isShared());
    }

    @Test
    void filtersMatchAsMqttSays() {
        assertTrue(matches("smile/+/+/features", "smile/acme/gw-1/features"));
        assertFalse(matches("smile/+/+/features", "smile/acme/gw-1/keys"));
        assertFalse(matches("smile/+/+/features", "smile/acme/features"));
        assertFalse(matches("smile/+/+", "smile/acme/gw-1/features"));
        assertTrue(matches("smile/#", "smile/acme/gw-1/features"));
        assertTrue(matches("smile/#", "smile"), "# also matches the parent level");
        assertTrue(matches("#", "a/b"));
        assertTrue(matches("+/+", "a/"), "an empty level is a level");
        assertFalse(matches("+", "a/b"));
        assertTrue(matches("a/b", "a/b"));
        assertFalse(matches("a/b", "a/b/c"));
        assertFalse(matches("A/b", "a/b"), "case matters");
        // wildcards at the first level do not reach $ topics
        assertFalse(matches("#", "$SYS/broker/load"));
        assertFalse(matches("+/broker/load", "$SYS/broker/load"));
        assertTrue(matches("$SYS/#", "$SYS/broker/load"));
        // a shared subscription matches what its inner filter matches
        assertTrue(matches("$share/cloud/smile/+/+/features", "smile/acme/gw-1/features"));
        assertFalse(matches("$share/cloud/smile/+/+/features", "$share/cloud/smile/acme/gw-1/features"));
    }

    @Test
    void tenantTopicsAreParsedOnceAndValidated() {
        assertEquals(new TenantTopic("acme", "gw-1", "features"), TenantTopic.parse(Topics.features("acme", "gw-1")));
        assertEquals("smile/acme/hr-rd/segment-keys", TenantTopic.parse(Topics.segmentKeys("acme", "hr-rd")).toString());
        for (String bad : new String[] {"smile/acme/gw-1", "smile/acme/gw-1/features/x", "other/acme/gw-1/features",
                                        "smile/ac me/gw-1/features", "smile/acme/+/features", "smile//gw-1/features", ""}) {
            assertThrows(ProtocolException.class, () -> TenantTopic.parse(bad), bad);
            assertThrows(ProtocolException.class, () -> Topics.parse(bad), bad);
        }
        assertEquals("", TenantTopic.parse("smile/acme/gw-1/").kind(), "as before: the kind is not checked here");
    }
}

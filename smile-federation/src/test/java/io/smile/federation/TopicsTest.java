package io.smile.federation;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.federation.transport.MqttTransport;
import org.junit.jupiter.api.Test;

class TopicsTest {
    private final Topics t = new Topics("fed-1");

    @Test
    void theSenderAndRoundAreReadFromTheTopic() {
        assertEquals(3, Topics.memberOf(t.hello(3)));
        assertEquals("member 3", Topics.senderOf(t.hello(3)));
        assertEquals(7, Topics.memberOf(t.contribution(12, 7)));
        assertEquals(12, Topics.roundOf(t.contribution(12, 7)));
        assertEquals(4, Topics.roundOf(t.decryptionShare(4, 2)));
        assertEquals(2, Topics.memberOf(t.decryptionShare(4, 2)));
        assertEquals(-1, Topics.memberOf(t.aggregate(5)));
        assertEquals("coordinator", Topics.senderOf(t.aggregate(5)));
        assertEquals(-1, Topics.roundOf(t.publicKey()));
        assertEquals(-1, Topics.roundOf("smile/fed/fed-1/rounds/x/result"));
        assertEquals(-1, Topics.memberOf("smile/fed/fed-1/keys/ckg/1234567890"), "ten digits are no member id");
        // a trailing empty level names no member, as before
        assertEquals(-1, Topics.memberOf("smile/fed/fed-1/rounds/1/contrib/"));
        assertEquals(1, Topics.roundOf("smile/fed/fed-1/rounds/1/contrib/"));
    }

    @Test
    void filtersMatchTheTopicsTheyStandFor() {
        assertTrue(MqttTransport.matches(t.contributionAll(), t.contribution(3, 1)));
        assertFalse(MqttTransport.matches(t.contributionAll(), t.decryptionShare(3, 1)));
        assertTrue(MqttTransport.matches(t.helloAll(), t.hello(9)));
        assertTrue(MqttTransport.matches("smile/fed/#", t.result(2)));
        assertFalse(MqttTransport.matches(new Topics("fed-2").resultAll(), t.result(2)));
    }
}

package io.smile.protocol.mqtt;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
    @Test
    void doublesFromTheMinimumAndNeverExceedsTheMaximum() {
        ReconnectBackoff b = new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(5));
        assertEquals(Duration.ofSeconds(1), b.delayAfter(1));
        assertEquals(Duration.ofSeconds(2), b.delayAfter(2));
        assertEquals(Duration.ofSeconds(4), b.delayAfter(3));
        // Paho 1.2.5 would wait 8 s here: it doubles while below its maximum
        assertEquals(Duration.ofSeconds(5), b.delayAfter(4));
        for (int n = 1; n < 10_000; n += 7) {
            assertTrue(b.delayAfter(n).compareTo(Duration.ofSeconds(5)) <= 0, "after " + n);
        }
        assertEquals(Duration.ofSeconds(5), b.delayAfter(Integer.MAX_VALUE));
    }

    @Test
    void largeMaximaDoNotOverflow() {
        ReconnectBackoff b = new ReconnectBackoff(Duration.ofMillis(3), Duration.ofDays(365));
        Duration previous = Duration.ZERO;
        for (int n = 1; n < 200; n++) {
            Duration d = b.delayAfter(n);
            assertTrue(d.compareTo(previous) >= 0, "never shrinks, after " + n);
            assertTrue(d.compareTo(Duration.ofDays(365)) <= 0, "after " + n);
            previous = d;
        }
        assertEquals(Duration.ofDays(365), previous);
    }

    @Test
    void equalMinimumAndMaximumIsAFixedDelay() {
        ReconnectBackoff b = new ReconnectBackoff(Duration.ofMillis(700), Duration.ofMillis(700));
        assertEquals(Duration.ofMillis(700), b.delayAfter(1));
        assertEquals(Duration.ofMillis(700), b.delayAfter(30));
    }

    @Test
    void invalidBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ReconnectBackoff(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new ReconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new ReconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1))
                .delayAfter(0));
        assertThrows(IllegalArgumentException.class, () -> MqttSettings.of("tcp://127.0.0.1:1", "c")
                .withReconnectDelay(Duration.ofSeconds(3), Duration.ofSeconds(2)));
    }
}

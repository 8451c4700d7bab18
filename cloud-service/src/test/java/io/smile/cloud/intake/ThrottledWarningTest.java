package io.smile.cloud.intake;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

class ThrottledWarningTest {
    @Test
    void aFloodOfRefusalsGivesOneLinePerInterval() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        ThrottledWarning w = new ThrottledWarning(Logger.getLogger(ThrottledWarningTest.class), 10_000, now::get);
        for (int i = 0; i < 1000; i++) {
            w.warn("refused " + i);
        }
        assertEquals(1, w.lines(), "the first at once, the rest counted");
        now.addAndGet(9_999_000_000L);
        w.warn("refused");
        assertEquals(1, w.lines());
        now.addAndGet(1_000_000L);
        w.warn("refused");
        assertEquals(2, w.lines(), "the next line once the interval passed");
    }
}

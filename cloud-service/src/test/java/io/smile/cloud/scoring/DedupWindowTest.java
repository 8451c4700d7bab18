package io.smile.cloud.scoring;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class DedupWindowTest {
    @Test
    void contiguousSequencesAdvanceTheFloorAndGapsAreRemembered() {
        DedupWindow w = new DedupWindow(4);
        assertEquals(-1, w.floor());
        assertEquals(-1, w.highest());
        assertTrue(w.claim(0));
        assertFalse(w.claim(0), "claimed twice");
        w.markDone(0);
        assertTrue(w.isDone(0));
        assertFalse(w.claim(0));
        w.markDone(2);
        w.markDone(3);
        assertEquals(0, w.floor());
        assertEquals(List.of(2L, 3L), w.above());
        assertEquals(3, w.highest());
        assertFalse(w.isDone(1));
        w.markDone(1);
        assertEquals(3, w.floor());
        assertTrue(w.above().isEmpty());
    }

    @Test
    void releasedClaimsCanBeRetriedAndTheWindowIsBounded() {
        DedupWindow w = new DedupWindow(3);
        assertTrue(w.claim(5));
        w.release(5);
        assertTrue(w.claim(5));
        w.markDone(5);
        w.markDone(10);
        w.markDone(20);
        w.markDone(30); // the set would hold 4 > 3: the floor jumps to 5, giving up 0..4
        assertEquals(5, w.floor());
        assertEquals(List.of(10L, 20L, 30L), w.above());
        assertTrue(w.isDone(3), "a gap older than the window counts as processed");
        assertFalse(w.isDone(11));
        DedupWindow restored = new DedupWindow(3, w.floor(), w.above());
        assertEquals(w.floor(), restored.floor());
        assertEquals(w.above(), restored.above());
        assertThrows(IllegalArgumentException.class, () -> new DedupWindow(0));
    }
}

package io.smile.cloud.scoring;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class ResultCacheTest {
    @Test
    void keepsTheLastResultsPerGatewayBoundedInCountAndBytes() {
        ResultCache c = new ResultCache(3, 1000);
        for (long s = 0; s < 5; s++) {
            c.put("g", s, "t", new byte[100]);
        }
        assertTrue(c.get("g", 0).isEmpty() && c.get("g", 1).isEmpty(), "the oldest go first");
        assertTrue(c.get("g", 4).isPresent());
        assertEquals(300, c.bytes());
        c.put("g", 5, "t", new byte[901]); // the byte bound evicts the older ones
        assertTrue(c.get("g", 5).isPresent());
        assertTrue(c.get("g", 3).isEmpty() && c.get("g", 4).isEmpty());
        assertEquals(901, c.bytes());
        c.put("g", 6, "t", new byte[1001]); // larger than the bound: not kept
        assertTrue(c.get("g", 6).isEmpty());
        c.put("h", 0, "t", new byte[10]);
        assertTrue(c.get("g", 0).isEmpty() && c.get("h", 0).isPresent(), "per gateway");
        c.forget("g");
        assertEquals(10, c.bytes());
    }
}

package io.smile.he.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The branch-free 2-bit codes of the ternary secret equal the documented table (docs/wire-format.md). */
class SecretKeyCodeTest {
    @Test
    void codesMatchTheTableBothWays() {
        byte[] values = {0, 1, -1};
        long[] codes = {0, 1, 2};
        for (int i = 0; i < values.length; i++) {
            assertEquals(codes[i], BgvSerializer.ternaryCode(values[i]), "code of " + values[i]);
            assertEquals(values[i], BgvSerializer.ternaryOfCode(codes[i]), "value of code " + codes[i]);
        }
    }
}

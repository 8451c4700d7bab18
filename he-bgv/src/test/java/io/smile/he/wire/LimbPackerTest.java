package io.smile.he.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Both bit orders of the one packer round-trip every width and see non-zero padding. */
class LimbPackerTest {
    @Test
    void everyWidthRoundTripsInBothOrders() {
        Random rnd = new Random(5);
        for (LimbPacker order : LimbPacker.values()) {
            for (int bits = 1; bits <= 63; bits++) {
                int n = 13; // 13 * bits is a whole number of bytes only for bits divisible by 8
                long[] row = new long[n];
                for (int i = 0; i < n; i++) {
                    row[i] = rnd.nextLong() >>> (64 - bits);
                }
                row[0] = (1L << bits) - 1;
                byte[] out = new byte[(int) LimbPacker.limbBytes(n, bits) + 2];
                int end = order.pack(row, n, bits, out, 1);
                assertEquals(1 + LimbPacker.limbBytes(n, bits), end, order + " " + bits);
                long[] back = new long[n];
                assertTrue(order.unpack(out, 1, n, bits, back), order + " " + bits);
                assertArrayEquals(row, back, order + " " + bits);
                if ((n * bits) % 8 != 0) {
                    int pad = 8 - (n * bits) % 8;
                    // the padding bit next to the data: the lowest of the last byte MSB first, the highest LSB first
                    out[end - 1] ^= (byte) (order == LimbPacker.MSB_FIRST ? 1 : 0x80);
                    assertFalse(order.unpack(out, 1, n, bits, back), order + " " + bits + " pad " + pad);
                }
            }
        }
    }

    @Test
    void bitOrdersPlaceTheFirstValueAtOppositeEnds() {
        byte[] msb = new byte[2];
        byte[] lsb = new byte[2];
        LimbPacker.MSB_FIRST.pack(new long[] {0b101, 0b011}, 2, 3, msb, 0);
        LimbPacker.LSB_FIRST.pack(new long[] {0b101, 0b011}, 2, 3, lsb, 0);
        assertEquals((byte) 0b1010_1100, msb[0]); // 101 011 00
        assertEquals((byte) 0b0001_1101, lsb[0]); // 00 011 101, read right to left
    }
}

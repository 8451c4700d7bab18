package io.smile.he.wire;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The limb bit-packing at every width 2..61 against an independent bit-string reference. */
class WirePackingTest {
    private static final int TRIES = Integer.getInteger("smile.tries", 60);

    /** Reference: concatenate the binary digits (MSB first), pad with zeros, cut into bytes. */
    private static byte[] reference(long[] values, int bits) {
        StringBuilder s = new StringBuilder();
        for (long v : values) {
            String b = Long.toBinaryString(v);
            s.append("0".repeat(bits - b.length())).append(b);
        }
        while (s.length() % 8 != 0) {
            s.append('0');
        }
        byte[] out = new byte[s.length() / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(s.substring(8 * i, 8 * i + 8), 2);
        }
        return out;
    }

    @Test
    void everyWidthRoundTripsAndMatchesTheReference() {
        Random r = new Random(99);
        int[] sizes = {1, 3, 5, 8, 16, 17, 64};
        for (int bits = 2; bits <= 61; bits++) {
            for (int k = 0; k < Math.max(3, TRIES / 10); k++) {
                int n = sizes[r.nextInt(sizes.length)];
                long low = 1L << (bits - 1);
                long q = low + 1 + (long) (r.nextDouble() * (low - 1));
                long[] values = new long[n];
                for (int i = 0; i < n; i++) {
                    int kind = r.nextInt(4);
                    values[i] = kind == 0 ? 0 : kind == 1 ? q - 1 : (long) (r.nextDouble() * q);
                }
                WireWriter w = new WireWriter(WireReader.limbBytes(n, bits));
                w.limb(values, n, bits, q, "test");
                byte[] packed = w.finish();
                assertArrayEquals(reference(values, bits), packed, "bits " + bits + " n " + n);
                WireReader rd = new WireReader(packed, 0);
                assertArrayEquals(values, rd.limb(n, bits, q, "test"), "bits " + bits + " n " + n);
                rd.end("test");
            }
        }
    }

    @Test
    void nonZeroPaddingIsRejected() {
        long[] values = {1, 2, 3, 4, 5};
        WireWriter w = new WireWriter(WireReader.limbBytes(5, 3));
        w.limb(values, 5, 3, 7, "test");
        byte[] packed = w.finish();
        // the example of docs/wire-format.md: 001 010 011 100 101 + one zero padding bit
        assertArrayEquals(new byte[] {0x29, (byte) 0xCA}, packed);
        packed[1] |= 1;
        WireFormatException e = assertThrows(WireFormatException.class, () -> new WireReader(packed, 0).limb(5, 3, 7, "test"));
        assertTrue(e.getMessage().contains("padding"));
    }

    @Test
    void writerRefusesUnreducedValues() {
        for (long bad : new long[] {-1, 7, 8, Long.MAX_VALUE}) {
            WireWriter w = new WireWriter(WireReader.limbBytes(2, 3));
            assertThrows(IllegalArgumentException.class, () -> w.limb(new long[] {0, bad}, 2, 3, 7, "test"));
        }
        WireWriter w = new WireWriter(8);
        assertThrows(IllegalArgumentException.class, () -> w.limb(new long[] {0}, 2, 3, 7, "test"));
    }

    @Test
    void readerNeverReadsPastItsInput() {
        WireReader rd = new WireReader(new byte[7], 0);
        WireFormatException e = assertThrows(WireFormatException.class, () -> rd.limb(16, 4, 15, "test"));
        assertTrue(e.getMessage().contains("truncated"));
        assertThrows(WireFormatException.class, () -> new WireReader(new byte[3], 0).u32("x"));
        assertThrows(WireFormatException.class, () -> new WireReader(new byte[7], 0).u64("x"));
        assertThrows(WireFormatException.class, () -> new WireReader(new byte[31], 0).bytes(32, "x"));
        assertThrows(WireFormatException.class, () -> new WireReader(new byte[1], 1).u8("x"));
    }
}

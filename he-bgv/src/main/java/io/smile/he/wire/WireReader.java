package io.smile.he.wire;

/**
 * Bounds-checked reading of untrusted bytes. Every read first checks that the bytes are there, so
 * a short input ends in a {@link WireFormatException}, never an index exception.
 */
final class WireReader {
    private final byte[] in;
    private int pos;

    WireReader(byte[] in, int start) {
        this.in = in;
        this.pos = start;
    }

    int position() {
        return pos;
    }

    private void need(long count, String field) {
        if (count > in.length - pos) {
            throw new WireFormatException("truncated input: " + field + " needs " + count + " bytes at offset " + pos
                    + " but only " + (in.length - pos) + " remain");
        }
    }

    int u8(String field) {
        need(1, field);
        return in[pos++] & 0xff;
    }

    long u32(String field) {
        need(4, field);
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (in[pos++] & 0xff);
        }
        return v;
    }

    long u64(String field) {
        need(8, field);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (in[pos++] & 0xff);
        }
        return v;
    }

    byte[] bytes(int count, String field) {
        need(count, field);
        byte[] out = new byte[count];
        System.arraycopy(in, pos, out, 0, count);
        pos += count;
        return out;
    }

    /** Number of bytes of a limb of n values at the given width (padded to a whole byte). */
    static long limbBytes(int n, int bits) {
        return LimbPacker.limbBytes(n, bits);
    }

    /** Reads one packed limb (see {@link WireWriter#limb}) and checks every value is below q. */
    long[] limb(int n, int bits, long q, String what) {
        need(limbBytes(n, bits), what);
        long[] row = new long[n];
        boolean zeroPadding = LimbPacker.MSB_FIRST.unpack(in, pos, n, bits, row);
        pos += (int) limbBytes(n, bits);
        for (int i = 0; i < n; i++) {
            if (row[i] >= q) {
                throw new WireFormatException(what + ": coefficient " + i + " = " + row[i] + " is not below its prime " + q);
            }
        }
        if (!zeroPadding) {
            throw new WireFormatException(what + ": padding bits at the end of the limb are not zero");
        }
        return row;
    }

    /** Fails unless every byte was consumed. */
    void end(String what) {
        if (pos != in.length) {
            throw new WireFormatException(what + ": " + (in.length - pos) + " trailing bytes after offset " + pos);
        }
    }
}

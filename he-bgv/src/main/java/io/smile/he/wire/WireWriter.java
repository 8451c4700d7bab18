package io.smile.he.wire;

/** Writes into a buffer of the exact, precomputed size of the object. Big-endian integers. */
final class WireWriter {
    private final byte[] buf;
    private int pos;

    WireWriter(long size) {
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("object of " + size + " bytes is too large for one byte array");
        }
        this.buf = new byte[(int) size];
    }

    void header(int type, long fingerprint) {
        bytes(BgvSerializer.MAGIC);
        u8(BgvSerializer.FORMAT_VERSION);
        u8(type);
        u64(fingerprint);
    }

    void u8(int v) {
        buf[pos++] = (byte) v;
    }

    void u32(long v) {
        for (int s = 24; s >= 0; s -= 8) {
            buf[pos++] = (byte) (v >>> s);
        }
    }

    void u64(long v) {
        for (int s = 56; s >= 0; s -= 8) {
            buf[pos++] = (byte) (v >>> s);
        }
    }

    void bytes(byte[] b) {
        System.arraycopy(b, 0, buf, pos, b.length);
        pos += b.length;
    }

    /**
     * One limb: every value at {@code bits} bits, most significant bit first, in one bit stream
     * padded with zero bits to a whole byte ({@link LimbPacker#MSB_FIRST}). Refuses values outside [0, q).
     */
    void limb(long[] row, int n, int bits, long q, String what) {
        if (row == null || row.length != n) {
            throw new IllegalArgumentException(what + " has " + (row == null ? "no" : row.length) + " coefficients, expected " + n);
        }
        for (int i = 0; i < n; i++) {
            long v = row[i];
            if (v < 0 || v >= q) {
                throw new IllegalArgumentException(what + ": coefficient " + i + " = " + v + " is not reduced modulo " + q);
            }
        }
        pos = LimbPacker.MSB_FIRST.pack(row, n, bits, buf, pos);
    }

    byte[] finish() {
        if (pos != buf.length) {
            throw new IllegalStateException("wrote " + pos + " bytes, expected " + buf.length);
        }
        return buf;
    }
}

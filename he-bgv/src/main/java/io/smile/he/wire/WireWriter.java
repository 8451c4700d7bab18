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
     * padded with zero bits to a whole byte. Refuses values outside [0, q).
     */
    void limb(long[] row, int n, int bits, long q, String what) {
        if (row == null || row.length != n) {
            throw new IllegalArgumentException(what + " has " + (row == null ? "no" : row.length) + " coefficients, expected " + n);
        }
        long acc = 0;
        int nbits = 0;
        for (int i = 0; i < n; i++) {
            long v = row[i];
            if (v < 0 || v >= q) {
                throw new IllegalArgumentException(what + ": coefficient " + i + " = " + v + " is not reduced modulo " + q);
            }
            if (bits > 56) {
                // two pushes keep at most 7 + 56 pending bits in the 64-bit accumulator
                int hi = bits - 32;
                acc = (acc << hi) | (v >>> 32);
                nbits += hi;
                while (nbits >= 8) {
                    nbits -= 8;
                    buf[pos++] = (byte) (acc >>> nbits);
                }
                acc = (acc << 32) | (v & 0xffffffffL);
                nbits += 32;
            } else {
                acc = (acc << bits) | v;
                nbits += bits;
            }
            while (nbits >= 8) {
                nbits -= 8;
                buf[pos++] = (byte) (acc >>> nbits);
            }
        }
        if (nbits > 0) {
            buf[pos++] = (byte) (acc << (8 - nbits));
        }
    }

    byte[] finish() {
        if (pos != buf.length) {
            throw new IllegalStateException("wrote " + pos + " bytes, expected " + buf.length);
        }
        return buf;
    }
}

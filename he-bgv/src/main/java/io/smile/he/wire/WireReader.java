package io.smile.he.wire;

/**
 * Bounds-checked reading of untrusted bytes. Every read first checks that the bytes are there, so
 * a short input ends in a {@link WireFormatException}, never an index exception.
 */
final class WireReader {
    private final byte[] in;
    private int pos;
    // bit-stream state of the limb being read
    private long acc;
    private int nbits;

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
        return ((long) n * bits + 7) / 8;
    }

    /** Reads one packed limb (see {@link WireWriter#limb}) and checks every value is below q. */
    long[] limb(int n, int bits, long q, String what) {
        need(limbBytes(n, bits), what);
        long[] row = new long[n];
        acc = 0;
        nbits = 0;
        for (int i = 0; i < n; i++) {
            long v;
            if (bits > 56) {
                long hi = take(bits - 32);
                v = (hi << 32) | take(32);
            } else {
                v = take(bits);
            }
            if (v >= q) {
                throw new WireFormatException(what + ": coefficient " + i + " = " + v + " is not below its prime " + q);
            }
            row[i] = v;
        }
        if (nbits > 0 && (acc & ((1L << nbits) - 1)) != 0) {
            throw new WireFormatException(what + ": padding bits at the end of the limb are not zero");
        }
        return row;
    }

    /** Next w (1..56) bits of the stream, most significant first; bytes are already known to exist. */
    private long take(int w) {
        while (nbits < w) {
            acc = (acc << 8) | (in[pos++] & 0xff);
            nbits += 8;
        }
        nbits -= w;
        return (acc >>> nbits) & ((1L << w) - 1);
    }

    /** Fails unless every byte was consumed. */
    void end(String what) {
        if (pos != in.length) {
            throw new WireFormatException(what + ": " + (in.length - pos) + " trailing bytes after offset " + pos);
        }
    }
}

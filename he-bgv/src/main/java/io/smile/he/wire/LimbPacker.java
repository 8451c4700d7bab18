package io.smile.he.wire;

/**
 * The one bit packer of the engine's byte formats: a limb (one polynomial row, n residues below a
 * prime of {@code bits} bits) becomes one bit stream of {@code n * bits} bits, padded with zero
 * bits to a whole byte. The serializer's objects put each value most significant bit first; the
 * multiparty share format puts it least significant bit first (both are frozen by known-answer
 * tests). Range and padding checks stay with the callers, which report them in their own
 * exception types; the packer only moves bits and never reads or writes outside the limb.
 */
public enum LimbPacker {
    /** Most significant bit first; the first value starts at the top bit of the first byte. */
    MSB_FIRST {
        @Override
        public int pack(long[] row, int n, int bits, byte[] out, int pos) {
            long acc = 0;
            int nbits = 0;
            for (int i = 0; i < n; i++) {
                long v = row[i];
                if (bits > 56) {
                    // two pushes keep at most 7 + 56 pending bits in the 64-bit accumulator
                    int hi = bits - 32;
                    acc = (acc << hi) | (v >>> 32);
                    nbits += hi;
                    while (nbits >= 8) {
                        nbits -= 8;
                        out[pos++] = (byte) (acc >>> nbits);
                    }
                    acc = (acc << 32) | (v & 0xffffffffL);
                    nbits += 32;
                } else {
                    acc = (acc << bits) | v;
                    nbits += bits;
                }
                while (nbits >= 8) {
                    nbits -= 8;
                    out[pos++] = (byte) (acc >>> nbits);
                }
            }
            if (nbits > 0) {
                out[pos++] = (byte) (acc << (8 - nbits));
            }
            return pos;
        }

        @Override
        public boolean unpack(byte[] in, int pos, int n, int bits, long[] row) {
            long acc = 0;
            int nbits = 0;
            for (int i = 0; i < n; i++) {
                if (bits > 56) {
                    long hi = 0;
                    for (int part = 0; part < 2; part++) {
                        int w = part == 0 ? bits - 32 : 32;
                        while (nbits < w) {
                            acc = (acc << 8) | (in[pos++] & 0xff);
                            nbits += 8;
                        }
                        nbits -= w;
                        hi = (hi << w) | ((acc >>> nbits) & ((1L << w) - 1));
                    }
                    row[i] = hi;
                } else {
                    while (nbits < bits) {
                        acc = (acc << 8) | (in[pos++] & 0xff);
                        nbits += 8;
                    }
                    nbits -= bits;
                    row[i] = (acc >>> nbits) & ((1L << bits) - 1);
                }
            }
            return nbits == 0 || (acc & ((1L << nbits) - 1)) == 0;
        }
    },

    /** Least significant bit first; the first value starts at the bottom bit of the first byte. */
    LSB_FIRST {
        @Override
        public int pack(long[] row, int n, int bits, byte[] out, int pos) {
            long acc = 0;
            int nbits = 0;
            for (int i = 0; i < n; i++) {
                long v = row[i];
                if (bits > 56) {
                    // low 32 bits, then the rest: at most 7 + 56 pending bits, as above
                    acc |= (v & 0xffffffffL) << nbits;
                    nbits += 32;
                    while (nbits >= 8) {
                        out[pos++] = (byte) acc;
                        acc >>>= 8;
                        nbits -= 8;
                    }
                    acc |= (v >>> 32) << nbits;
                    nbits += bits - 32;
                } else {
                    acc |= v << nbits;
                    nbits += bits;
                }
                while (nbits >= 8) {
                    out[pos++] = (byte) acc;
                    acc >>>= 8;
                    nbits -= 8;
                }
            }
            if (nbits > 0) {
                out[pos++] = (byte) acc;
            }
            return pos;
        }

        @Override
        public boolean unpack(byte[] in, int pos, int n, int bits, long[] row) {
            long acc = 0;
            int nbits = 0;
            for (int i = 0; i < n; i++) {
                long v = 0;
                int got = 0;
                while (got < bits) {
                    int w = Math.min(bits - got, 32);
                    while (nbits < w) {
                        acc |= (long) (in[pos++] & 0xff) << nbits;
                        nbits += 8;
                    }
                    v |= (acc & ((1L << w) - 1)) << got;
                    acc >>>= w;
                    nbits -= w;
                    got += w;
                }
                row[i] = v;
            }
            return acc == 0;
        }
    };

    /** Bytes of a limb of n values at the given width (padded to a whole byte). */
    public static long limbBytes(int n, int bits) {
        return ((long) n * bits + 7) / 8;
    }

    /**
     * Writes {@code row[0..n)} at {@code bits} bits each into {@code out} from {@code pos}; returns
     * the position after the limb. Values must already be in [0, 2^bits) and {@code bits} in
     * [1, 63]; {@code out} must have {@link #limbBytes} bytes from {@code pos}.
     */
    public abstract int pack(long[] row, int n, int bits, byte[] out, int pos);

    /**
     * Reads n values of {@code bits} bits from {@code in} at {@code pos} into {@code row}; the
     * caller has checked that {@link #limbBytes} bytes are there. Returns whether the padding bits
     * after the last value are all zero.
     */
    public abstract boolean unpack(byte[] in, int pos, int n, int bits, long[] row);
}

package io.smile.he.multiparty;

import io.smile.he.bgv.BgvContext;
import io.smile.he.ring.RingContext;

/**
 * The binary format of protocol messages (version 1, big-endian header):
 * <pre>
 *   magic "SMMP" (4) | version u8 = 1 | type u8 | parameter fingerprint u64 | level u8 | round u8
 *   | protocol id u64 | party id s32 (-1 = combined) | aux u64 (Galois element for RTG, else 0)
 *   | payload
 * </pre>
 * The payload is {@code polyCount(type)} polynomials in NTT form, each as its rows over the primes
 * of {@link ShareType#indices} in order; a row is N coefficients of bitLength(q) bits each, packed
 * least significant bit first and padded with zero bits to a whole byte. The decoder checks every
 * header field against the parameter set, the exact total length, each coefficient &lt; its prime and
 * the padding, and throws only {@link MultipartyFormatException}.
 */
public final class ShareCodec {
    static final byte[] MAGIC = {'S', 'M', 'M', 'P'};
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 4 + 1 + 1 + 8 + 1 + 1 + 8 + 4 + 8;

    private final BgvContext ctx;
    private final RingContext ring;

    public ShareCodec(BgvContext ctx) {
        this.ctx = ctx;
        this.ring = ctx.ring();
    }

    private int rowBytes(int prime) {
        int bits = ring.modulus(prime).bits();
        return (ring.degree() * bits + 7) / 8;
    }

    /** Exact encoded size of a share of this type at this level. */
    public int encodedBytes(ShareType type, int level) {
        int[] idx = type.indices(ring, level);
        int per = 0;
        for (int p : idx) {
            per += rowBytes(p);
        }
        return HEADER_BYTES + type.polyCount(ring) * per;
    }

    public byte[] encode(Share s) {
        checkShape(s);
        int[] idx = s.type().indices(ring, s.level());
        byte[] out = new byte[encodedBytes(s.type(), s.level())];
        int pos = 0;
        System.arraycopy(MAGIC, 0, out, 0, 4);
        pos = 4;
        out[pos++] = (byte) VERSION;
        out[pos++] = (byte) s.type().code();
        pos = putLong(out, pos, s.fingerprint());
        out[pos++] = (byte) s.level();
        out[pos++] = (byte) s.round();
        pos = putLong(out, pos, s.protocolId());
        pos = putInt(out, pos, s.partyId());
        pos = putLong(out, pos, s.aux());
        int n = ring.degree();
        for (long[][] poly : s.polys()) {
            for (int r = 0; r < idx.length; r++) {
                long q = ring.modulus(idx[r]).value();
                int bits = ring.modulus(idx[r]).bits();
                long[] row = poly[r];
                long acc = 0;
                int fill = 0;
                for (int i = 0; i < n; i++) {
                    long v = row[i];
                    if (v < 0 || v >= q) {
                        throw new IllegalArgumentException("coefficient " + v + " of " + s + " is not reduced mod " + q);
                    }
                    int left = bits;
                    while (left > 0) {
                        int take = Math.min(left, 8 - fill);
                        acc |= (v & ((1L << take) - 1)) << fill;
                        v >>>= take;
                        left -= take;
                        fill += take;
                        if (fill == 8) {
                            out[pos++] = (byte) acc;
                            acc = 0;
                            fill = 0;
                        }
                    }
                }
                if (fill > 0) {
                    out[pos++] = (byte) acc;
                }
            }
        }
        if (pos != out.length) {
            throw new IllegalStateException("encoder wrote " + pos + " of " + out.length + " bytes");
        }
        return out;
    }

    public Share decode(byte[] in) {
        if (in == null || in.length < HEADER_BYTES) {
            throw new MultipartyFormatException("message of " + (in == null ? 0 : in.length)
                    + " bytes is shorter than the " + HEADER_BYTES + "-byte header");
        }
        for (int i = 0; i < 4; i++) {
            if (in[i] != MAGIC[i]) {
                throw new MultipartyFormatException("bad magic: not a multiparty share");
            }
        }
        int pos = 4;
        int version = in[pos++] & 0xFF;
        if (version != VERSION) {
            throw new MultipartyFormatException("unsupported version " + version + " (expected " + VERSION + ")");
        }
        int code = in[pos++] & 0xFF;
        ShareType type = ShareType.fromCode(code);
        if (type == null) {
            throw new MultipartyFormatException("unknown share type " + code);
        }
        long fingerprint = getLong(in, pos);
        pos += 8;
        if (fingerprint != ctx.parameters().fingerprint()) {
            throw new MultipartyFormatException("share for another parameter set (fingerprint "
                    + Long.toHexString(fingerprint) + ", expected " + Long.toHexString(ctx.parameters().fingerprint()) + ")");
        }
        int level = in[pos++] & 0xFF;
        int maxLevel = ctx.parameters().maxLevel();
        if (level > maxLevel) {
            throw new MultipartyFormatException("level " + level + " above the maximum " + maxLevel);
        }
        if (type.isKeyGeneration() && level != maxLevel) {
            throw new MultipartyFormatException(type + " share at level " + level + ", key shares are at level " + maxLevel);
        }
        int round = in[pos++] & 0xFF;
        if (round != type.round()) {
            throw new MultipartyFormatException(type + " share claims round " + round + ", expected " + type.round());
        }
        long protocolId = getLong(in, pos);
        pos += 8;
        int partyId = getInt(in, pos);
        pos += 4;
        if (partyId < Share.COMBINED) {
            throw new MultipartyFormatException("invalid party id " + partyId);
        }
        long aux = getLong(in, pos);
        pos += 8;
        if (type == ShareType.RTG) {
            long twoN = 2L * ring.degree();
            if (aux <= 1 || aux >= twoN || (aux & 1) == 0) {
                throw new MultipartyFormatException("invalid Galois element " + aux);
            }
        } else if (aux != 0) {
            throw new MultipartyFormatException(type + " share with non-zero aux field " + aux);
        }
        int expected = encodedBytes(type, level);
        if (in.length != expected) {
            throw new MultipartyFormatException(type + " share at level " + level + " is " + expected
                    + " bytes, got " + in.length);
        }
        int[] idx = type.indices(ring, level);
        int n = ring.degree();
        long[][][] polys = new long[type.polyCount(ring)][idx.length][n];
        for (int k = 0; k < polys.length; k++) {
            for (int r = 0; r < idx.length; r++) {
                long q = ring.modulus(idx[r]).value();
                int bits = ring.modulus(idx[r]).bits();
                long[] row = polys[k][r];
                int acc = 0;
                int avail = 0;
                for (int i = 0; i < n; i++) {
                    long v = 0;
                    int got = 0;
                    while (got < bits) {
                        if (avail == 0) {
                            acc = in[pos++] & 0xFF;
                            avail = 8;
                        }
                        int take = Math.min(bits - got, avail);
                        v |= (long) (acc & ((1 << take) - 1)) << got;
                        acc >>>= take;
                        avail -= take;
                        got += take;
                    }
                    if (v >= q) {
                        throw new MultipartyFormatException("poly " + k + " row " + r + " coefficient " + i
                                + " is " + v + ", not below its prime " + q);
                    }
                    row[i] = v;
                }
                if (acc != 0) {
                    throw new MultipartyFormatException("non-zero padding bits after poly " + k + " row " + r);
                }
            }
        }
        return new Share(type, fingerprint, level, protocolId, partyId, aux, polys);
    }

    /** Checks that a share's header and payload shape fit this parameter set (not its values). */
    void checkShape(Share s) {
        ctx.checkSame(s.fingerprint(), "share");
        int[] idx = s.type().indices(ring, s.level());
        if (s.level() < 0 || s.level() > ctx.parameters().maxLevel()) {
            throw new IllegalArgumentException("share level " + s.level() + " out of range");
        }
        if (s.polyCount() != s.type().polyCount(ring)) {
            throw new IllegalArgumentException(s + " has " + s.polyCount() + " polynomials, expected " + s.type().polyCount(ring));
        }
        for (long[][] p : s.polys()) {
            if (p.length != idx.length) {
                throw new IllegalArgumentException(s + " has a polynomial with " + p.length + " rows, expected " + idx.length);
            }
            for (long[] row : p) {
                if (row.length != ring.degree()) {
                    throw new IllegalArgumentException(s + " has a row of " + row.length + " coefficients");
                }
            }
        }
    }

    private static int putLong(byte[] b, int pos, long v) {
        for (int i = 0; i < 8; i++) {
            b[pos + i] = (byte) (v >>> (56 - 8 * i));
        }
        return pos + 8;
    }

    private static int putInt(byte[] b, int pos, int v) {
        for (int i = 0; i < 4; i++) {
            b[pos + i] = (byte) (v >>> (24 - 8 * i));
        }
        return pos + 4;
    }

    private static long getLong(byte[] b, int pos) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[pos + i] & 0xFF);
        }
        return v;
    }

    private static int getInt(byte[] b, int pos) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (b[pos + i] & 0xFF);
        }
        return v;
    }
}

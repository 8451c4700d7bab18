package io.smile.he.multiparty;

import io.smile.he.bgv.BgvContext;
import io.smile.he.ring.RingContext;
import io.smile.he.wire.LimbPacker;

/**
 * The binary format of protocol messages (version 1, big-endian header):
 * <pre>
 *   magic "SMMP" (4) | version u8 = 1 | type u8 | parameter fingerprint u64 | level u8 | round u8
 *   | protocol id u64 | party id s32 (-1 = combined) | aux u64 (Galois element for RTG, else 0)
 *   | payload
 * </pre>
 * The payload is {@code polyCount(type)} polynomials in NTT form, each as its rows over the primes
 * of {@link ShareType#indices} in order; a row is N coefficients of bitLength(q) bits each, packed
 * least significant bit first and padded with zero bits to a whole byte ({@link LimbPacker#LSB_FIRST},
 * the serializer's packer in the other bit order). The decoder checks every header field against
 * the parameter set, the exact total length, each coefficient &lt; its prime and the padding, and
 * throws only {@link MultipartyFormatException}.
 *
 * <p>The threshold setup messages use the same header: {@link ShareType#TRANSPORT_KEY} (payload: a
 * 32-byte X25519 key) and {@link ShareType#DEALING} (aux = recipient; payload: 12-byte nonce, the
 * AES-GCM encryption of one packed polynomial over Q*P, 16-byte tag; the header is the associated
 * data). {@link #decode} refuses them; {@link ThresholdParty} handles them.
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
        return (int) LimbPacker.limbBytes(ring.degree(), ring.modulus(prime).bits());
    }

    /** Bytes of one packed polynomial with rows over the given primes. */
    int polyBytes(int[] idx) {
        int per = 0;
        for (int p : idx) {
            per += rowBytes(p);
        }
        return per;
    }

    /** Exact encoded size of a message of this type at this level. */
    public int encodedBytes(ShareType type, int level) {
        if (type == ShareType.TRANSPORT_KEY) {
            return HEADER_BYTES + TRANSPORT_KEY_BYTES;
        }
        int per = polyBytes(type.indices(ring, level));
        if (type == ShareType.DEALING) {
            return HEADER_BYTES + DealingSeal.overhead() + per;
        }
        return HEADER_BYTES + type.polyCount(ring) * per;
    }

    public byte[] encode(Share s) {
        if (s.type().isSetup()) {
            throw new IllegalArgumentException(s.type() + " is a setup message, not a share");
        }
        checkShape(s);
        int[] idx = s.type().indices(ring, s.level());
        byte[] out = new byte[encodedBytes(s.type(), s.level())];
        int pos = writeHeader(out, s.type(), s.level(), s.protocolId(), s.partyId(), s.aux());
        for (long[][] poly : s.polys()) {
            pos = pack(poly, idx, out, pos, s.toString());
        }
        if (pos != out.length) {
            throw new IllegalStateException("encoder wrote " + pos + " of " + out.length + " bytes");
        }
        return out;
    }

    private int writeHeader(byte[] out, ShareType type, int level, long protocolId, int partyId, long aux) {
        System.arraycopy(MAGIC, 0, out, 0, 4);
        int pos = 4;
        out[pos++] = (byte) VERSION;
        out[pos++] = (byte) type.code();
        pos = putLong(out, pos, ctx.parameters().fingerprint());
        out[pos++] = (byte) level;
        out[pos++] = (byte) type.round();
        pos = putLong(out, pos, protocolId);
        pos = putInt(out, pos, partyId);
        return putLong(out, pos, aux);
    }

    /** Packs one polynomial (rows over idx) at pos; returns the position after it. */
    private int pack(long[][] poly, int[] idx, byte[] out, int pos, String what) {
        int n = ring.degree();
        for (int r = 0; r < idx.length; r++) {
            long q = ring.modulus(idx[r]).value();
            long[] row = poly[r];
            for (int i = 0; i < n; i++) {
                if (row[i] < 0 || row[i] >= q) {
                    throw new IllegalArgumentException("coefficient " + row[i] + " of " + what + " is not reduced mod " + q);
                }
            }
            pos = LimbPacker.LSB_FIRST.pack(row, n, ring.modulus(idx[r]).bits(), out, pos);
        }
        return pos;
    }

    /** Unpacks one polynomial (rows over idx) starting at pos, checking each coefficient and the padding. */
    private long[][] unpack(byte[] in, int pos, int[] idx, int k) {
        int n = ring.degree();
        long[][] poly = new long[idx.length][n];
        for (int r = 0; r < idx.length; r++) {
            long q = ring.modulus(idx[r]).value();
            int bits = ring.modulus(idx[r]).bits();
            long[] row = poly[r];
            boolean zeroPadding = LimbPacker.LSB_FIRST.unpack(in, pos, n, bits, row);
            pos += rowBytes(idx[r]);
            for (int i = 0; i < n; i++) {
                if (row[i] >= q) {
                    throw new MultipartyFormatException("poly " + k + " row " + r + " coefficient " + i
                            + " is " + row[i] + ", not below its prime " + q);
                }
            }
            if (!zeroPadding) {
                throw new MultipartyFormatException("non-zero padding bits after poly " + k + " row " + r);
            }
        }
        return poly;
    }

    /** The validated header of a message (any type). */
    record Header(ShareType type, long fingerprint, int level, long protocolId, int partyId, long aux) {
    }

    /** Parses and validates the header and the exact total length; only MultipartyFormatException. */
    Header parseHeader(byte[] in) {
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
        if (partyId < Share.COMBINED || (type.isSetup() && partyId < 0)) {
            throw new MultipartyFormatException("invalid party id " + partyId);
        }
        long aux = getLong(in, pos);
        if (type == ShareType.RTG) {
            long twoN = 2L * ring.degree();
            if (aux <= 1 || aux >= twoN || (aux & 1) == 0) {
                throw new MultipartyFormatException("invalid Galois element " + aux);
            }
        } else if (type == ShareType.DEALING) {
            if (aux < 0 || aux > Integer.MAX_VALUE || aux == partyId) {
                throw new MultipartyFormatException("invalid dealing recipient (aux) " + aux + " from dealer " + partyId);
            }
        } else if (type != ShareType.PCKS && type != ShareType.DECRYPT && aux != 0) {
            // PCKS/DECRYPT: aux is 0 (n-out-of-n) or the active-set digest (threshold)
            throw new MultipartyFormatException(type + " share with non-zero aux field " + aux);
        }
        int expected = encodedBytes(type, level);
        if (in.length != expected) {
            throw new MultipartyFormatException(type + " share at level " + level + " is " + expected
                    + " bytes, got " + in.length);
        }
        return new Header(type, fingerprint, level, protocolId, partyId, aux);
    }

    public Share decode(byte[] in) {
        Header h = parseHeader(in);
        ShareType type = h.type();
        if (type.isSetup()) {
            throw new MultipartyFormatException(type + " is a threshold setup message, not a share");
        }
        int[] idx = type.indices(ring, h.level());
        int per = polyBytes(idx);
        long[][][] polys = new long[type.polyCount(ring)][][];
        for (int k = 0; k < polys.length; k++) {
            polys[k] = unpack(in, HEADER_BYTES + k * per, idx, k);
        }
        return new Share(type, h.fingerprint(), h.level(), h.protocolId(), h.partyId(), h.aux(), polys);
    }

    // ---------------------------------------------------------------- threshold setup messages

    /** Raw X25519 public key length. */
    public static final int TRANSPORT_KEY_BYTES = 32;

    /** A decoded transport-key message. */
    record TransportKey(long protocolId, int partyId, byte[] key) {
    }

    /** A decoded (still sealed) dealing: the header bytes are the AEAD's associated data. */
    record SealedDealing(long protocolId, int dealer, int recipient, byte[] header, byte[] sealed) {
    }

    byte[] encodeTransportKey(long protocolId, int partyId, byte[] key) {
        if (key.length != TRANSPORT_KEY_BYTES || partyId < 0) {
            throw new IllegalArgumentException("transport key of " + key.length + " bytes for party " + partyId);
        }
        byte[] out = new byte[encodedBytes(ShareType.TRANSPORT_KEY, ctx.parameters().maxLevel())];
        int pos = writeHeader(out, ShareType.TRANSPORT_KEY, ctx.parameters().maxLevel(), protocolId, partyId, 0);
        System.arraycopy(key, 0, out, pos, key.length);
        return out;
    }

    TransportKey decodeTransportKey(byte[] in) {
        Header h = parseHeader(in);
        if (h.type() != ShareType.TRANSPORT_KEY) {
            throw new MultipartyFormatException("expected a transport key, got a " + h.type() + " message");
        }
        byte[] key = java.util.Arrays.copyOfRange(in, HEADER_BYTES, in.length);
        return new TransportKey(h.protocolId(), h.partyId(), key);
    }

    /** The 36-byte header of a dealing: the associated data its seal is bound to. */
    byte[] dealingHeader(long protocolId, int dealer, int recipient) {
        byte[] out = new byte[HEADER_BYTES];
        writeHeader(out, ShareType.DEALING, ctx.parameters().maxLevel(), protocolId, dealer, recipient);
        return out;
    }

    byte[] encodeDealing(byte[] header, byte[] sealed) {
        byte[] out = new byte[header.length + sealed.length];
        System.arraycopy(header, 0, out, 0, header.length);
        System.arraycopy(sealed, 0, out, header.length, sealed.length);
        if (out.length != encodedBytes(ShareType.DEALING, ctx.parameters().maxLevel())) {
            throw new IllegalStateException("sealed dealing of " + out.length + " bytes");
        }
        return out;
    }

    SealedDealing decodeDealing(byte[] in) {
        Header h = parseHeader(in);
        if (h.type() != ShareType.DEALING) {
            throw new MultipartyFormatException("expected a sealed dealing, got a " + h.type() + " message");
        }
        return new SealedDealing(h.protocolId(), h.partyId(), (int) h.aux(),
                java.util.Arrays.copyOf(in, HEADER_BYTES), java.util.Arrays.copyOfRange(in, HEADER_BYTES, in.length));
    }

    /** The dealing's plaintext: one polynomial over Q*P, packed like a share's payload. */
    byte[] packDealing(long[][] poly) {
        int[] idx = ShareType.DEALING.indices(ring, ctx.parameters().maxLevel());
        byte[] out = new byte[polyBytes(idx)];
        pack(poly, idx, out, 0, "dealing");
        return out;
    }

    /** Inverse of {@link #packDealing}, with the exact length, coefficient-range and padding checks. */
    long[][] unpackDealing(byte[] plain) {
        int[] idx = ShareType.DEALING.indices(ring, ctx.parameters().maxLevel());
        if (plain.length != polyBytes(idx)) {
            throw new MultipartyFormatException("dealing plaintext of " + plain.length + " bytes, expected " + polyBytes(idx));
        }
        return unpack(plain, 0, idx, 0);
    }

    /** Checks that a share's header and payload shape fit this parameter set (not its values). */
    void checkShape(Share s) {
        ctx.checkSame(s.fingerprint(), "share");
        if (s.type().isSetup()) {
            throw new IllegalArgumentException(s.type() + " is a setup message, not a share");
        }
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

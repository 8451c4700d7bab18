package io.smile.he.helib;

import io.smile.he.api.HeFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The product's frame around HElib's bytes: {@code "SMHL"}, version 1, kind, the parameter
 * fingerprint, the body length, the body. It keeps bytes of another backend, another kind or
 * another parameter set away from HElib's reader; the body itself is checked by the shim.
 */
final class HelibEnvelope {
    static final byte[] MAGIC = "SMHL".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int HEADER = 4 + 1 + 1 + 8 + 4;
    /** Large enough for N = 32768 evaluation keys, small enough to refuse absurd lengths early. */
    static final int MAX_BODY = 1 << 30;

    /** What a frame holds. */
    enum Kind {
        PARAMETERS(1), PUBLIC_KEY(2), EVALUATION_KEYS(3), SECRET_KEY(4), CIPHERTEXT(5);

        final int code;

        Kind(int code) {
            this.code = code;
        }
    }

    private HelibEnvelope() {
    }

    static byte[] wrap(Kind kind, long fingerprint, byte[] body) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + body.length);
        b.put(MAGIC).put((byte) VERSION).put((byte) kind.code).putLong(fingerprint).putInt(body.length).put(body);
        return b.array();
    }

    /** The body, after checking every header field; fingerprint 0 skips that check (parameters). */
    static byte[] unwrap(byte[] bytes, Kind kind, long fingerprint) {
        if (bytes == null) {
            throw new HeFormatException("malformed " + name(kind) + ": no bytes");
        }
        if (bytes.length < HEADER) {
            throw new HeFormatException("malformed " + name(kind) + ": " + bytes.length + " bytes, shorter than the header");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        byte[] magic = new byte[4];
        b.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new HeFormatException("not " + name(kind) + " of the helib backend (magic is not SMHL)");
        }
        int version = b.get() & 0xff;
        if (version != VERSION) {
            throw new HeFormatException("unknown helib format version " + version);
        }
        int k = b.get() & 0xff;
        if (k != kind.code) {
            throw new HeFormatException("expected " + name(kind) + " but the bytes hold kind " + k);
        }
        long fp = b.getLong();
        if (fingerprint != 0 && fp != fingerprint) {
            throw new HeFormatException(name(kind) + " belongs to another parameter set (fingerprint "
                    + Long.toHexString(fp) + ", expected " + Long.toHexString(fingerprint) + ")");
        }
        int len = b.getInt();
        if (len < 0 || len > MAX_BODY || len != bytes.length - HEADER) {
            throw new HeFormatException("malformed " + name(kind) + ": body length " + len + " does not match "
                    + (bytes.length - HEADER) + " bytes present");
        }
        byte[] body = new byte[len];
        b.get(body);
        return body;
    }

    /** The fingerprint field of framed bytes (after {@link #unwrap} has accepted them). */
    static long fingerprintOf(byte[] bytes) {
        return ByteBuffer.wrap(bytes, 6, 8).getLong();
    }

    private static String name(Kind kind) {
        return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }
}

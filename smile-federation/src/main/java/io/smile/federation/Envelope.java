package io.smile.federation;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Every federation message: a versioned binary header, then the payload (ShareCodec or
 * BgvSerializer bytes, or one of the small structures in {@link Payloads}).
 *
 * <pre>
 * offset size field
 * 0      4    magic "SMFE"
 * 4      1    version = 1
 * 5      1    kind ({@link Kind#code})
 * 6      1    length L of the federation id (1..64)
 * 7      L    federation id, [A-Za-z0-9_-]
 * 7+L    4    round (big-endian, >= 0; key messages use 0)
 * 11+L   4    sender member id (>= 0; 0 = the coordinator)
 * 15+L   4    payload length
 * 19+L   ...  payload (exactly that many bytes)
 * </pre>
 * {@link #decode} checks every field and the exact length and throws only {@link FederationFormatException}.
 */
public record Envelope(Kind kind, String federation, int round, int member, byte[] payload) {
    public static final byte[] MAGIC = {'S', 'M', 'F', 'E'};
    public static final int VERSION = 1;
    public static final int COORDINATOR = 0;
    public static final int MAX_PAYLOAD = 64 << 20;

    public enum Kind {
        HELLO(1), KEYS_START(2), CKG_SHARE(3), PUBLIC_KEY(4), CONTRIBUTION(5), AGGREGATE(6), DECRYPTION_SHARE(7),
        RESULT(8), TRANSPORT_KEY(9), TRANSPORT_KEYS(10), DEALINGS(11), DEALINGS_RELAY(12), SETUP_READY(13),
        SETUP_COMPLETE(14);

        private final int code;

        Kind(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        static Kind of(int code) {
            for (Kind k : values()) {
                if (k.code == code) {
                    return k;
                }
            }
            throw new FederationFormatException("unknown message kind " + code);
        }
    }

    public Envelope {
        checkFederation(federation);
        if (round < 0 || member < 0) {
            throw new IllegalArgumentException("round and member must be >= 0");
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
        }
    }

    public static void checkFederation(String federation) {
        if (federation == null || !federation.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("federation id must match [A-Za-z0-9_-]{1,64}, got " + federation);
        }
    }

    public byte[] encode() {
        byte[] f = federation.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(19 + f.length + payload.length);
        b.put(MAGIC).put((byte) VERSION).put((byte) kind.code).put((byte) f.length).put(f);
        b.putInt(round).putInt(member).putInt(payload.length).put(payload);
        return b.array();
    }

    public static Envelope decode(byte[] in) {
        if (in == null || in.length < 20) {
            throw new FederationFormatException("message too short for an envelope (" + (in == null ? 0 : in.length) + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(in);
        byte[] magic = new byte[4];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new FederationFormatException("bad magic");
        }
        int version = b.get() & 0xff;
        if (version != VERSION) {
            throw new FederationFormatException("unsupported envelope version " + version);
        }
        Kind kind = Kind.of(b.get() & 0xff);
        int fl = b.get() & 0xff;
        if (fl < 1 || fl > 64 || b.remaining() < fl + 12) {
            throw new FederationFormatException("bad federation id length " + fl);
        }
        byte[] f = new byte[fl];
        b.get(f);
        String federation = new String(f, StandardCharsets.US_ASCII);
        if (!federation.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new FederationFormatException("bad federation id");
        }
        int round = b.getInt();
        int member = b.getInt();
        int length = b.getInt();
        if (round < 0 || member < 0) {
            throw new FederationFormatException("negative round or member id");
        }
        if (length < 0 || length > MAX_PAYLOAD || length != b.remaining()) {
            throw new FederationFormatException("payload length " + length + " does not match the " + b.remaining()
                    + " bytes that follow the header");
        }
        byte[] payload = new byte[length];
        b.get(payload);
        return new Envelope(kind, federation, round, member, payload);
    }

    @Override
    public String toString() {
        return kind + "(federation " + federation + ", round " + round + ", member " + member + ", " + payload.length + " B)";
    }
}

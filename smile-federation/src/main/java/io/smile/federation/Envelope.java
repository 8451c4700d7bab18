package io.smile.federation;

import io.smile.protocol.ProtocolException;
import io.smile.protocol.codec.MessageReader;
import io.smile.protocol.codec.MessageWriter;
import java.util.regex.Pattern;

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
 * Written and read with {@link io.smile.protocol.codec}; {@link #decode} checks every field and the exact
 * length and throws only {@link FederationFormatException} (the codec's {@code ProtocolException}
 * rethrown with its message).
 */
public record Envelope(Kind kind, String federation, int round, int member, byte[] payload) {
    public static final String MAGIC = "SMFE";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Header with a one-character federation id and an empty payload. */
    private static final int MIN_BYTES = 20;
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
        if (federation == null || !ID.matcher(federation).matches()) {
            throw new IllegalArgumentException("federation id must match [A-Za-z0-9_-]{1,64}, got " + federation);
        }
    }

    public byte[] encode() {
        return new MessageWriter(payload.length + 19 + federation.length()).magic(MAGIC, VERSION).u8(kind.code)
                .str8(federation).i32(round).i32(member).blob(payload).toBytes();
    }

    public static Envelope decode(byte[] in) {
        // the coordinator reports this reason for garbage on its topics
        if (in == null || in.length < MIN_BYTES) {
            throw new FederationFormatException("message too short for an envelope (" + (in == null ? 0 : in.length) + " bytes)");
        }
        try {
            return MessageReader.read(in, "envelope", r -> {
                r.magic(MAGIC, VERSION);
                Kind kind = Kind.of(r.u8("kind"));
                String federation = r.str8("federation id", 64);
                if (!ID.matcher(federation).matches()) {
                    throw new FederationFormatException("bad federation id");
                }
                int round = r.i32("round", 0, Integer.MAX_VALUE);
                int member = r.i32("member", 0, Integer.MAX_VALUE);
                byte[] payload = r.lastBlob("payload", MAX_PAYLOAD);
                return new Envelope(kind, federation, round, member, payload);
            });
        } catch (ProtocolException e) {
            throw new FederationFormatException(e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return kind + "(federation " + federation + ", round " + round + ", member " + member + ", " + payload.length + " B)";
    }
}

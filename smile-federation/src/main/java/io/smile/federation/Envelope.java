package io.smile.federation;

import io.smile.federation.identity.Roster;
import io.smile.federation.identity.SigningIdentity;
import io.smile.protocol.ProtocolException;
import io.smile.protocol.codec.MessageReader;
import io.smile.protocol.codec.MessageWriter;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Every federation message: a versioned binary header, the payload (ShareCodec or BgvSerializer
 * bytes, or one of the small structures in {@link Payloads}) and its author's Ed25519 signature.
 *
 * <pre>
 * offset   size field
 * 0        4    magic "SMFE"
 * 4        1    version = 2
 * 5        1    kind ({@link Kind#code})
 * 6        1    length L of the federation id (1..64)
 * 7        L    federation id, [A-Za-z0-9_-]
 * 7+L      4    round (big-endian, >= 0; key messages use 0)
 * 11+L     1    attempt (decryption attempt of the round, 0..255; 0 elsewhere)
 * 12+L     4    author: member id (>= 0; 0 = the coordinator)
 * 16+L     4    length of depends-on = 32
 * 20+L     32   depends-on: SHA-256 of what this message builds on (see {@link Transcript})
 * 52+L     4    payload length P
 * 56+L     P    payload
 * 56+L+P   4    signature length S (64; 0 = unsigned, refused by every receiver)
 * 60+L+P   S    Ed25519 signature of {@link #transcriptHash}
 * </pre>
 * The signature covers the domain string, kind, federation, round, attempt, author, SHA-256 of the
 * payload and depends-on, so a message cannot be moved to another federation, round, attempt or
 * kind, nor re-attributed. Relayed messages are carried whole (header, payload and signature) inside
 * the relaying message, so the coordinator relays, it does not re-author. {@link #decode} checks
 * every field and the exact length and throws only {@link FederationFormatException}.
 */
public record Envelope(Kind kind, String federation, int round, int attempt, int member, byte[] dependsOn,
                       byte[] payload, byte[] signature) {
    public static final String MAGIC = "SMFE";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Header with a one-character federation id, an empty payload and no signature. */
    private static final int MIN_BYTES = 61;
    public static final int VERSION = 2;
    public static final int COORDINATOR = 0;
    public static final int MAX_PAYLOAD = 64 << 20;
    public static final int HASH_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;
    /** Depends-on of a message that builds on nothing earlier (HELLO, KEYS_START). */
    public static final byte[] NOTHING = new byte[HASH_BYTES];
    static final String DOMAIN = "SMiLe federation message v2";

    public enum Kind {
        HELLO(1), KEYS_START(2), CKG_SHARE(3), PUBLIC_KEY(4), CONTRIBUTION(5), AGGREGATE(6), DECRYPTION_SHARE(7),
        RESULT(8), TRANSPORT_KEY(9), TRANSPORT_KEYS(10), DEALINGS(11), DEALINGS_RELAY(12), SETUP_READY(13),
        SETUP_COMPLETE(14), CRS_REVEAL(15), CRS_REVEALS(16);

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
        if (round < 0 || member < 0 || attempt < 0 || attempt > 255) {
            throw new IllegalArgumentException("round and member must be >= 0, attempt in [0, 255]");
        }
        if (dependsOn == null || dependsOn.length != HASH_BYTES) {
            throw new IllegalArgumentException("depends-on must be a " + HASH_BYTES + "-byte hash");
        }
        if (payload.length > MAX_PAYLOAD) {
            throw new IllegalArgumentException("payload of " + payload.length + " bytes exceeds " + MAX_PAYLOAD);
        }
        if (signature.length != 0 && signature.length != SIGNATURE_BYTES) {
            throw new IllegalArgumentException("signature of " + signature.length + " bytes, expected " + SIGNATURE_BYTES);
        }
    }

    /** An unsigned message that depends on nothing, attempt 0 (tests, and as the start of {@link #signedBy}). */
    public Envelope(Kind kind, String federation, int round, int member, byte[] payload) {
        this(kind, federation, round, 0, member, NOTHING, payload, new byte[0]);
    }

    /** An unsigned message; {@link #signedBy} signs it. */
    public static Envelope of(Kind kind, String federation, int round, int attempt, int member, byte[] dependsOn,
                              byte[] payload) {
        return new Envelope(kind, federation, round, attempt, member, dependsOn.clone(), payload, new byte[0]);
    }

    public static void checkFederation(String federation) {
        if (federation == null || !ID.matcher(federation).matches()) {
            throw new IllegalArgumentException("federation id must match [A-Za-z0-9_-]{1,64}, got " + federation);
        }
    }

    /** SHA-256 of the domain string, kind, federation, round, attempt, author, SHA-256(payload) and depends-on. */
    public byte[] transcriptHash() {
        return Transcript.sha256(new MessageWriter(160).str8(DOMAIN).u8(kind.code).str8(federation).i32(round)
                .u8(attempt).i32(member).blob(Transcript.sha256(payload)).blob(dependsOn).toBytes());
    }

    /** This message signed by its author. */
    public Envelope signedBy(SigningIdentity author) {
        if (author.id() != member) {
            throw new IllegalArgumentException("party " + author.id() + " cannot sign a message of party " + member);
        }
        return new Envelope(kind, federation, round, attempt, member, dependsOn, payload, author.sign(transcriptHash()));
    }

    /** Throws, naming the author, unless the signature is the roster's key of the author over this message. */
    public void verify(Roster roster) {
        String who = member == COORDINATOR ? "the coordinator" : "member " + member;
        if (!roster.contains(member)) {
            throw new IllegalArgumentException(kind + " from party " + member + ", who is not in the roster");
        }
        if (signature.length == 0) {
            throw new IllegalArgumentException("unsigned " + this + " claiming to come from " + who);
        }
        if (!roster.verify(member, transcriptHash(), signature)) {
            throw new IllegalArgumentException("forged " + kind + ": the signature of " + who + " does not verify "
                    + "(altered, re-attributed, or signed for another federation, round, attempt or transcript; " + this + ")");
        }
    }

    public byte[] encode() {
        return new MessageWriter(payload.length + 64 + 60 + federation.length()).magic(MAGIC, VERSION).u8(kind.code)
                .str8(federation).i32(round).u8(attempt).i32(member).blob(dependsOn).blob(payload).blob(signature)
                .toBytes();
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
                int attempt = r.u8("attempt");
                int member = r.i32("member", 0, Integer.MAX_VALUE);
                byte[] dependsOn = r.blob("depends-on", HASH_BYTES);
                if (dependsOn.length != HASH_BYTES) {
                    throw new FederationFormatException("depends-on of " + dependsOn.length + " bytes, expected " + HASH_BYTES);
                }
                byte[] payload = r.blob("payload", MAX_PAYLOAD);
                byte[] signature = r.lastBlob("signature", SIGNATURE_BYTES);
                if (signature.length != 0 && signature.length != SIGNATURE_BYTES) {
                    throw new FederationFormatException("signature of " + signature.length + " bytes, expected "
                            + SIGNATURE_BYTES);
                }
                return new Envelope(kind, federation, round, attempt, member, dependsOn, payload, signature);
            });
        } catch (ProtocolException e) {
            throw new FederationFormatException(e.getMessage(), e);
        }
    }

    /** True if this message depends on exactly {@code hash}. */
    public boolean dependsOn(byte[] hash) {
        return Arrays.equals(dependsOn, hash);
    }

    @Override
    public String toString() {
        return kind + "(federation " + federation + ", round " + round + ", attempt " + attempt + ", member " + member
                + ", " + payload.length + " B" + (signature.length == 0 ? ", unsigned" : "") + ")";
    }
}

package io.smile.protocol.codec;

import io.smile.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * Reads one message written by {@link MessageWriter}, checking every field as it goes: each
 * length and count against its bound and against the bytes actually left (so nothing is
 * allocated from an unchecked length), strings as strict UTF-8, and, in {@link #read}, that the
 * message is consumed exactly. Every failure is a {@link ProtocolException} whose message starts
 * with what is being read and names the field, e.g. {@code "feature batch: truncated in machineId"}.
 */
public final class MessageReader {
    private final ByteBuffer in;
    private final String what;

    /** A reader over {@code bytes}; {@code what} names the message in every error. */
    public MessageReader(byte[] bytes, String what) {
        if (bytes == null) {
            throw new ProtocolException(what + ": no bytes");
        }
        this.in = ByteBuffer.wrap(bytes);
        this.what = what;
    }

    /**
     * Decodes a whole message: runs {@code body} on a reader over {@code bytes}, then requires that
     * nothing is left. An {@link IllegalArgumentException} of the body (a record's own checks)
     * becomes a {@link ProtocolException}; other exceptions pass unchanged.
     */
    public static <T> T read(byte[] bytes, String what, Function<MessageReader, T> body) {
        MessageReader r = new MessageReader(bytes, what);
        try {
            T value = body.apply(r);
            r.end();
            return value;
        } catch (ProtocolException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(what + ": " + e.getMessage(), e);
        }
    }

    /** The magic's ASCII bytes, no version. */
    public void magic(String magic) {
        need(magic.length(), "header");
        byte[] got = new byte[magic.length()];
        in.get(got);
        if (!magic.equals(new String(got, StandardCharsets.ISO_8859_1))) {
            throw new ProtocolException(what + ": bad magic");
        }
    }

    /** The magic and a one-byte version that must equal {@code version}. */
    public void magic(String magic, int version) {
        need(magic.length() + 1, "header");
        magic(magic);
        int v = in.get() & 0xff;
        if (v != version) {
            throw new ProtocolException(what + ": unsupported version " + v + " (expected " + version + ")");
        }
    }

    public int u8(String field) {
        need(1, field);
        return in.get() & 0xff;
    }

    /** One byte that must be 0 (false) or 1 (true). */
    public boolean bool(String field) {
        int v = u8(field);
        if (v > 1) {
            throw new ProtocolException(what + ": " + field + " = " + v + " is neither 0 nor 1");
        }
        return v == 1;
    }

    /** Any 32-bit value (ids that the caller checks itself). */
    public int i32(String field) {
        return i32(field, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    public int i32(String field, int min, int max) {
        need(4, field);
        int v = in.getInt();
        if (v < min || v > max) {
            throw new ProtocolException(what + ": " + field + " = " + v + " outside [" + min + ", " + max + "]");
        }
        return v;
    }

    /** Any 64-bit value. */
    public long i64(String field) {
        return i64(field, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public long i64(String field, long min, long max) {
        need(8, field);
        long v = in.getLong();
        if (v < min || v > max) {
            throw new ProtocolException(what + ": " + field + " = " + v + " outside [" + min + ", " + max + "]");
        }
        return v;
    }

    /** A string with a 2-byte length of at most {@code maxBytes}. */
    public String str(String field, int maxBytes) {
        need(2, field);
        return utf8(field, in.getShort() & 0xffff, maxBytes);
    }

    /** A string with a 1-byte length of at most {@code maxBytes}. */
    public String str8(String field, int maxBytes) {
        return utf8(field, u8(field), maxBytes);
    }

    /** Bytes with a 4-byte length in [0, maxBytes]. */
    public byte[] blob(String field, int maxBytes) {
        return bytes(field, length(field, maxBytes));
    }

    /**
     * The message's last field: bytes with a 4-byte length in [0, maxBytes] that must be exactly
     * the bytes that follow it.
     */
    public byte[] lastBlob(String field, int maxBytes) {
        int len = length(field, maxBytes);
        if (len != in.remaining()) {
            throw new ProtocolException(what + ": " + field + " length " + len + " does not match the " + in.remaining()
                    + " bytes that follow");
        }
        return bytes(field, len);
    }

    /**
     * A 4-byte element count in [0, maxItems] whose elements, of at least {@code minBytesEach}
     * bytes, fit in what is left: a count cannot make the caller allocate more than the message holds.
     */
    public int count(String field, int maxItems, int minBytesEach) {
        int n = i32(field + " count", 0, maxItems);
        if ((long) n * minBytesEach > in.remaining()) {
            throw new ProtocolException(what + ": " + field + " count " + n + " needs at least " + (long) n * minBytesEach
                    + " bytes, " + in.remaining() + " left");
        }
        return n;
    }

    public int remaining() {
        return in.remaining();
    }

    /** Requires that the whole message has been read. */
    public void end() {
        if (in.hasRemaining()) {
            throw new ProtocolException(what + ": " + in.remaining() + " trailing bytes");
        }
    }

    private int length(String field, int maxBytes) {
        need(4, field);
        int len = in.getInt();
        if (len < 0 || len > maxBytes) {
            throw new ProtocolException(what + ": " + field + " length " + len + " outside [0, " + maxBytes + "]");
        }
        return len;
    }

    private byte[] bytes(String field, int len) {
        need(len, field);
        byte[] b = new byte[len];
        in.get(b);
        return b;
    }

    private String utf8(String field, int len, int maxBytes) {
        if (len > maxBytes) {
            throw new ProtocolException(what + ": " + field + " longer than " + maxBytes + " bytes");
        }
        need(len, field);
        ByteBuffer b = in.slice(in.position(), len);
        in.position(in.position() + len);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(b).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException(what + ": " + field + " is not valid UTF-8");
        }
    }

    private void need(int n, String field) {
        if (in.remaining() < n) {
            throw new ProtocolException(what + ": truncated in " + field);
        }
    }
}

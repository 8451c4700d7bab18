package io.smile.protocol.codec;

import io.smile.protocol.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds one message, big-endian, field by field; the counterpart of {@link MessageReader}.
 * Lengths are written in front of what they measure: 1 byte ({@link #str8}), 2 bytes
 * ({@link #str}) or 4 bytes ({@link #blob}). A value that its length prefix cannot carry is a
 * {@link ProtocolException}, never a silently cut field.
 */
public final class MessageWriter {
    private final ByteArrayOutputStream out;

    public MessageWriter() {
        this(64);
    }

    /** A writer that expects about {@code expectedBytes} (large payloads are then copied once, not regrown). */
    public MessageWriter(int expectedBytes) {
        out = new ByteArrayOutputStream(Math.max(16, expectedBytes));
    }

    /** The magic's ASCII bytes, no length. */
    public MessageWriter magic(String magic) {
        out.writeBytes(magic.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    /** The magic's ASCII bytes and a one-byte format version. */
    public MessageWriter magic(String magic, int version) {
        return magic(magic).u8(version);
    }

    public MessageWriter u8(int v) {
        if (v < 0 || v > 0xff) {
            throw new ProtocolException("byte value " + v + " outside [0, 255]");
        }
        out.write(v);
        return this;
    }

    /** One byte, 1 or 0. */
    public MessageWriter bool(boolean v) {
        out.write(v ? 1 : 0);
        return this;
    }

    public MessageWriter i32(int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    public MessageWriter i64(long v) {
        return i32((int) (v >>> 32)).i32((int) v);
    }

    /** UTF-8 with a 2-byte length (at most 65535 bytes). */
    public MessageWriter str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xffff) {
            throw new ProtocolException("string too long");
        }
        out.write(b.length >>> 8);
        out.write(b.length);
        out.writeBytes(b);
        return this;
    }

    /** UTF-8 with a 1-byte length (at most 255 bytes), for short identifiers. */
    public MessageWriter str8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length > 0xff) {
            throw new ProtocolException("string too long for a 1-byte length");
        }
        out.write(b.length);
        out.writeBytes(b);
        return this;
    }

    /** Bytes as they are, no length (an already encoded part of the message). */
    public MessageWriter raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    /** Bytes with a 4-byte length. */
    public MessageWriter blob(byte[] b) {
        i32(b.length);
        out.writeBytes(b);
        return this;
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }
}

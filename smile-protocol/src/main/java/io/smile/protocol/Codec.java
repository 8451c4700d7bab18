package io.smile.protocol;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Length-checked binary reading and writing for the envelopes: nothing is allocated from an unchecked length. */
final class Codec {
    private Codec() {
    }

    static final class Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final DataOutputStream out = new DataOutputStream(bytes);

        Writer magic(String m, int version) {
            try {
                out.write(m.getBytes(StandardCharsets.US_ASCII));
                out.writeByte(version);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer u8(int v) {
            try {
                out.writeByte(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer i32(int v) {
            try {
                out.writeInt(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer i64(long v) {
            try {
                out.writeLong(v);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer str(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (b.length > 0xffff) {
                throw new ProtocolException("string too long");
            }
            try {
                out.writeShort(b.length);
                out.write(b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        Writer blob(byte[] b) {
            try {
                out.writeInt(b.length);
                out.write(b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }

        byte[] toBytes() {
            return bytes.toByteArray();
        }
    }

    static final class Reader {
        private final ByteBuffer in;
        private final String what;

        Reader(byte[] bytes, String what) {
            this.in = ByteBuffer.wrap(bytes);
            this.what = what;
        }

        void magic(String m, int version) {
            byte[] got = new byte[m.length()];
            need(m.length() + 1, "header");
            in.get(got);
            if (!m.equals(new String(got, StandardCharsets.ISO_8859_1))) {
                throw new ProtocolException(what + ": bad magic");
            }
            int v = in.get() & 0xff;
            if (v != version) {
                throw new ProtocolException(what + ": unsupported version " + v + " (expected " + version + ")");
            }
        }

        int u8(String field) {
            need(1, field);
            return in.get() & 0xff;
        }

        int i32(String field, int min, int max) {
            need(4, field);
            int v = in.getInt();
            if (v < min || v > max) {
                throw new ProtocolException(what + ": " + field + " = " + v + " outside [" + min + ", " + max + "]");
            }
            return v;
        }

        long i64(String field, long min, long max) {
            need(8, field);
            long v = in.getLong();
            if (v < min || v > max) {
                throw new ProtocolException(what + ": " + field + " = " + v + " outside [" + min + ", " + max + "]");
            }
            return v;
        }

        String str(String field, int maxBytes) {
            need(2, field);
            int len = in.getShort() & 0xffff;
            if (len > maxBytes) {
                throw new ProtocolException(what + ": " + field + " longer than " + maxBytes + " bytes");
            }
            need(len, field);
            byte[] b = new byte[len];
            in.get(b);
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
            } catch (CharacterCodingException e) {
                throw new ProtocolException(what + ": " + field + " is not valid UTF-8");
            }
        }

        byte[] blob(String field, int maxBytes) {
            need(4, field);
            int len = in.getInt();
            if (len < 0 || len > maxBytes) {
                throw new ProtocolException(what + ": " + field + " length " + len + " outside [0, " + maxBytes + "]");
            }
            need(len, field);
            byte[] b = new byte[len];
            in.get(b);
            return b;
        }

        void end() {
            if (in.hasRemaining()) {
                throw new ProtocolException(what + ": " + in.remaining() + " trailing bytes");
            }
        }

        private void need(int n, String field) {
            if (in.remaining() < n) {
                throw new ProtocolException(what + ": truncated in " + field);
            }
        }
    }

    static <T> T guard(String what, java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (ProtocolException e) {
            throw e;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new ProtocolException(what + ": " + e.getMessage(), e);
        }
    }
}

package io.smile.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.protocol.ProtocolException;
import java.util.HexFormat;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    @Test
    void everyFieldHasItsDocumentedBytesAndReadsBack() {
        byte[] b = new MessageWriter().magic("TEST", 3).u8(200).bool(true).bool(false).i32(-2).i64(1L << 40)
                .str("é").str8("id").blob(new byte[] {7}).magic("XY").toBytes();
        assertArrayEquals(hex("54455354 03 c8 01 00 fffffffe 0000010000000000 0002 c3a9 02 6964 00000001 07 5859"), b);
        String s = MessageReader.read(b, "test", r -> {
            r.magic("TEST", 3);
            assertEquals(200, r.u8("u8"));
            assertTrue(r.bool("yes"));
            assertFalse(r.bool("no"));
            assertEquals(-2, r.i32("i32"));
            assertEquals(1L << 40, r.i64("i64", 0, Long.MAX_VALUE));
            String e = r.str("str", 2);
            assertEquals("id", r.str8("str8", 2));
            assertArrayEquals(new byte[] {7}, r.blob("blob", 1));
            r.magic("XY");
            return e;
        });
        assertEquals("é", s);
    }

    @Test
    void writerRefusesWhatItsLengthPrefixCannotCarry() {
        assertThrows(ProtocolException.class, () -> new MessageWriter().u8(256));
        assertThrows(ProtocolException.class, () -> new MessageWriter().u8(-1));
        assertThrows(ProtocolException.class, () -> new MessageWriter().str8("x".repeat(256)));
        assertThrows(ProtocolException.class, () -> new MessageWriter().str("x".repeat(65536)));
        assertEquals(2 + 65535, new MessageWriter().str("x".repeat(65535)).toBytes().length);
    }

    @Test
    void readerRefusesEveryOutOfBoundsFieldByName() {
        assertMessage(null, r -> null, "m: no bytes");
        assertMessage(hex("02"), r -> r.bool("flag"), "m: flag = 2 is neither 0 nor 1");
        assertMessage(hex("0000000a"), r -> r.i32("n", 0, 9), "m: n = 10 outside [0, 9]");
        assertMessage(hex("0000000000000000"), r -> r.i64("t", 1, 2), "m: t = 0 outside [1, 2]");
        assertMessage(hex("0003 616263"), r -> r.str("name", 2), "m: name longer than 2 bytes");
        assertMessage(hex("03 6162"), r -> r.str8("id", 64), "m: truncated in id");
        assertMessage(hex("0002 c328"), r -> r.str("name", 64), "m: name is not valid UTF-8");
        assertMessage(hex("03 eda080"), r -> r.str8("id", 64), "m: id is not valid UTF-8"); // a UTF-16 surrogate
        assertMessage(hex("00000003 0102"), r -> r.blob("body", 8), "m: truncated in body");
        assertMessage(hex("80000000"), r -> r.blob("body", 8), "m: body length -2147483648 outside [0, 8]");
        assertMessage(hex("00000009"), r -> r.blob("body", 8), "m: body length 9 outside [0, 8]");
        assertMessage(hex("00000001 0102"), r -> r.lastBlob("body", 8), "m: body length 1 does not match the 2 bytes that follow");
        assertMessage(hex("00000003 0102"), r -> r.lastBlob("body", 8), "m: body length 3 does not match the 2 bytes that follow");
        assertMessage(hex("00000005"), r -> r.count("ids", 4, 4), "m: ids count = 5 outside [0, 4]");
        assertMessage(hex("00000002 00000001"), r -> r.count("ids", 4, 4), "m: ids count 2 needs at least 8 bytes, 4 left");
        assertMessage(hex("54455354 02"), r -> {
            r.magic("TEST", 1);
            return null;
        }, "m: unsupported version 2 (expected 1)");
        assertMessage(hex("54455358 01"), r -> {
            r.magic("TEST", 1);
            return null;
        }, "m: bad magic");
        assertMessage(hex("5445"), r -> {
            r.magic("TEST");
            return null;
        }, "m: truncated in header");
    }

    @Test
    void aWholeMessageIsConsumedExactlyAndRecordChecksBecomeProtocolExceptions() {
        assertMessage(hex("01 02"), r -> r.u8("a"), "m: 1 trailing bytes");
        int sum = MessageReader.read(hex("01 02"), "m", r -> r.u8("a") + r.u8("b"));
        assertEquals(3, sum);
        ProtocolException e = assertThrows(ProtocolException.class, () -> MessageReader.read(hex("01"), "m", r -> {
            r.u8("a");
            throw new IllegalArgumentException("a must be even");
        }));
        assertEquals("m: a must be even", e.getMessage());
        assertTrue(e.getCause() instanceof IllegalArgumentException);
        // a module's own exception passes unchanged
        assertThrows(IllegalStateException.class, () -> MessageReader.read(hex("01"), "m", r -> {
            throw new IllegalStateException("mine");
        }));
        byte[] big = new MessageWriter().blob(new byte[3]).toBytes();
        assertArrayEquals(new byte[3], MessageReader.read(big, "m", r -> r.lastBlob("body", 3)));
    }

    private static void assertMessage(byte[] in, Function<MessageReader, Object> body, String expected) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> MessageReader.read(in, "m", body));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }
}

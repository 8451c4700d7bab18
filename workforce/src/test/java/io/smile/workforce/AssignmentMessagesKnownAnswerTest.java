package io.smile.workforce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.smile.he.api.HeFormatException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins the bytes of the assignment request and response (docs/workforce.md, "Wire format") and
 * what {@link AssignmentMessages#read} refuses, always as {@link HeFormatException}.
 */
class AssignmentMessagesKnownAnswerTest {
    private static final byte[] REQUEST = HexFormat.of().parseHex(
            "57534131" // "WSA1"
            + "00000003" // 3 employees
            + "00000002" + "0102"); // ciphertext
    private static final byte[] RESPONSE = HexFormat.of().parseHex("57535231" + "00000040" + "00000000");

    @Test
    void bytesArePinned() {
        assertArrayEquals(REQUEST, AssignmentMessages.write(AssignmentMessages.REQUEST_MAGIC, 3, new byte[] {1, 2}));
        assertArrayEquals(RESPONSE, AssignmentMessages.write(AssignmentMessages.RESPONSE_MAGIC, 64, new byte[0]));
        AssignmentMessages.Message m = AssignmentMessages.read(AssignmentMessages.REQUEST_MAGIC, REQUEST, 64);
        assertEquals(3, m.employees());
        assertArrayEquals(new byte[] {1, 2}, m.ciphertext());
        assertEquals(64, AssignmentMessages.read(AssignmentMessages.RESPONSE_MAGIC, RESPONSE, 64).employees());
    }

    @Test
    void refusesTruncationTrailingBytesWrongMagicAndCountsOutOfRange() {
        for (int cut = 0; cut < REQUEST.length; cut++) {
            byte[] shorter = Arrays.copyOf(REQUEST, cut);
            assertThrows(HeFormatException.class, () -> AssignmentMessages.read(AssignmentMessages.REQUEST_MAGIC, shorter, 64));
        }
        assertThrows(HeFormatException.class, () -> AssignmentMessages.read(AssignmentMessages.REQUEST_MAGIC, null, 64));
        byte[] longer = Arrays.copyOf(REQUEST, REQUEST.length + 1);
        assertThrows(HeFormatException.class, () -> AssignmentMessages.read(AssignmentMessages.REQUEST_MAGIC, longer, 64));
        assertThrows(HeFormatException.class, () -> AssignmentMessages.read(AssignmentMessages.RESPONSE_MAGIC, REQUEST, 64));
        assertThrows(HeFormatException.class, () -> AssignmentMessages.read(AssignmentMessages.REQUEST_MAGIC, RESPONSE, 64));
        assertThrows(HeFormatException.class, () -> AssignmentMessages.read(AssignmentMessages.REQUEST_MAGIC, REQUEST, 2));
        assertEquals(3, AssignmentMessages.read(AssignmentMessages.REQUEST_MAGIC, REQUEST, 3).employees());
        byte[] none = REQUEST.clone();
        none[7] = 0;
        assertThrows(HeFormatException.class, () -> AssignmentMessages.read(AssignmentMessages.REQUEST_MAGIC, none, 64));
        byte[] negativeLength = REQUEST.clone();
        negativeLength[8] = (byte) 0x80;
        assertThrows(HeFormatException.class,
                () -> AssignmentMessages.read(AssignmentMessages.REQUEST_MAGIC, negativeLength, 64));
        byte[] shortLength = REQUEST.clone();
        shortLength[11] = 1; // says 1 byte, 2 follow
        assertThrows(HeFormatException.class, () -> AssignmentMessages.read(AssignmentMessages.REQUEST_MAGIC, shortLength, 64));
    }
}

package io.smile.workforce;

import io.smile.he.api.HeFormatException;
import io.smile.protocol.ProtocolException;
import io.smile.protocol.codec.MessageReader;
import io.smile.protocol.codec.MessageWriter;

/**
 * Wire format of assignment requests and responses: 4-byte magic ("WSA1" request, "WSR1"
 * response), a 4-byte big-endian employee count, a 4-byte ciphertext length, then the
 * ciphertext ({@code HeCiphertext.serialize()}), exactly to the end. Written and read with
 * {@link io.smile.protocol.codec}; anything else is rejected with {@link HeFormatException} (the
 * codec's {@code ProtocolException} rethrown with its message), like a bad ciphertext.
 */
final class AssignmentMessages {
    static final String REQUEST_MAGIC = "WSA1";
    static final String RESPONSE_MAGIC = "WSR1";

    private AssignmentMessages() {
    }

    record Message(int employees, byte[] ciphertext) {
    }

    static byte[] write(String magic, int employees, byte[] ciphertext) {
        return new MessageWriter(ciphertext.length + 12).magic(magic).i32(employees).blob(ciphertext).toBytes();
    }

    static Message read(String magic, byte[] bytes, int maxEmployees) {
        String what = magic.equals(REQUEST_MAGIC) ? "assignment request" : "assignment response";
        try {
            return MessageReader.read(bytes, what, r -> {
                r.magic(magic);
                int employees = r.i32("employee count", 1, maxEmployees);
                // bounded by the message itself: the ciphertext is what follows, exactly
                return new Message(employees, r.lastBlob("ciphertext", Integer.MAX_VALUE));
            });
        } catch (ProtocolException e) {
            throw new HeFormatException(e.getMessage(), e);
        }
    }
}

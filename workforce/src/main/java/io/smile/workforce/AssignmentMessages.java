package io.smile.workforce;

import io.smile.he.api.HeFormatException;
import java.nio.ByteBuffer;

/**
 * Wire format of assignment requests and responses: 4-byte magic ("WSA1" request, "WSR1"
 * response), a 4-byte big-endian employee count, a 4-byte ciphertext length, then the
 * ciphertext ({@code HeCiphertext.serialize()}). Anything else is rejected with
 * {@link HeFormatException}.
 */
final class AssignmentMessages {
    static final int REQUEST_MAGIC = 0x57534131; // "WSA1"
    static final int RESPONSE_MAGIC = 0x57535231; // "WSR1"
    private static final int HEADER = 12;

    private AssignmentMessages() {
    }

    record Message(int employees, byte[] ciphertext) {
    }

    static byte[] write(int magic, int employees, byte[] ciphertext) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + ciphertext.length);
        b.putInt(magic).putInt(employees).putInt(ciphertext.length).put(ciphertext);
        return b.array();
    }

    static Message read(int magic, byte[] bytes, int maxEmployees) {
        if (bytes == null || bytes.length < HEADER) {
            throw new HeFormatException("assignment message too short: " + (bytes == null ? 0 : bytes.length) + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int m = b.getInt();
        if (m != magic) {
            throw new HeFormatException(String.format("not an assignment %s (magic 0x%08x)", magic == REQUEST_MAGIC ? "request" : "response", m));
        }
        int employees = b.getInt();
        if (employees < 1 || employees > maxEmployees) {
            throw new HeFormatException("employee count " + employees + " outside 1.." + maxEmployees);
        }
        int len = b.getInt();
        if (len != bytes.length - HEADER) {
            throw new HeFormatException("ciphertext length " + len + " does not match the " + (bytes.length - HEADER) + " bytes that follow");
        }
        byte[] ct = new byte[len];
        b.get(ct);
        return new Message(employees, ct);
    }
}

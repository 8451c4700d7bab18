package io.smile.he.api;

/**
 * Bytes given to a session (parameters, keys, ciphertexts) could not be accepted: truncated,
 * malformed, of an unknown version, out of range, or made for another parameter set. Input from
 * outside the process (the network, a key store) should be expected to raise this, and it is safe
 * to report to the sender: the message never contains key material.
 */
public class HeFormatException extends HeException {
    private static final long serialVersionUID = 1L;

    public HeFormatException(String message) {
        super(message);
    }

    public HeFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.smile.protocol;

/** A message that is malformed, oversized or inconsistent. The message says which field. */
public final class ProtocolException extends RuntimeException {
    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.smile.federation;

/** The one exception for a message that does not decode: bad envelope or bad payload. */
public final class FederationFormatException extends RuntimeException {
    public FederationFormatException(String message) {
        super(message);
    }

    public FederationFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.smile.he.wire;

/**
 * The one exception the wire-format decoders throw for malformed or untrusted input: wrong magic,
 * version, object type or parameter fingerprint, an out-of-range field, a coefficient not reduced
 * modulo its prime, a wrong length, trailing bytes... The message says which field is wrong and
 * why. Decoders never let any other exception type escape for bad input.
 */
public final class WireFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

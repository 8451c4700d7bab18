package io.smile.he.api;

/**
 * An operation of a homomorphic-encryption backend failed for a reason other than programming
 * error: parameters refused (insecure or inconsistent), an evaluation key missing for a rotation
 * or relinearization, the noise budget exhausted, no backend of the requested name. Unchecked.
 * {@link HeFormatException} is the subclass for bad input bytes.
 */
public class HeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HeException(String message) {
        super(message);
    }

    public HeException(String message, Throwable cause) {
        super(message, cause);
    }
}

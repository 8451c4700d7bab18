package io.smile.he.bgv;

/** A parameter set was refused: insecure, malformed or inconsistent. The message says why. */
public final class InvalidParametersException extends IllegalArgumentException {
    public InvalidParametersException(String message) {
        super(message);
    }
}

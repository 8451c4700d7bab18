package io.smile.edge;

/**
 * The edge agent cannot start or continue: bad configuration, an unusable state directory, a key
 * file with unsafe permissions, another agent holding the state directory, ... The message says
 * what and where; it never contains key material or sensor values.
 */
public final class EdgeAgentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EdgeAgentException(String message) {
        super(message);
    }

    public EdgeAgentException(String message, Throwable cause) {
        super(message, cause);
    }
}

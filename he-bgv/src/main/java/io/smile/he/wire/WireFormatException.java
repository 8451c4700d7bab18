// PLACEHOLDER – replaced at merge
package io.smile.he.wire;

/**
 * PLACEHOLDER – replaced at merge by the real wire-format module. Thrown on bytes that cannot be
 * decoded.
 */
public class WireFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}

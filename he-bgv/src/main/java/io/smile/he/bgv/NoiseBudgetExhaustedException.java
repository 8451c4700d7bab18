package io.smile.he.bgv;

/** Thrown by {@link Decryptor#decryptChecked} when a ciphertext's noise leaves no room for the message. */
public final class NoiseBudgetExhaustedException extends RuntimeException {
    public NoiseBudgetExhaustedException(String message) {
        super(message);
    }
}

package io.smile.he.api;

/**
 * An opaque, immutable ciphertext handle: an encryption of {@link HeSession#slotCount()} integers
 * mod t. Every evaluator operation returns a new handle. Usable with any session of the same
 * parameter set and backend.
 */
public interface HeCiphertext {
    /** Its level: 0 (lowest) .. {@link HeSession#maxLevel()}; lower means fewer, smaller limbs. */
    int level();

    /** {@link HeSession#parameterFingerprint()} of the parameter set it belongs to. */
    long parameterFingerprint();

    /**
     * Self-describing bytes for {@link HeSession#readCiphertext(byte[])}. A fresh encryption by
     * the key owner is seed-compressed (about half the size of an evaluated ciphertext).
     */
    byte[] serialize();
}

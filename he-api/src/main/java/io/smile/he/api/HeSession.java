package io.smile.he.api;

/**
 * One parameter set opened by a backend: precomputed tables, worker threads and a secure
 * randomness source. Thread-safe. Create key owners (edge) and evaluators (cloud) from it, and
 * read ciphertexts sent by the other side. {@link #close()} stops the workers; handles made by
 * the session stay valid as data but can no longer be computed on through it.
 *
 * <p>Slots: a ciphertext holds {@link #slotCount()} integers mod t, laid out as 2 rows of
 * {@link #rowSize()} slots; {@link HeEvaluator#rotate rotations} act on both rows at once.
 */
public interface HeSession extends AutoCloseable {
    /** {@link HeBackend#name()} of the backend that opened this session. */
    String backendName();

    /** Number of integer slots per ciphertext (the ring degree N for power-of-two BGV). */
    int slotCount();

    /** Length of one rotation row: {@code slotCount() / 2}. */
    int rowSize();

    /** Plaintext modulus t: slot arithmetic is modulo t. */
    long plainModulus();

    /**
     * Top level L: fresh ciphertexts are at level L by default; each ciphertext multiplication
     * followed by a modulus switch uses one level; level 0 is the lowest (smallest ciphertexts).
     */
    int maxLevel();

    /**
     * 64-bit fingerprint of the exact parameters (degree, t, every prime). Both sides of a
     * protocol can compare it before exchanging keys; every key and ciphertext carries it.
     */
    long parameterFingerprint();

    /** Whether the parameters are below the 128-bit security bound (allowed only for tests). */
    boolean isInsecure();

    /** The exact parameters as bytes, for {@link HeParameterSpec#serialized(byte[])} on the other side. */
    byte[] exportParameters();

    /**
     * Generates a fresh secret key. The public key and the default evaluation keys (relinearization,
     * rotations by powers of two and the row swap: enough for every rotation, {@code sumSlots} and
     * {@code sumBlocks}) are derived on first use.
     */
    HeKeyOwner generateKeys();

    /**
     * Like {@link #generateKeys()} but the evaluation keys hold rotation keys for exactly these
     * left-rotation steps (plus relinearization and the row swap): smaller to send, but a
     * rotation needing a missing key fails with {@link HeException}.
     */
    HeKeyOwner generateKeys(int[] rotationSteps);

    /**
     * Restores a key owner from {@link HeKeyOwner#exportSecretKeyForLocalStorage()} bytes. Its
     * public and evaluation keys are regenerated on first use: they work with the same
     * ciphertexts but are not byte-identical to those exported before.
     *
     * @throws HeFormatException if the bytes are not a secret key of this parameter set
     */
    HeKeyOwner importSecretKey(byte[] secretKey);

    /**
     * The cloud's evaluator, from the key owner's exported keys.
     *
     * @param publicKey      {@link HeKeyOwner#exportPublicKey()} bytes (needed for
     *                       {@link HeEvaluator#rerandomize})
     * @param evaluationKeys {@link HeKeyOwner#exportEvaluationKeys()} bytes, or null for an evaluator
     *                       limited to additions and plaintext/scalar products
     * @throws HeFormatException if either is malformed or for another parameter set
     */
    HeEvaluator evaluator(byte[] publicKey, byte[] evaluationKeys);

    /**
     * Reads a ciphertext written by {@link HeCiphertext#serialize()} (in any session of the same
     * parameter set).
     *
     * @throws HeFormatException if malformed or for another parameter set
     */
    HeCiphertext readCiphertext(byte[] bytes);

    /** Stops the worker threads. Idempotent. */
    @Override
    void close();
}

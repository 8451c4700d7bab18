package io.smile.he.api;

/**
 * The data owner's side (the edge agent): holds the secret key, encrypts and decrypts, and exports
 * the public material the cloud needs. The secret key leaves this object only through
 * {@link #exportSecretKeyForLocalStorage()}, for a local key store, never for the network.
 * Thread-safe. {@link #close()} wipes the secret key from memory (best effort).
 */
public interface HeKeyOwner extends AutoCloseable {
    /** The session this key owner belongs to. */
    HeSession session();

    /** The public key as bytes, for {@link HeSession#evaluator(byte[], byte[])}. Derived once, then cached. */
    byte[] exportPublicKey();

    /**
     * The evaluation keys (relinearization and rotation keys) as bytes, for
     * {@link HeSession#evaluator(byte[], byte[])}. Public, but large (megabytes): send once per
     * device. Derived once, then cached.
     */
    byte[] exportEvaluationKeys();

    /**
     * The secret key as bytes, ONLY to be written to this device's own protected key store and
     * read back with {@link HeSession#importSecretKey(byte[])}. Anyone holding these bytes can
     * decrypt everything: never send them anywhere, never log them.
     */
    byte[] exportSecretKeyForLocalStorage();

    /** Encrypts at the top level; same as {@code encrypt(values, session().maxLevel())}. */
    HeCiphertext encrypt(long[] values);

    /**
     * Encrypts up to {@link HeSession#slotCount()} integers (reduced mod t; missing slots are 0)
     * with the secret key, directly at {@code level}: a lower level means a smaller ciphertext and
     * less depth left. The result is seed-compressed for {@link HeCiphertext#serialize()}.
     *
     * @throws IllegalArgumentException if there are too many values or the level is out of range
     */
    HeCiphertext encrypt(long[] values, int level);

    /**
     * Decrypts to {@link HeSession#slotCount()} values centred in (-t/2, t/2]. If the noise budget
     * is exhausted the result is silently wrong; see {@link #decryptChecked}.
     */
    long[] decrypt(HeCiphertext ciphertext);

    /**
     * Decrypts after verifying the noise budget is not exhausted (slower: measures the noise).
     *
     * @throws HeException if the budget is exhausted, so the decryption would be wrong
     */
    long[] decryptChecked(HeCiphertext ciphertext);

    /** Remaining noise budget in bits (0: exhausted). A diagnostic, slower than decryption. */
    int noiseBudget(HeCiphertext ciphertext);

    /**
     * An evaluator using this owner's public and evaluation keys in memory, without a round trip
     * through bytes: for local pre-processing, single-process deployments and tests.
     */
    HeEvaluator localEvaluator();

    /** Wipes the secret key; further use of this object throws {@link IllegalStateException}. Idempotent. */
    @Override
    void close();
}

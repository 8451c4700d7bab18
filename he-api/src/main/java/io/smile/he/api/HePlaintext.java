package io.smile.he.api;

/**
 * An opaque plaintext vector already prepared for repeated multiplication at one level (model
 * weights used for every request): {@link HeEvaluator#multiplyPlain(HeCiphertext, HePlaintext)}
 * with it skips re-encoding. Immutable and thread-safe; made by {@link HeEvaluator#encode}.
 */
public interface HePlaintext {
    /** The highest ciphertext level it can multiply (it also serves every lower level). */
    int level();
}

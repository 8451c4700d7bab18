package io.smile.pdm.model;

import io.smile.he.api.HeSession;

/**
 * Where each stage of {@link EncryptedScorer} runs; levels count down from the fresh ciphertext's
 * level. Decided once, here, for the cloud's scoring, the training's encrypted check and the tests.
 *
 * @param levelsAfterProduct levels dropped right after the quadratic form (before the block sums and
 *                           the decision blinding)
 * @param floodLevel         level at which the result is re-randomized; at least one below the
 *                           blinding's level, so that the switch down brings the noise of the
 *                           blinding's plaintext product back to the modulus-switching floor
 * @param floodBits          log2 of the flooding noise bound (divided by t)
 */
public record ScoringPlan(int levelsAfterProduct, int floodLevel, int floodBits) {
    /**
     * Statistical circuit privacy of a returned score: the returned noise is within 2^-64 of noise
     * that does not depend on the model's weights (the distance bound of docs/pdm-model.md).
     */
    public static final int CIRCUIT_PRIVACY_BITS = 64;

    /**
     * log2 of the bound E on |noise / t| at the flooding level (t = 2^40, blinded, worst-case inputs
     * and weights: measured in EncryptedScorerTest, which enforces at most 2^11).
     */
    public static final int NOISE_BOUND_BITS = 12;

    public ScoringPlan {
        if (levelsAfterProduct < 0 || floodLevel < 1 || floodBits < 1) {
            throw new IllegalArgumentException("invalid scoring plan " + levelsAfterProduct + "/" + floodLevel + "/" + floodBits);
        }
    }

    /**
     * The lowest level a fresh ciphertext may have: the product, {@link #levelsAfterProduct} switches,
     * the blinding, one more switch, the flooding level.
     */
    public int minInputLevel() {
        return levelsAfterProduct + floodLevel + 1;
    }

    /**
     * The plan for {@link PdmParameters}' chain (levels 5 … 0): the product at level 5, two levels
     * dropped (level 3: block sums, blinding), flooding at level 2 (180 bits hold t·2^floodBits =
     * 2^130) with securityBits + log2(N) + log2(E) bits, so that N·E/2^floodBits ≤ 2^-securityBits,
     * then level 0.
     */
    public static ScoringPlan forSession(HeSession session, int securityBits) {
        int logN = Integer.numberOfTrailingZeros(session.slotCount());
        return new ScoringPlan(2, 2, securityBits + logN + NOISE_BOUND_BITS);
    }

    /** {@link #forSession(HeSession, int)} at {@link #CIRCUIT_PRIVACY_BITS}. */
    public static ScoringPlan forSession(HeSession session) {
        return forSession(session, CIRCUIT_PRIVACY_BITS);
    }
}

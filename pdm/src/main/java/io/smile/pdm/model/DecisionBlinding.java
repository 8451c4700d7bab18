package io.smile.pdm.model;

import java.util.random.RandomGenerator;

/**
 * Decision-only output: what the cloud puts in a window's result slot instead of the score s,
 * so that the gateway learns sign(s) (the alert rule s &gt; 0) and not s. The technique is the
 * multiplicative-plus-additive blinding of the encrypted-comparison protocols (Bost, Popa, Tu,
 * Goldwasser, "Machine Learning Classification over Encrypted Data", NDSS 2015; Damgård, Geisler,
 * Krøigaard's comparison): per slot, with fresh independent randomness,
 * <pre>  v = r·(2s − 1) + e',   r uniform in [1, R],   e' uniform in [−(r−1), r−1].</pre>
 * 2s − 1 is odd, so |2s − 1| &ge; 1 and |e'| &lt; r: v &gt; 0 exactly when s &ge; 1, v &lt; 0 exactly
 * when s &le; 0, and v is never 0. Under BGV v is computed exactly modulo t, so the bound
 * |v| &lt; R·(2D + 2) &le; (t − 1)/2 for every score |s| &le; D the model can produce is what keeps
 * the sign: {@link #multiplierBound} chooses R as large as that allows.
 *
 * <p>What v still reveals: its magnitude is r·|2s − 1| + e', so the distribution of v depends on
 * |s| (docs/pdm-model.md quantifies it; the cloud's query budget limits how often it can be
 * sampled).
 */
public final class DecisionBlinding {
    /** log2 of the smallest multiplier range R the cloud accepts for a model. */
    public static final int MIN_MULTIPLIER_BITS = 20;

    private final long multiplierBound;

    private DecisionBlinding(long multiplierBound) {
        this.multiplierBound = multiplierBound;
    }

    /** The blinding of a model's scores modulo its plaintext modulus, R as large as the bound allows. */
    public static DecisionBlinding of(QuantizedModel model) {
        return new DecisionBlinding(multiplierBound(model.plainModulus(), model.maxAbsScore()));
    }

    /**
     * R = floor(((t − 1)/2) / (2D + 2)): the largest multiplier range with |v| &lt; (t − 1)/2 for every
     * |s| &le; D.
     *
     * @throws IllegalArgumentException if that R is below 2^{@value #MIN_MULTIPLIER_BITS}
     */
    public static long multiplierBound(long plainModulus, long maxAbsScore) {
        if (plainModulus < 3 || maxAbsScore < 0) {
            throw new IllegalArgumentException("invalid modulus " + plainModulus + " or score bound " + maxAbsScore);
        }
        long r = ((plainModulus - 1) / 2) / (2 * maxAbsScore + 2);
        if (r < (1L << MIN_MULTIPLIER_BITS)) {
            throw new IllegalArgumentException("model can reach |score| = " + maxAbsScore + ": the decision blinding modulo t = "
                    + plainModulus + " would have R = " + r + " < 2^" + MIN_MULTIPLIER_BITS);
        }
        return r;
    }

    /** The largest score bound D a model may have modulo {@code plainModulus} so that R &ge; 2^{@value #MIN_MULTIPLIER_BITS}. */
    public static long maxScoreBound(long plainModulus) {
        return (((plainModulus - 1) / 2) / (1L << MIN_MULTIPLIER_BITS) - 2) / 2;
    }

    /** R, the multiplier range. */
    public long multiplierBound() {
        return multiplierBound;
    }

    /** One fresh multiplier r, uniform in [1, R]. */
    public long multiplier(RandomGenerator random) {
        return 1 + random.nextLong(multiplierBound);
    }

    /** One fresh additive term e' for multiplier r, uniform in [−(r−1), r−1]. */
    public static long offset(long r, RandomGenerator random) {
        return random.nextLong(2 * r - 1) - (r - 1);
    }

    /** v = r·(2s − 1) + e' in the integers: what the gateway decrypts (tests, the plaintext reference). */
    public static long blind(long score, long r, long offset) {
        return Math.addExact(Math.multiplyExact(r, Math.subtractExact(Math.multiplyExact(2, score), 1)), offset);
    }

    /** The decision a blinded value carries: alert iff v &gt; 0 (iff the score is &gt; 0). */
    public static boolean alert(long blinded) {
        return blinded > 0;
    }
}

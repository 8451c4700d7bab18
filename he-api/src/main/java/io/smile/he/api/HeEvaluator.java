package io.smile.he.api;

/**
 * The cloud's side: computes on ciphertexts with public material only. Slot-wise arithmetic is
 * modulo t. Thread-safe and stateless apart from its keys; inputs are never modified.
 *
 * <p>Binary operations accept operands at different levels (the higher one is switched down
 * first). Plaintext vectors have at most {@link HeSession#slotCount()} entries (missing slots are
 * 0) and any {@code long} values (reduced mod t). Noise: additions cost almost nothing; products
 * by plaintexts/scalars cost about log2 of their magnitude in bits; a ciphertext product costs
 * about log2 of the operand noise plus log2(t * N), so follow each one by a level switch (as
 * {@link #evaluatePolynomial} does) to keep depth.
 */
public interface HeEvaluator {
    /** The session whose threads and parameters this evaluator uses. */
    HeSession session();

    HeCiphertext add(HeCiphertext a, HeCiphertext b);

    HeCiphertext sub(HeCiphertext a, HeCiphertext b);

    /** a + values, slot by slot. */
    HeCiphertext addPlain(HeCiphertext a, long[] values);

    /** a + c in every slot. */
    HeCiphertext addScalar(HeCiphertext a, long c);

    /** a * values, slot by slot. */
    HeCiphertext multiplyPlain(HeCiphertext a, long[] values);

    /**
     * Prepares a plaintext vector for repeated {@link #multiplyPlain(HeCiphertext, HePlaintext)}
     * with ciphertexts at {@code level} or below.
     */
    HePlaintext encode(long[] values, int level);

    /** a * p, slot by slot; a must be at p's level or below. */
    HeCiphertext multiplyPlain(HeCiphertext a, HePlaintext p);

    /** a * c in every slot (noise grows by |c| taken centred mod t). */
    HeCiphertext multiplyScalar(HeCiphertext a, long c);

    /**
     * a * b, slot by slot, relinearized (needs the relinearization key). The result stays at the
     * operands' (common) level; switch down afterwards to control noise.
     *
     * @throws HeException if the evaluator has no evaluation keys
     */
    HeCiphertext multiply(HeCiphertext a, HeCiphertext b);

    /**
     * sum of left[i] * right[i], relinearized once at the end (lazy relinearization: one key
     * switch instead of one per product). Same noise as the separate products summed.
     */
    HeCiphertext multiplySum(java.util.List<HeCiphertext> left, java.util.List<HeCiphertext> right);

    /**
     * Rotates both rows left by {@code step}: slot j of each row receives slot (j + step) mod
     * {@link HeSession#rowSize()} of that row; negative steps rotate right.
     *
     * @throws HeException if the rotation keys it needs are missing
     */
    HeCiphertext rotate(HeCiphertext a, int step);

    /**
     * {@code rotate(a, steps[i])} for every i, in that order: the rotations a linear
     * transformation or a diagonal-by-diagonal product takes of one ciphertext. Each result
     * decrypts exactly as the one-by-one rotation does. The default rotates one by one; a backend
     * may share the work the rotations of one ciphertext have in common (the BGV backend decomposes
     * a once for all of them: hoisted rotations, Halevi-Shoup, CRYPTO 2018). An empty array gives
     * an empty list; step 0 and repeated steps are allowed.
     *
     * @throws HeException if a rotation key it needs is missing (before any rotation is done, for
     *                     the BGV backend)
     */
    default java.util.List<HeCiphertext> rotateMany(HeCiphertext a, int[] steps) {
        java.util.Objects.requireNonNull(steps, "steps");
        java.util.List<HeCiphertext> out = new java.util.ArrayList<>(steps.length);
        for (int step : steps) {
            out.add(rotate(a, step));
        }
        return java.util.Collections.unmodifiableList(out);
    }

    /** Every slot receives the sum (mod t) of all slots. Needs the default rotation keys. */
    HeCiphertext sumSlots(HeCiphertext a);

    /**
     * Within each row, slot j receives the sum of slots j .. j + 2^logBlock - 1 (cyclically), so
     * the first slot of every aligned block of 2^logBlock slots holds that block's sum: the
     * reduction step of encrypted inner products.
     *
     * @throws IllegalArgumentException if 2^logBlock exceeds {@link HeSession#rowSize()}
     */
    HeCiphertext sumBlocks(HeCiphertext a, int logBlock);

    /** Switches a down to {@code level} (&le; its own): smaller, with proportionally less noise. */
    HeCiphertext modSwitchTo(HeCiphertext a, int level);

    /** Switches a down to level 0: the smallest ciphertext, for sending results back. */
    HeCiphertext modSwitchToLowest(HeCiphertext a);

    /**
     * Adds a fresh public-key encryption of zero whose noise is uniform in
     * [-2^floodBits, 2^floodBits) times t (floodBits may exceed 64). This makes the result's randomness independent of the
     * computation that produced it and, with {@code floodBits} well above the accumulated noise,
     * statistically hides that noise (circuit privacy) before a result is returned. Costs about
     * {@code floodBits + log2(t)} bits of noise budget.
     *
     * @throws IllegalArgumentException if {@code floodBits < 1} or t * 2^floodBits does not fit
     *                                  in a quarter of a's ciphertext modulus
     */
    HeCiphertext rerandomize(HeCiphertext a, int floodBits);

    /**
     * p(x) = sum coefficients[i] * x^i in every slot, with integer coefficients. Uses
     * ceil(log2(degree)) levels (degree 1 uses none).
     *
     * @throws HeException if relinearization keys are missing (degree &ge; 2) or levels run out
     */
    HeCiphertext evaluatePolynomial(HeCiphertext x, long[] coefficients);
}

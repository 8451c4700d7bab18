package io.smile.compare;

/**
 * The sizes of one comparison run. {@link #quick()} is for CI (a few thousand generated rows, short
 * training, one ciphertext, a small SPDZ batch); {@link #full()} is the documented run.
 *
 * @param epochs          epochs of the non-private trainers (the product's trainer uses 3000)
 * @param dpSteps         full-batch steps of DP gradient descent
 * @param heCiphertexts   ciphertexts the BGV scorer is timed on
 * @param smpcBatch       rows per SPDZ run
 * @param transferSeeds   seeds the transfer curve is averaged over
 * @param attackRows      members (and as many non-members) the membership attack gets
 */
public record Settings(String name, int epochs, int dpSteps, int heCiphertexts, int smpcBatch, int transferSeeds,
                       int attackRows) {
    public static final double[] EPSILONS = {0.5, 1, 2, 4, 8};
    public static final int[] LOCAL_LABELS = {10, 25, 50, 100, 200};
    public static final double DELTA = 1e-5;
    /**
     * Per-row gradient clip of central DP: chosen once on this split (C = 1 clips the class-weighted
     * failure rows so hard that the noiseless model never alerts); that choice is not accounted for.
     */
    public static final double DP_CLIP = 10.0;

    public static Settings quick() {
        return new Settings("quick", 600, 150, 1, 16, 3, 300);
    }

    public static Settings full() {
        return new Settings("full", 3000, 300, 2, 256, 10, 1000);
    }
}

package io.smile.pdm.model;

import io.smile.he.api.HeParameterSpec;

/**
 * The BGV parameters of the predictive-maintenance job: N = 16384 (2048 machine windows of 8
 * slots per ciphertext), a 40-bit plaintext modulus so that a blinded decision
 * r·(2·score − 1) + e' of any admissible quantized input stays below t/2 (no wrap-around, see
 * {@link DecisionBlinding}), six 60-bit ciphertext primes and a 61-bit special prime:
 * log2 QP = 421 &le; 438, the 128-bit bound for N = 16384.
 */
public final class PdmParameters {
    /**
     * Prime, = 1 mod 2N = 32768, the largest such prime below 2^40 (the engine's limit for t):
     * 2^40 − 1,572,863.
     */
    public static final long PLAIN_MODULUS = 1_099_510_054_913L;
    public static final int DEGREE = 16384;

    private PdmParameters() {
    }

    public static HeParameterSpec spec() {
        return HeParameterSpec.explicit(DEGREE, PLAIN_MODULUS, new int[] {60, 60, 60, 60, 60, 60}, new int[] {61});
    }
}

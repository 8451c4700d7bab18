package io.smile.pdm.model;

import io.smile.he.api.HeParameterSpec;

/**
 * The BGV parameters of the predictive-maintenance job: N = 16384 (2048 machine windows of 8
 * slots per ciphertext), a 22-bit plaintext modulus so the quadratic score of any
 * admissible quantized input stays below t/2 (no wrap-around), six 60-bit ciphertext primes and a
 * 61-bit special prime: log2 QP = 421 &le; 438, the 128-bit bound for N = 16384.
 */
public final class PdmParameters {
    /** Prime, = 1 mod 2N = 32768, 22 bits. */
    public static final long PLAIN_MODULUS = 3_735_553L;
    public static final int DEGREE = 16384;

    private PdmParameters() {
    }

    public static HeParameterSpec spec() {
        return HeParameterSpec.explicit(DEGREE, PLAIN_MODULUS, new int[] {60, 60, 60, 60, 60, 60}, new int[] {61});
    }
}

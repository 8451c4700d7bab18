package io.smile.he.api;

/**
 * The HomomorphicEncryption.org security standard's bound on the modulus, the one table every
 * backend, profile check and tool refers to.
 */
public final class HeSecurityStandard {
    private HeSecurityStandard() {
    }

    /**
     * Largest log2(QP) for 128-bit classical security with a ternary secret and error standard
     * deviation sigma = 3.2, or -1 for a degree outside the table.
     *
     * <p>Derivation: HomomorphicEncryption.org Security Standard (Albrecht et al., 2018),
     * Table 1, the 128-bit classical column for a uniform ternary secret; the values are the
     * largest modulus sizes the lattice estimator found to need at least 2^128 operations for the
     * best known attacks (uSVP, decoding, dual) at each N. They roughly double with N because
     * the attack cost depends on about N / log2(QP).
     */
    public static int maxLog2QP128(int degree) {
        switch (degree) {
            case 1024: return 27;
            case 2048: return 54;
            case 4096: return 109;
            case 8192: return 218;
            case 16384: return 438;
            case 32768: return 881;
            default: return -1;
        }
    }

    /** Whether a modulus of {@code log2QP} bits at this degree is within the 128-bit bound. */
    public static boolean meets128(int degree, double log2QP) {
        int bound = maxLog2QP128(degree);
        return bound > 0 && log2QP <= bound;
    }
}

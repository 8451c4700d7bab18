package io.smile.he.bgv;

/**
 * Named parameter sets, all with t = 65537 and within the 128-bit HE-standard bound. The depth is
 * the number of ciphertext multiplications in sequence (each followed by one modulus switch) that
 * still decrypt correctly; a test runs that deep a circuit for each preset.
 */
public enum BgvPreset {
    /** N=4096, log2 QP = 109 (36+36 | 37). */
    N4096_DEPTH1(4096, new int[] {36, 36}, new int[] {37}, 1),
    /** N=8192, log2 QP = 217 (45+3x39 | 55); a 162-bit ciphertext modulus. */
    N8192_DEPTH3(8192, new int[] {45, 39, 39, 39}, new int[] {55}, 3),
    /** N=16384, log2 QP = 421 (6x60 | 61): few large primes, fastest per operation. */
    N16384_DEPTH5(16384, new int[] {60, 60, 60, 60, 60, 60}, new int[] {61}, 5),
    /** N=16384, log2 QP = 424 (44+8x40 | 60): deeper, more primes. */
    N16384_DEPTH8(16384, new int[] {44, 40, 40, 40, 40, 40, 40, 40, 40}, new int[] {60}, 8),
    /**
     * N=32768, log2 QP = 866 (45+19x40 | 61). Only six 40-bit primes are also 1 mod t, so modulus
     * switching below them changes the plaintext factor (tracked by the ciphertext; exact).
     */
    N32768_DEPTH19(32768, new int[] {45, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40},
            new int[] {61}, 19);

    public static final long DEFAULT_PLAIN_MODULUS = 65537;

    private final int degree;
    private final int[] qBits;
    private final int[] pBits;
    private final int depth;
    private volatile BgvParameters cached;

    BgvPreset(int degree, int[] qBits, int[] pBits, int depth) {
        this.degree = degree;
        this.qBits = qBits;
        this.pBits = pBits;
        this.depth = depth;
    }

    public int depth() {
        return depth;
    }

    public int degree() {
        return degree;
    }

    public BgvParameters parameters() {
        BgvParameters p = cached;
        if (p == null) {
            p = BgvParameters.builder().degree(degree).plainModulus(DEFAULT_PLAIN_MODULUS)
                    .ciphertextPrimeBits(qBits).specialPrimeBits(pBits).build();
            cached = p;
        }
        return p;
    }

    /** The smallest (fastest) preset that supports the given multiplicative depth. */
    public static BgvPreset forDepth(int depth) {
        if (depth < 0) {
            throw new InvalidParametersException("depth must be >= 0, got " + depth);
        }
        for (BgvPreset p : values()) {
            if (p.depth >= depth) {
                return p;
            }
        }
        throw new InvalidParametersException("no secure preset supports depth " + depth + " (maximum "
                + values()[values().length - 1].depth + ")");
    }
}

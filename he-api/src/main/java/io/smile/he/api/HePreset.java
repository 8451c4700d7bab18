package io.smile.he.api;

import java.util.List;
import java.util.Locale;

/**
 * The named parameter sets, by value: ring degree N, plaintext modulus t and the bit sizes of
 * the modulus chain. Every backend offers exactly these (see {@link HeBackend#presetNames()});
 * the prime sizes here sum to at most {@link HeSecurityStandard#maxLog2QP128} for their N, where
 * log2(QP) is counted as the sum of the bit sizes (an upper bound of the real value, each prime
 * being below 2^bits). The depth is the number of ciphertext multiplications in sequence (each
 * followed by one modulus switch) that still decrypt correctly; the BGV engine's tests run that
 * deep a circuit for each preset.
 */
public enum HePreset {
    /** N=4096, log2 QP = 109 (36+36 | 37), exactly at the bound of 109. */
    N4096_DEPTH1(4096, List.of(36, 36), List.of(37), 1),
    /** N=8192, log2 QP = 217 (45+3x39 | 55), bound 218; a 162-bit ciphertext modulus. */
    N8192_DEPTH3(8192, List.of(45, 39, 39, 39), List.of(55), 3),
    /** N=16384, log2 QP = 421 (6x60 | 61), bound 438: few large primes, fastest per operation. */
    N16384_DEPTH5(16384, List.of(60, 60, 60, 60, 60, 60), List.of(61), 5),
    /** N=16384, log2 QP = 424 (44+8x40 | 60), bound 438: deeper, more primes. */
    N16384_DEPTH8(16384, List.of(44, 40, 40, 40, 40, 40, 40, 40, 40), List.of(60), 8),
    /**
     * N=32768, log2 QP = 866 (45+19x40 | 61), bound 881. Only six 40-bit primes are also 1 mod t,
     * so modulus switching below them changes the plaintext factor (tracked by the ciphertext; exact).
     */
    N32768_DEPTH19(32768, List.of(45, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40),
            List.of(61), 19);

    /** The plaintext modulus of every preset: the Fermat prime 2^16 + 1, which is 1 mod 2N for every N up to 32768. */
    public static final long PLAIN_MODULUS = 65537;

    private final int degree;
    private final List<Integer> ciphertextPrimeBits;
    private final List<Integer> specialPrimeBits;
    private final int depth;

    HePreset(int degree, List<Integer> ciphertextPrimeBits, List<Integer> specialPrimeBits, int depth) {
        this.degree = degree;
        this.ciphertextPrimeBits = ciphertextPrimeBits;
        this.specialPrimeBits = specialPrimeBits;
        this.depth = depth;
    }

    /** Ring degree N; also the number of slots. */
    public int degree() {
        return degree;
    }

    public long plainModulus() {
        return PLAIN_MODULUS;
    }

    /** Bit sizes of q_0 (the decryption prime) .. q_L. */
    public List<Integer> ciphertextPrimeBits() {
        return ciphertextPrimeBits;
    }

    /** Bit sizes of the key-switching special primes. */
    public List<Integer> specialPrimeBits() {
        return specialPrimeBits;
    }

    /** Multiplicative depth the preset supports. */
    public int depth() {
        return depth;
    }

    /** Sum of all prime bit sizes: the log2(QP) that is held against the security bound. */
    public int modulusBits() {
        return ciphertextPrimeBits.stream().mapToInt(Integer::intValue).sum()
                + specialPrimeBits.stream().mapToInt(Integer::intValue).sum();
    }

    /** The same sizes as an explicit specification. */
    public HeParameterSpec explicitSpec() {
        return HeParameterSpec.explicit(degree, PLAIN_MODULUS,
                ciphertextPrimeBits.stream().mapToInt(Integer::intValue).toArray(),
                specialPrimeBits.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The preset of this name, case-insensitive; null if there is none. */
    public static HePreset byName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (HePreset p : values()) {
            if (p.name().equals(upper)) {
                return p;
            }
        }
        return null;
    }
}

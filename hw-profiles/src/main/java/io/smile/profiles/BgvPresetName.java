package io.smile.profiles;

import java.util.List;

/**
 * The named BGV parameter sets of the SMiLe engine ({@code io.smile.he.bgv.BgvPreset}), described
 * here by value so that profiles can be checked without depending on the engine. All use the plain
 * modulus 65537.
 */
public enum BgvPresetName {
    N4096_DEPTH1(4096, List.of(36, 36), List.of(37), 1),
    N8192_DEPTH3(8192, List.of(45, 39, 39, 39), List.of(55), 3),
    N16384_DEPTH5(16384, List.of(60, 60, 60, 60, 60, 60), List.of(61), 5),
    N16384_DEPTH8(16384, List.of(44, 40, 40, 40, 40, 40, 40, 40, 40), List.of(60), 8),
    N32768_DEPTH19(32768, List.of(45, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40),
            List.of(61), 19);

    public static final long PLAIN_MODULUS = 65537;

    private final int degree;
    private final List<Integer> ciphertextPrimeBits;
    private final List<Integer> specialPrimeBits;
    private final int depth;

    BgvPresetName(int degree, List<Integer> ciphertextPrimeBits, List<Integer> specialPrimeBits, int depth) {
        this.degree = degree;
        this.ciphertextPrimeBits = ciphertextPrimeBits;
        this.specialPrimeBits = specialPrimeBits;
        this.depth = depth;
    }

    public int degree() {
        return degree;
    }

    public List<Integer> ciphertextPrimeBits() {
        return ciphertextPrimeBits;
    }

    public List<Integer> specialPrimeBits() {
        return specialPrimeBits;
    }

    /** Multiplicative depth the preset supports. */
    public int depth() {
        return depth;
    }
}

package io.smile.he.bgv;

import io.smile.he.api.HePreset;

/**
 * The named parameter sets of {@link HePreset} (sizes, depths and their security margins are
 * documented there), as engine parameters: each picks, for every size, the largest suitable prime
 * below 2^bits. Same names, same order.
 */
public enum BgvPreset {
    N4096_DEPTH1(HePreset.N4096_DEPTH1),
    N8192_DEPTH3(HePreset.N8192_DEPTH3),
    N16384_DEPTH5(HePreset.N16384_DEPTH5),
    N16384_DEPTH8(HePreset.N16384_DEPTH8),
    N32768_DEPTH19(HePreset.N32768_DEPTH19);

    public static final long DEFAULT_PLAIN_MODULUS = HePreset.PLAIN_MODULUS;

    private final HePreset sizes;
    private volatile BgvParameters cached;

    BgvPreset(HePreset sizes) {
        this.sizes = sizes;
    }

    /** The backend-neutral description this preset is built from. */
    public HePreset sizes() {
        return sizes;
    }

    public int depth() {
        return sizes.depth();
    }

    public int degree() {
        return sizes.degree();
    }

    public BgvParameters parameters() {
        BgvParameters p = cached;
        if (p == null) {
            // no allowInsecureForTestsOnly(): the builder refuses a preset above the 128-bit bound
            p = BgvParameters.builder().degree(sizes.degree()).plainModulus(sizes.plainModulus())
                    .ciphertextPrimeBits(sizes.ciphertextPrimeBits().stream().mapToInt(Integer::intValue).toArray())
                    .specialPrimeBits(sizes.specialPrimeBits().stream().mapToInt(Integer::intValue).toArray())
                    .build();
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
            if (p.depth() >= depth) {
                return p;
            }
        }
        throw new InvalidParametersException("no secure preset supports depth " + depth + " (maximum "
                + values()[values().length - 1].depth() + ")");
    }
}

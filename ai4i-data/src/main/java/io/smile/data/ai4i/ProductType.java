package io.smile.data.ai4i;

/**
 * Product quality variant of the AI4I 2020 data set: low (50 % of all products), medium (30 %) and
 * high (20 %). The variant sets how much tool wear a process adds and the overstrain limit.
 */
public enum ProductType {
    L(2, 11_000, 0.5),
    M(3, 12_000, 0.3),
    H(5, 13_000, 0.2);

    private final int toolWearIncrementMin;
    private final double overstrainLimitMinNm;
    private final double share;

    ProductType(int toolWearIncrementMin, double overstrainLimitMinNm, double share) {
        this.toolWearIncrementMin = toolWearIncrementMin;
        this.overstrainLimitMinNm = overstrainLimitMinNm;
        this.share = share;
    }

    /** Minutes of tool wear one process of this variant adds (L 2, M 3, H 5). */
    public int toolWearIncrementMin() {
        return toolWearIncrementMin;
    }

    /** Overstrain failure when tool wear x torque exceeds this many min·Nm (L 11,000, M 12,000, H 13,000). */
    public double overstrainLimitMinNm() {
        return overstrainLimitMinNm;
    }

    /** Share of all products (L 0.5, M 0.3, H 0.2). */
    public double share() {
        return share;
    }

    /** Parses "L", "M" or "H". */
    public static ProductType parse(String text) {
        switch (text) {
            case "L": return L;
            case "M": return M;
            case "H": return H;
            default: throw new IllegalArgumentException("product type must be L, M or H, got '" + text + "'");
        }
    }
}

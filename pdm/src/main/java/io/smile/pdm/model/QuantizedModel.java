package io.smile.pdm.model;

/**
 * The integer model the cloud evaluates under BGV: S(x) = sum over i &le; j of v[i][j] x_i x_j
 * on the quantized block x (features then the constant slot). BGV computes S exactly modulo t,
 * so the quantization guarantees |S| &lt; t/2 for every admissible input (|x_i| &le; clip); then
 * the encrypted result's sign equals this model's decision exactly. {@link #quantize} keeps
 * |S| within {@link DecisionBlinding#maxScoreBound}, so that the blinded decision does not wrap
 * either, with the scale chosen per model ({@link #scale}).
 */
public final class QuantizedModel {
    private final long[][] v;
    private final FeatureEncoding encoding;
    private final long plainModulus;

    public QuantizedModel(long[][] v, FeatureEncoding encoding, long plainModulus) {
        int k = encoding.width();
        if (v.length != k) {
            throw new IllegalArgumentException("weight matrix must be " + k + "x" + k);
        }
        this.v = new long[k][k];
        for (int i = 0; i < k; i++) {
            if (v[i].length != k) {
                throw new IllegalArgumentException("weight matrix must be square");
            }
            for (int j = i; j < k; j++) {
                this.v[i][j] = v[i][j];
            }
        }
        this.encoding = encoding;
        this.plainModulus = plainModulus;
        long bound = maxAbsScore();
        if (bound >= plainModulus / 2) {
            throw new IllegalArgumentException("model can reach |score| = " + bound + ", which wraps modulo t = " + plainModulus);
        }
    }

    /**
     * Quantizes a float model trained on standardized features: v = round(w * k), with k the
     * {@link #scale} chosen for this model, as fine as the score bound allows.
     */
    public static QuantizedModel quantize(QuadraticModel model, FeatureEncoding encoding, long plainModulus) {
        double scale = scale(model, encoding, plainModulus);
        int k = encoding.width();
        long[][] v = new long[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                v[i][j] = Math.round(model.weight(i, j) * scale);
            }
        }
        return new QuantizedModel(v, encoding, plainModulus);
    }

    /**
     * The largest scale k such that the rounded weights' worst-case score over every admissible
     * block stays within {@link DecisionBlinding#maxScoreBound(long)} (so decision-only scoring can
     * blind it without wrap-around): k = (D − Σ b_i b_j / 2) / Σ |w_ij| b_i b_j, where b_i is slot i's
     * bound and the half accounts for each weight's rounding. It depends on the model's weights
     * and the encoding, not on a fixed weight cap: a model with more features gets a smaller k.
     *
     * @throws IllegalArgumentException if no positive scale fits (t too small for the model)
     */
    public static double scale(QuadraticModel model, FeatureEncoding encoding, long plainModulus) {
        int k = encoding.width();
        if (model.width() != k) {
            throw new IllegalArgumentException("model width " + model.width() + " does not match the encoding's " + k);
        }
        double maxW = 0;
        double worst = 0;
        // each weight rounds by at most 1/2, adding at most sum(xi*xj)/2 to the worst case
        double roundSlack = 0;
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                double w = Math.abs(model.weight(i, j));
                double xx = (double) slotBound(encoding, i) * slotBound(encoding, j);
                maxW = Math.max(maxW, w);
                worst += w * xx;
                roundSlack += xx / 2;
            }
        }
        if (maxW == 0) {
            throw new IllegalArgumentException("model has no non-zero weight");
        }
        double scale = (DecisionBlinding.maxScoreBound(plainModulus) - roundSlack) / worst;
        if (!(scale > 0)) {
            throw new IllegalArgumentException("plaintext modulus " + plainModulus + " too small for this model and encoding");
        }
        return scale;
    }

    /** Largest |v_ij|. */
    public long maxAbsWeight() {
        long m = 0;
        for (long[] row : v) {
            for (long x : row) {
                m = Math.max(m, Math.abs(x));
            }
        }
        return m;
    }

    public FeatureEncoding encoding() {
        return encoding;
    }

    public long plainModulus() {
        return plainModulus;
    }

    public int width() {
        return v.length;
    }

    public long weight(int i, int j) {
        return i <= j ? v[i][j] : v[j][i];
    }

    public long score(long[] x) {
        long s = 0;
        for (int i = 0; i < v.length; i++) {
            for (int j = i; j < v.length; j++) {
                s += v[i][j] * x[i] * x[j];
            }
        }
        return s;
    }

    /** max |S(x)| over all admissible quantized inputs (a bound, via |v_ij| * clip^2). */
    public long maxAbsScore() {
        long s = 0;
        int k = v.length;
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                s += Math.abs(v[i][j]) * slotBound(encoding, i) * slotBound(encoding, j);
            }
        }
        return s;
    }

    /** Largest |x_i| of an admissible block: the clip for features, the resolution for the constant slot. */
    private static long slotBound(FeatureEncoding encoding, int i) {
        return i == encoding.width() - 1 ? encoding.resolution() : encoding.clip();
    }

    /**
     * Diagonal d of the upper triangle as a block-sized vector: entry i is v[i][i+d] (0 where
     * i+d leaves the block). With x rotated by d, sum_d diag_d * x * rot(x, d) summed over the
     * block is S(x): how the cloud evaluates the quadratic form with rotations.
     */
    public long[] diagonal(int d) {
        int block = encoding.blockSize();
        long[] out = new long[block];
        for (int i = 0; i + d < v.length; i++) {
            out[i] = v[i][i + d];
        }
        return out;
    }
}

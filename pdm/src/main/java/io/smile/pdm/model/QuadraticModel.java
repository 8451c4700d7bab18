package io.smile.pdm.model;

/**
 * score(z) = sum over i &le; j of w[i][j] * z_i * z_j, where z ends with the constant 1: a
 * logistic-regression model on all degree-&le;2 monomials of the features (bias, linear, squares,
 * pairwise interactions). A positive score means "alert". Degree 2 is what one
 * ciphertext-by-ciphertext multiplication evaluates.
 */
public final class QuadraticModel {
    private final double[][] w;

    public QuadraticModel(double[][] w) {
        int k = w.length;
        this.w = new double[k][k];
        for (int i = 0; i < k; i++) {
            if (w[i].length != k) {
                throw new IllegalArgumentException("weights must be square");
            }
            for (int j = i; j < k; j++) {
                this.w[i][j] = w[i][j];
            }
        }
    }

    public int width() {
        return w.length;
    }

    public double weight(int i, int j) {
        return i <= j ? w[i][j] : w[j][i];
    }

    public double score(double[] z) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            for (int j = i; j < w.length; j++) {
                s += w[i][j] * z[i] * z[j];
            }
        }
        return s;
    }

    /** The same model with its decision threshold moved: score' = score - threshold. */
    public QuadraticModel shifted(double threshold) {
        double[][] c = new double[w.length][];
        for (int i = 0; i < w.length; i++) {
            c[i] = w[i].clone();
        }
        int last = w.length - 1;
        c[last][last] -= threshold;
        return new QuadraticModel(c);
    }

    double[][] weights() {
        double[][] c = new double[w.length][];
        for (int i = 0; i < w.length; i++) {
            c[i] = w[i].clone();
        }
        return c;
    }
}

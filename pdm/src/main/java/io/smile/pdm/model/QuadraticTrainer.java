package io.smile.pdm.model;

import java.util.Arrays;
import java.util.List;

/**
 * Trains a {@link QuadraticModel} by class-weighted logistic regression (full-batch Adam, L2) on
 * standardized feature vectors, then moves the decision threshold to the value that maximizes F1
 * on the training data. Deterministic: same data, same model.
 */
public final class QuadraticTrainer {
    private int epochs = 3000;
    private double learningRate = 0.05;
    private double l2 = 1e-5;

    public QuadraticTrainer epochs(int e) {
        this.epochs = e;
        return this;
    }

    public QuadraticTrainer learningRate(double lr) {
        this.learningRate = lr;
        return this;
    }

    public QuadraticTrainer l2(double l) {
        this.l2 = l;
        return this;
    }

    /** z rows end with the constant 1. */
    public QuadraticModel train(List<double[]> z, boolean[] labels) {
        if (z.isEmpty() || z.size() != labels.length) {
            throw new IllegalArgumentException("need as many labels as rows, and at least one row");
        }
        int k = z.get(0).length;
        int dims = k * (k + 1) / 2;
        int n = z.size();
        double[][] phi = new double[n][];
        for (int r = 0; r < n; r++) {
            phi[r] = monomials(z.get(r));
        }
        int positives = 0;
        for (boolean l : labels) {
            positives += l ? 1 : 0;
        }
        if (positives == 0 || positives == n) {
            throw new IllegalArgumentException("training data must contain both classes");
        }
        double wPos = (double) (n - positives) / positives;
        double[] theta = new double[dims];
        double[] m = new double[dims];
        double[] v = new double[dims];
        double b1 = 0.9;
        double b2 = 0.999;
        int biasIndex = dims - 1; // (k-1, k-1): constant * constant
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double[] grad = new double[dims];
            double norm = 0;
            for (int r = 0; r < n; r++) {
                double s = dot(theta, phi[r]);
                double p = 1 / (1 + Math.exp(-s));
                double weight = labels[r] ? wPos : 1;
                double g = weight * (p - (labels[r] ? 1 : 0));
                norm += weight;
                double[] f = phi[r];
                for (int d = 0; d < dims; d++) {
                    grad[d] += g * f[d];
                }
            }
            for (int d = 0; d < dims; d++) {
                grad[d] = grad[d] / norm + (d == biasIndex ? 0 : l2 * theta[d]);
                m[d] = b1 * m[d] + (1 - b1) * grad[d];
                v[d] = b2 * v[d] + (1 - b2) * grad[d] * grad[d];
                double mh = m[d] / (1 - Math.pow(b1, epoch));
                double vh = v[d] / (1 - Math.pow(b2, epoch));
                theta[d] -= learningRate * mh / (Math.sqrt(vh) + 1e-8);
            }
        }
        QuadraticModel model = model(theta, k);
        double[] scores = new double[n];
        for (int r = 0; r < n; r++) {
            scores[r] = model.score(z.get(r));
        }
        return model.shifted(bestF1Threshold(scores, labels));
    }

    /** Monomials z_i z_j for i &le; j in row-major order (the last one is the constant 1). */
    public static double[] monomials(double[] z) {
        int k = z.length;
        double[] out = new double[k * (k + 1) / 2];
        int d = 0;
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                out[d++] = z[i] * z[j];
            }
        }
        return out;
    }

    /**
     * The model whose weights are {@code theta}, one per monomial in the order of
     * {@link #monomials} (width k, so theta has k(k+1)/2 entries): score(z) = theta · monomials(z).
     */
    public static QuadraticModel model(double[] theta, int k) {
        if (theta.length != k * (k + 1) / 2) {
            throw new IllegalArgumentException("width " + k + " needs " + k * (k + 1) / 2 + " weights, got " + theta.length);
        }
        double[][] w = new double[k][k];
        int d = 0;
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                w[i][j] = theta[d++];
            }
        }
        return new QuadraticModel(w);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Threshold between two consecutive sorted scores that maximizes F1 (also the comparison's trainers'). */
    public static double bestF1Threshold(double[] scores, boolean[] labels) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        int positives = 0;
        for (boolean l : labels) {
            positives += l ? 1 : 0;
        }
        int tp = 0;
        int fp = 0;
        double bestF1 = -1;
        double best = 0;
        for (int r = 0; r < order.length; r++) {
            if (labels[order[r]]) {
                tp++;
            } else {
                fp++;
            }
            boolean boundary = r + 1 == order.length || scores[order[r + 1]] < scores[order[r]];
            if (!boundary) {
                continue;
            }
            double precision = (double) tp / (tp + fp);
            double recall = (double) tp / positives;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            if (f1 > bestF1) {
                bestF1 = f1;
                double next = r + 1 < order.length ? scores[order[r + 1]] : scores[order[r]] - 1;
                best = (scores[order[r]] + next) / 2;
            }
        }
        return best;
    }
}

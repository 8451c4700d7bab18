package io.smile.compare;

import io.smile.pdm.model.QuadraticModel;
import io.smile.pdm.model.QuadraticTrainer;
import java.util.List;

/**
 * The product's model class (class-weighted logistic regression on all degree-&le;2 monomials,
 * full-batch Adam, then the F1-maximizing threshold on the training rows), with what
 * {@link QuadraticTrainer} does not offer: a starting point and an L2 pull towards it, which is
 * fine-tuning a pretrained model ("L2-SP": Li, Grandvalet, Davoine, ICML 2018). With a zero start
 * and pull it is the product's trainer.
 */
public final class LogisticTrainer {
    private final int epochs;
    private final double learningRate;
    private final double l2;

    public LogisticTrainer(int epochs, double learningRate, double l2) {
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.l2 = l2;
    }

    /** Weights of {@code model} in the order of {@link QuadraticTrainer#monomials}. */
    public static double[] theta(QuadraticModel model) {
        int k = model.width();
        double[] t = new double[k * (k + 1) / 2];
        int d = 0;
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                t[d++] = model.weight(i, j);
            }
        }
        return t;
    }

    /** Trains from {@code start} (null: zeros), pulling towards it with strength l2. */
    public QuadraticModel train(List<double[]> z, boolean[] labels, double[] start) {
        int k = z.get(0).length;
        int dims = k * (k + 1) / 2;
        int n = z.size();
        double[][] phi = new double[n][];
        int positives = 0;
        for (int r = 0; r < n; r++) {
            phi[r] = QuadraticTrainer.monomials(z.get(r));
            positives += labels[r] ? 1 : 0;
        }
        double[] anchor = start == null ? new double[dims] : start.clone();
        double[] theta = anchor.clone();
        if (positives == 0 || positives == n) {
            // one class only: nothing to learn from these labels, keep the start
            return QuadraticTrainer.model(theta, k);
        }
        double wPos = (double) (n - positives) / positives;
        double[] m = new double[dims];
        double[] v = new double[dims];
        for (int epoch = 1; epoch <= epochs; epoch++) {
            double[] grad = new double[dims];
            double norm = 0;
            for (int r = 0; r < n; r++) {
                double p = 1 / (1 + Math.exp(-dot(theta, phi[r])));
                double w = labels[r] ? wPos : 1;
                double g = w * (p - (labels[r] ? 1 : 0));
                norm += w;
                for (int d = 0; d < dims; d++) {
                    grad[d] += g * phi[r][d];
                }
            }
            for (int d = 0; d < dims; d++) {
                grad[d] = grad[d] / norm + (d == dims - 1 ? 0 : l2 * (theta[d] - anchor[d]));
                m[d] = 0.9 * m[d] + 0.1 * grad[d];
                v[d] = 0.999 * v[d] + 0.001 * grad[d] * grad[d];
                double mh = m[d] / (1 - Math.pow(0.9, epoch));
                double vh = v[d] / (1 - Math.pow(0.999, epoch));
                theta[d] -= learningRate * mh / (Math.sqrt(vh) + 1e-8);
            }
        }
        QuadraticModel model = QuadraticTrainer.model(theta, k);
        double[] scores = new double[n];
        for (int r = 0; r < n; r++) {
            scores[r] = model.score(z.get(r));
        }
        return model.shifted(QuadraticTrainer.bestF1Threshold(scores, labels));
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}

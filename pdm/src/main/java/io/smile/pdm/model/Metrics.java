package io.smile.pdm.model;

import java.util.Arrays;

/** Binary-classification quality: precision, recall, F1 at a decision, ROC-AUC from scores. */
public final class Metrics {
    private Metrics() {
    }

    public record Quality(int truePositives, int falsePositives, int falseNegatives, int trueNegatives, double rocAuc) {
        public double precision() {
            int p = truePositives + falsePositives;
            return p == 0 ? 0 : (double) truePositives / p;
        }

        public double recall() {
            int p = truePositives + falseNegatives;
            return p == 0 ? 0 : (double) truePositives / p;
        }

        public double f1() {
            double pr = precision();
            double re = recall();
            return pr + re == 0 ? 0 : 2 * pr * re / (pr + re);
        }

        @Override
        public String toString() {
            return String.format("precision %.3f  recall %.3f  F1 %.3f  ROC-AUC %.3f  (TP %d, FP %d, FN %d, TN %d)",
                    precision(), recall(), f1(), rocAuc, truePositives, falsePositives, falseNegatives, trueNegatives);
        }
    }

    /** Decision = score &gt; 0. */
    public static Quality evaluate(double[] scores, boolean[] labels) {
        if (scores.length != labels.length) {
            throw new IllegalArgumentException("scores and labels differ in length");
        }
        int tp = 0;
        int fp = 0;
        int fn = 0;
        int tn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i] > 0;
            if (predicted && labels[i]) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (labels[i]) {
                fn++;
            } else {
                tn++;
            }
        }
        return new Quality(tp, fp, fn, tn, rocAuc(scores, labels));
    }

    /** Area under the ROC curve: probability that a random positive outscores a random negative (ties count half). */
    public static double rocAuc(double[] scores, boolean[] labels) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        long positives = 0;
        for (boolean l : labels) {
            if (l) {
                positives++;
            }
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        // Mann-Whitney U with average ranks for ties
        double rankSumPositives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double avgRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (labels[order[k]]) {
                    rankSumPositives += avgRank;
                }
            }
            i = j + 1;
        }
        double u = rankSumPositives - positives * (positives + 1) / 2.0;
        return u / ((double) positives * negatives);
    }
}

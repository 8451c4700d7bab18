package io.smile.compare.synthetic;

import io.smile.pdm.model.Metrics;
import java.util.Arrays;
import java.util.List;

/**
 * Two standard checks of what synthetic rows give away about the real training rows (in the
 * standardized feature space, Euclidean distance, the constant slot left out):
 * <ul>
 *   <li>distance to closest record (DCR): the median distance from each synthetic row to its
 *       nearest training row, beside the same median for real rows the generator never saw (the test
 *       rows). A synthetic median well below the holdout one means the generator copies rows.</li>
 *   <li>a distance-based membership-inference attack: the attacker holds equally many training
 *       rows (members) and held-out rows (non-members) and calls a row a member the closer it lies to
 *       some synthetic row. Its ROC-AUC, and its advantage max(TPR − FPR) over thresholds; 0.5 and 0
 *       mean the synthetic rows tell members from non-members no better than a coin.</li>
 * </ul>
 */
public final class PrivacyChecks {
    /** The checks' results. */
    public record Report(double syntheticToTrainMedian, double holdoutToTrainMedian, double attackAuc, double attackAdvantage) {
    }

    private PrivacyChecks() {
    }

    /**
     * @param members    training rows the generator was fitted on (the attacker's candidate members)
     * @param nonMembers real rows it never saw, as many as members
     */
    public static Report run(List<double[]> synthetic, List<double[]> train, List<double[]> members, List<double[]> nonMembers) {
        double syn = median(nearest(synthetic, train));
        double hold = median(nearest(nonMembers, train));
        double[] dm = nearest(members, synthetic);
        double[] dn = nearest(nonMembers, synthetic);
        double[] scores = new double[dm.length + dn.length];
        boolean[] isMember = new boolean[scores.length];
        for (int i = 0; i < dm.length; i++) {
            scores[i] = -dm[i];
            isMember[i] = true;
        }
        for (int i = 0; i < dn.length; i++) {
            scores[dm.length + i] = -dn[i];
        }
        return new Report(syn, hold, Metrics.rocAuc(scores, isMember), advantage(scores, isMember));
    }

    /** For each query row, the distance to its nearest row of {@code reference}. */
    static double[] nearest(List<double[]> queries, List<double[]> reference) {
        double[] out = new double[queries.size()];
        for (int q = 0; q < out.length; q++) {
            double[] a = queries.get(q);
            double best = Double.POSITIVE_INFINITY;
            for (double[] b : reference) {
                double s = 0;
                for (int j = 0; j < a.length - 1 && s < best; j++) {
                    double d = a[j] - b[j];
                    s += d * d;
                }
                best = Math.min(best, s);
            }
            out[q] = Math.sqrt(best);
        }
        return out;
    }

    /** max over thresholds of TPR − FPR (members scored higher). */
    static double advantage(double[] scores, boolean[] positive) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
        int p = 0;
        for (boolean b : positive) {
            p += b ? 1 : 0;
        }
        int n = scores.length - p;
        int tp = 0;
        int fp = 0;
        double best = 0;
        for (int r = 0; r < order.length; r++) {
            if (positive[order[r]]) {
                tp++;
            } else {
                fp++;
            }
            if (r + 1 < order.length && scores[order[r + 1]] == scores[order[r]]) {
                continue;
            }
            best = Math.max(best, (double) tp / p - (double) fp / n);
        }
        return best;
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}

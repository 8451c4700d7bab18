package io.smile.workforce;

import java.util.Arrays;
import java.util.Random;

/**
 * Plaintext reference: Lloyd's algorithm with deterministic k-means++ seeding (Arthur and
 * Vassilvitskii 2007; the random choices come from a {@link Random} with the given seed, so the
 * same data and seed always give the same clustering). Squared Euclidean distance; ties go to the
 * lowest cluster index; an empty cluster keeps its previous centroid.
 */
public final class KMeans {
    private KMeans() {
    }

    /** Centroids, assignment, inertia (sum of squared distances) and iterations used. */
    public record Result(double[][] centroids, int[] labels, double inertia, int iterations, boolean converged) {
    }

    public static Result fit(double[][] x, int k, long seed, int maxIterations) {
        return lloyd(x, seedPlusPlus(x, k, seed), maxIterations);
    }

    /** Best (lowest inertia) of {@code restarts} k-means++ runs with seeds seed, seed + 1, ... */
    public static Result fitBest(double[][] x, int k, long seed, int restarts, int maxIterations) {
        Result best = null;
        for (int r = 0; r < restarts; r++) {
            Result res = fit(x, k, seed + r, maxIterations);
            if (best == null || res.inertia() < best.inertia()) {
                best = res;
            }
        }
        return best;
    }

    /** k-means++ seeding: the first centre uniformly, each next one with probability ∝ D². */
    public static double[][] seedPlusPlus(double[][] x, int k, long seed) {
        if (k < 1 || k > x.length) {
            throw new IllegalArgumentException("need 1 <= k <= n, got k=" + k + " n=" + x.length);
        }
        Random r = new Random(seed);
        double[][] c = new double[k][];
        c[0] = x[r.nextInt(x.length)].clone();
        double[] d2 = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d2[i] = dist2(x[i], c[0]);
        }
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (double v : d2) {
                total += v;
            }
            int pick;
            if (total == 0) {
                pick = r.nextInt(x.length);
            } else {
                double u = r.nextDouble() * total;
                pick = x.length - 1;
                double acc = 0;
                for (int i = 0; i < x.length; i++) {
                    acc += d2[i];
                    if (u < acc) {
                        pick = i;
                        break;
                    }
                }
            }
            c[j] = x[pick].clone();
            for (int i = 0; i < x.length; i++) {
                d2[i] = Math.min(d2[i], dist2(x[i], c[j]));
            }
        }
        return c;
    }

    /** Lloyd iterations from the given centroids until the assignment no longer changes. */
    public static Result lloyd(double[][] x, double[][] init, int maxIterations) {
        int k = init.length;
        int dim = init[0].length;
        double[][] c = new double[k][];
        for (int j = 0; j < k; j++) {
            c[j] = init[j].clone();
        }
        int[] labels = assign(x, c);
        int it = 0;
        boolean converged = false;
        while (it < maxIterations) {
            it++;
            double[][] sum = new double[k][dim];
            int[] count = new int[k];
            for (int i = 0; i < x.length; i++) {
                count[labels[i]]++;
                for (int d = 0; d < dim; d++) {
                    sum[labels[i]][d] += x[i][d];
                }
            }
            for (int j = 0; j < k; j++) {
                if (count[j] > 0) {
                    for (int d = 0; d < dim; d++) {
                        c[j][d] = sum[j][d] / count[j];
                    }
                }
            }
            int[] next = assign(x, c);
            if (Arrays.equals(next, labels)) {
                converged = true;
                break;
            }
            labels = next;
        }
        return new Result(c, labels, inertia(x, c, labels), it, converged);
    }

    public static int[] assign(double[][] x, double[][] c) {
        int[] labels = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            labels[i] = nearest(x[i], c);
        }
        return labels;
    }

    public static int nearest(double[] p, double[][] c) {
        int best = 0;
        double bd = dist2(p, c[0]);
        for (int j = 1; j < c.length; j++) {
            double d = dist2(p, c[j]);
            if (d < bd) {
                bd = d;
                best = j;
            }
        }
        return best;
    }

    public static double inertia(double[][] x, double[][] c, int[] labels) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += dist2(x[i], c[labels[i]]);
        }
        return s;
    }

    public static double dist2(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }
}

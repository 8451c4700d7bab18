package io.smile.workforce;

import java.util.HashMap;
import java.util.Map;

/** Adjusted Rand index and silhouette score. */
public final class ClusterMetrics {
    private ClusterMetrics() {
    }

    /**
     * Adjusted Rand index (Hubert and Arabie 1985) from the contingency table: 1 for identical
     * partitions (up to relabelling), about 0 for independent ones, can be negative. When both
     * partitions put everything in one cluster (or both are all singletons) the index is 1.
     */
    public static double adjustedRand(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("labelings differ in length");
        }
        int n = a.length;
        Map<Long, Long> cells = new HashMap<>();
        Map<Integer, Long> rows = new HashMap<>();
        Map<Integer, Long> cols = new HashMap<>();
        for (int i = 0; i < n; i++) {
            cells.merge(((long) a[i] << 32) ^ (b[i] & 0xffffffffL), 1L, Long::sum);
            rows.merge(a[i], 1L, Long::sum);
            cols.merge(b[i], 1L, Long::sum);
        }
        double index = 0;
        for (long v : cells.values()) {
            index += choose2(v);
        }
        double sa = 0;
        for (long v : rows.values()) {
            sa += choose2(v);
        }
        double sb = 0;
        for (long v : cols.values()) {
            sb += choose2(v);
        }
        double expected = sa * sb / choose2(n);
        double max = (sa + sb) / 2;
        if (max == expected) {
            return 1.0;
        }
        return (index - expected) / (max - expected);
    }

    private static double choose2(long v) {
        return v * (v - 1) / 2.0;
    }

    /**
     * Mean silhouette s(i) = (b − a)/max(a, b) with a the mean distance to the own cluster's other
     * points and b the smallest mean distance to another cluster (Euclidean); s(i) = 0 for a
     * point alone in its cluster. Needs at least two non-empty clusters. O(n²·d).
     */
    public static double silhouette(double[][] x, int[] labels) {
        int n = x.length;
        int k = 0;
        for (int l : labels) {
            k = Math.max(k, l + 1);
        }
        int[] size = new int[k];
        for (int l : labels) {
            size[l]++;
        }
        int nonEmpty = 0;
        for (int s : size) {
            nonEmpty += s > 0 ? 1 : 0;
        }
        if (nonEmpty < 2) {
            throw new IllegalArgumentException("silhouette needs at least two non-empty clusters");
        }
        double total = 0;
        double[] sums = new double[k];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(sums, 0);
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    sums[labels[j]] += Math.sqrt(KMeans.dist2(x[i], x[j]));
                }
            }
            int own = labels[i];
            if (size[own] == 1) {
                continue;
            }
            double a = sums[own] / (size[own] - 1);
            double b = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                if (c != own && size[c] > 0) {
                    b = Math.min(b, sums[c] / size[c]);
                }
            }
            double m = Math.max(a, b);
            total += m == 0 ? 0 : (b - a) / m;
        }
        return total / n;
    }
}

package io.smile.compare.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A Gaussian copula over d continuous columns: the empirical marginals (the sorted column, read
 * back by linear interpolation of its quantiles) and the correlation matrix of the normal scores
 * Φ⁻¹(rank / (n + 1)). Sampling draws z ~ N(0, R), maps each coordinate through Φ and then through
 * its column's empirical quantile function. A constant column stays constant (its correlations
 * are taken as 0). R is shrunk slightly towards the identity so its Cholesky factor exists for the
 * few failure rows a site has.
 */
public final class GaussianCopula {
    private static final double SHRINK = 0.02;

    private final double[][] sortedColumns;
    private final double[][] cholesky;

    private GaussianCopula(double[][] sortedColumns, double[][] cholesky) {
        this.sortedColumns = sortedColumns;
        this.cholesky = cholesky;
    }

    /** Fits the copula to rows of d columns (at least 2 rows). */
    public static GaussianCopula fit(List<double[]> rows) {
        int n = rows.size();
        if (n < 2) {
            throw new IllegalArgumentException("a copula needs at least 2 rows, got " + n);
        }
        int d = rows.get(0).length;
        double[][] sorted = new double[d][n];
        double[][] scores = new double[d][];
        for (int j = 0; j < d; j++) {
            double[] col = new double[n];
            for (int i = 0; i < n; i++) {
                col[i] = rows.get(i)[j];
            }
            scores[j] = normalScores(col);
            sorted[j] = col.clone();
            Arrays.sort(sorted[j]);
        }
        double[][] r = new double[d][d];
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                r[a][b] = a == b ? 1 : (1 - SHRINK) * correlation(scores[a], scores[b]);
            }
        }
        return new GaussianCopula(sorted, cholesky(r));
    }

    public int columns() {
        return sortedColumns.length;
    }

    public List<double[]> sample(int count, Random random) {
        int d = columns();
        List<double[]> out = new ArrayList<>(count);
        double[] e = new double[d];
        for (int s = 0; s < count; s++) {
            for (int j = 0; j < d; j++) {
                e[j] = random.nextGaussian();
            }
            double[] row = new double[d];
            for (int j = 0; j < d; j++) {
                double z = 0;
                for (int k = 0; k <= j; k++) {
                    z += cholesky[j][k] * e[k];
                }
                row[j] = quantile(sortedColumns[j], Normal.cdf(z));
            }
            out.add(row);
        }
        return out;
    }

    /** Φ⁻¹ of the mid-ranks / (n + 1); ties share their average rank. */
    static double[] normalScores(double[] col) {
        int n = col.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(col[a], col[b]));
        double[] out = new double[n];
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && col[order[j + 1]] == col[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                out[order[k]] = Normal.inverseCdf(rank / (n + 1));
            }
            i = j + 1;
        }
        return out;
    }

    /** Pearson correlation; 0 when either column is constant. */
    static double correlation(double[] a, double[] b) {
        int n = a.length;
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return saa < 1e-12 || sbb < 1e-12 ? 0 : sab / Math.sqrt(saa * sbb);
    }

    /** Empirical quantile with linear interpolation between order statistics. */
    static double quantile(double[] sorted, double u) {
        double pos = u * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        if (lo >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        double f = pos - lo;
        return sorted[lo] * (1 - f) + sorted[lo + 1] * f;
    }

    private static double[][] cholesky(double[][] a) {
        int d = a.length;
        double[][] l = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new IllegalStateException("correlation matrix is not positive definite");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return l;
    }
}

package io.smile.compare.synthetic;

import io.smile.compare.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * What each factory shares instead of its rows: for each class label, a Gaussian copula fitted on
 * that factory's rows of that label, sampled as many times as it has such rows (so the label and
 * the per-site class balance are kept). Classes with fewer than 2 rows are not shared.
 */
public final class SiteSynthesizer {
    private SiteSynthesizer() {
    }

    /** Synthetic rows for every site of {@code real}, pooled; z vectors end with the constant 1 like the real ones. */
    public static Task.Rows synthesize(Task.Rows real, Random random) {
        List<double[]> z = new ArrayList<>();
        List<Boolean> labels = new ArrayList<>();
        List<Character> sites = new ArrayList<>();
        for (char site : distinctSites(real)) {
            Task.Rows rows = real.ofSite(site);
            for (boolean label : new boolean[] {false, true}) {
                List<double[]> features = new ArrayList<>();
                for (int i = 0; i < rows.size(); i++) {
                    if (rows.labels()[i] == label) {
                        double[] zi = rows.z().get(i);
                        features.add(Arrays.copyOf(zi, zi.length - 1));
                    }
                }
                if (features.size() < 2) {
                    continue;
                }
                for (double[] f : GaussianCopula.fit(features).sample(features.size(), random)) {
                    double[] row = Arrays.copyOf(f, f.length + 1);
                    row[f.length] = 1;
                    z.add(row);
                    labels.add(label);
                    sites.add(site);
                }
            }
        }
        boolean[] y = new boolean[labels.size()];
        char[] s = new char[labels.size()];
        List<long[]> none = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i);
            s[i] = sites.get(i);
            none.add(new long[0]);
        }
        return new Task.Rows(List.copyOf(z), y, s, List.copyOf(none));
    }

    static char[] distinctSites(Task.Rows rows) {
        StringBuilder sb = new StringBuilder();
        for (char c : rows.site()) {
            if (sb.indexOf(String.valueOf(c)) < 0) {
                sb.append(c);
            }
        }
        char[] out = sb.toString().toCharArray();
        Arrays.sort(out);
        return out;
    }
}

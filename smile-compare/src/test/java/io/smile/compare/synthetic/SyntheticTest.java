package io.smile.compare.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.compare.Fixtures;
import io.smile.compare.Task;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The copula keeps the marginals and the correlations of what it was fitted on (fixed seed,
 * tolerances several sampling errors wide), and its rows do not let a membership-inference attacker
 * tell training rows from held-out ones, while rows copied from the training set do.
 */
class SyntheticTest {
    private final Task task = Fixtures.task();

    private List<double[]> features(Task.Rows rows) {
        List<double[]> out = new ArrayList<>();
        for (double[] z : rows.z()) {
            out.add(Arrays.copyOf(z, z.length - 1));
        }
        return out;
    }

    private static double[] column(List<double[]> rows, int j) {
        return rows.stream().mapToDouble(r -> r[j]).toArray();
    }

    private static double mean(double[] x) {
        return Arrays.stream(x).average().orElseThrow();
    }

    private static double std(double[] x) {
        double m = mean(x);
        return Math.sqrt(Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / (x.length - 1));
    }

    @Test
    void marginalsAndCorrelationsArePreserved() {
        List<double[]> real = features(task.train().ofSite('L'));
        List<double[]> syn = GaussianCopula.fit(real).sample(20_000, new Random(5));
        int d = real.get(0).length;
        for (int j = 0; j < d; j++) {
            double[] r = column(real, j);
            double[] s = column(syn, j);
            double sd = Math.max(std(r), 1e-9);
            assertEquals(mean(r), mean(s), 0.05 * sd + 1e-9, "mean of column " + j);
            assertEquals(std(r), std(s), 0.05 * sd + 1e-9, "spread of column " + j);
            double[] rs = r.clone();
            double[] ss = s.clone();
            Arrays.sort(rs);
            Arrays.sort(ss);
            for (double u : new double[] {0.1, 0.5, 0.9}) {
                assertEquals(GaussianCopula.quantile(rs, u), GaussianCopula.quantile(ss, u), 0.08 * sd + 1e-9,
                        "quantile " + u + " of column " + j);
            }
        }
        int strong = 0;
        for (int a = 0; a < d; a++) {
            for (int b = a + 1; b < d; b++) {
                double cr = GaussianCopula.correlation(column(real, a), column(real, b));
                double cs = GaussianCopula.correlation(column(syn, a), column(syn, b));
                assertEquals(cr, cs, 0.06, "correlation of columns " + a + " and " + b);
                strong += Math.abs(cr) > 0.3 ? 1 : 0;
            }
        }
        assertTrue(strong > 0, "the data has correlations worth preserving");
    }

    /** The attacker's sets: the first members of train, as many rows of test. */
    private PrivacyChecks.Report attack(List<double[]> synthetic) {
        List<double[]> train = task.train().z();
        int m = Math.min(500, task.test().size());
        return PrivacyChecks.run(synthetic, train, train.subList(0, m), task.test().z().subList(0, m));
    }

    @Test
    void membershipInferenceGainsLittleFromCopulaRows() {
        Task.Rows syn = SiteSynthesizer.synthesize(task.train(), new Random(6));
        assertEquals(task.train().positives(), syn.positives(), "class balance per site is kept");
        PrivacyChecks.Report copula = attack(syn.z());
        assertTrue(copula.attackAdvantage() < 0.15, "attack advantage on copula rows: " + copula);
        assertTrue(copula.syntheticToTrainMedian() > 0.5 * copula.holdoutToTrainMedian(), "copula rows sit on training rows: " + copula);
    }

    @Test
    void theAttackWorksOnCopiedRows() {
        // the generator the checks exist to catch: it releases (a subset of) its training rows
        PrivacyChecks.Report copied = attack(task.train().z().subList(0, 2000));
        assertTrue(copied.attackAdvantage() > 0.5, "the attack must detect copying: " + copied);
    }
}

package io.smile.compare;

import io.smile.pdm.model.Metrics;
import io.smile.pdm.model.QuadraticModel;
import java.util.List;

/** F1 at the model's decision (score &gt; 0) and ROC-AUC of its scores on a set of rows. */
public final class Quality {
    private Quality() {
    }

    public static Metrics.Quality of(QuadraticModel model, Task.Rows rows) {
        return of(model, rows.z(), rows.labels());
    }

    public static Metrics.Quality of(QuadraticModel model, List<double[]> z, boolean[] labels) {
        double[] s = new double[z.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = model.score(z.get(i));
        }
        return Metrics.evaluate(s, labels);
    }
}

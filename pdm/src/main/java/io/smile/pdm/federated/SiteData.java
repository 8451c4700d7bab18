package io.smile.pdm.federated;

import io.smile.data.ai4i.Ai4iRecord;
import io.smile.pdm.training.PdmTraining;
import java.util.ArrayList;
import java.util.List;

/** One site's private rows: raw feature vectors (the profile's features) and failure labels. */
public record SiteData(String name, List<double[]> raw, boolean[] labels) {
    public SiteData {
        if (raw.size() != labels.length || raw.isEmpty() || raw.size() > PdmConfig.MAX_ROWS_PER_SITE) {
            throw new IllegalArgumentException("site " + name + ": need 1.." + PdmConfig.MAX_ROWS_PER_SITE
                    + " rows with one label each, got " + raw.size());
        }
        raw = List.copyOf(raw);
        labels = labels.clone();
    }

    public static SiteData of(String name, List<Ai4iRecord> rows) {
        List<double[]> raw = new ArrayList<>();
        boolean[] y = new boolean[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            raw.add(PdmTraining.features(rows.get(i)));
            y[i] = rows.get(i).machineFailure();
        }
        return new SiteData(name, raw, y);
    }

    public int rows() {
        return raw.size();
    }

    public int positives() {
        int p = 0;
        for (boolean b : labels) {
            p += b ? 1 : 0;
        }
        return p;
    }
}

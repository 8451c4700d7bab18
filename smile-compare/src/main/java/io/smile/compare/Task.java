package io.smile.compare;

import io.smile.data.ai4i.Ai4iRecord;
import io.smile.pdm.model.Ai4iFeatures;
import io.smile.pdm.model.FeatureEncoding;
import io.smile.pdm.training.PdmTraining;
import java.util.ArrayList;
import java.util.List;

/**
 * The one task every approach is measured on: the product's AI4I split (seeded shuffle, first
 * trainFraction for training), the rows as standardized feature vectors z (ending with the constant
 * 1, as {@link io.smile.pdm.model.QuadraticTrainer} expects), their labels and their site (product
 * type L/M/H, used as the factory for synthetic data and transfer learning).
 */
public final class Task {
    /** One side of the split. */
    public record Rows(List<double[]> z, boolean[] labels, char[] site, List<long[]> quantized) {
        public int size() {
            return z.size();
        }

        public int positives() {
            int p = 0;
            for (boolean l : labels) {
                p += l ? 1 : 0;
            }
            return p;
        }

        /** The rows of one site only. */
        public Rows ofSite(char s) {
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < size(); i++) {
                if (site[i] == s) {
                    keep.add(i);
                }
            }
            return subset(keep);
        }

        /** The rows of every site but one. */
        public Rows exceptSite(char s) {
            List<Integer> keep = new ArrayList<>();
            for (int i = 0; i < size(); i++) {
                if (site[i] != s) {
                    keep.add(i);
                }
            }
            return subset(keep);
        }

        public Rows subset(List<Integer> idx) {
            List<double[]> zz = new ArrayList<>();
            List<long[]> qq = new ArrayList<>();
            boolean[] ll = new boolean[idx.size()];
            char[] ss = new char[idx.size()];
            for (int k = 0; k < idx.size(); k++) {
                int i = idx.get(k);
                zz.add(z.get(i));
                qq.add(quantized.get(i));
                ll[k] = labels[i];
                ss[k] = site[i];
            }
            return new Rows(List.copyOf(zz), ll, ss, List.copyOf(qq));
        }
    }

    private final String source;
    private final Rows train;
    private final Rows test;
    private final FeatureEncoding encoding;

    private Task(String source, Rows train, Rows test, FeatureEncoding encoding) {
        this.source = source;
        this.train = train;
        this.test = test;
        this.encoding = encoding;
    }

    /** The product's split of these rows (the seed and fraction {@code smile train} uses by default: 42, 0.8). */
    public static Task of(List<Ai4iRecord> rows, String source, long seed, double trainFraction) {
        PdmTraining.Split split = PdmTraining.split(rows, seed, trainFraction);
        FeatureEncoding enc = Ai4iFeatures.ENCODING;
        return new Task(source, rows(split.train(), enc), rows(split.test(), enc), enc);
    }

    private static Rows rows(List<Ai4iRecord> records, FeatureEncoding enc) {
        List<double[]> z = new ArrayList<>();
        List<long[]> q = new ArrayList<>();
        boolean[] y = new boolean[records.size()];
        char[] s = new char[records.size()];
        for (int i = 0; i < records.size(); i++) {
            double[] raw = PdmTraining.features(records.get(i));
            z.add(enc.standardize(raw));
            q.add(enc.quantize(raw));
            y[i] = records.get(i).machineFailure();
            s[i] = records.get(i).type().name().charAt(0);
        }
        return new Rows(List.copyOf(z), y, s, List.copyOf(q));
    }

    public String source() {
        return source;
    }

    public Rows train() {
        return train;
    }

    public Rows test() {
        return test;
    }

    public FeatureEncoding encoding() {
        return encoding;
    }
}

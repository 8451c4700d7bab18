package io.smile.compare.dp;

import io.smile.pdm.model.FeatureEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Local DP: each factory perturbs every record before it leaves, so the pool never sees a true
 * feature value. The standardized features are first clamped to the encoding's public range
 * [−B, B] (B = clip / resolution, as the gateway's quantization clamps them), so one record's
 * feature vector has L1 sensitivity 2·B·d over its d features; adding Laplace(2·B·d / ε) to every
 * feature is then ε-DP per record (the Laplace mechanism, Dwork et al. 2006). The failure labels
 * are not perturbed: this protects the sensor readings, not whether the machine failed.
 */
public final class LocalDp {
    private final double bound;

    public LocalDp(FeatureEncoding encoding) {
        this.bound = (double) encoding.clip() / encoding.resolution();
    }

    /** The Laplace scale for one record at ε (d features). */
    public double scale(double epsilon, int features) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be > 0");
        }
        return 2 * bound * features / epsilon;
    }

    /** The released record: clamped features plus Laplace noise; the trailing constant 1 is kept. */
    public double[] perturb(double[] z, double epsilon, Random noise) {
        int d = z.length - 1;
        double b = scale(epsilon, d);
        double[] out = new double[z.length];
        for (int i = 0; i < d; i++) {
            out[i] = Math.max(-bound, Math.min(bound, z[i])) + Noise.laplace(b, noise);
        }
        out[d] = z[d];
        return out;
    }

    public List<double[]> perturbAll(List<double[]> z, double epsilon, Random noise) {
        List<double[]> out = new ArrayList<>(z.size());
        for (double[] row : z) {
            out.add(perturb(row, epsilon, noise));
        }
        return out;
    }
}

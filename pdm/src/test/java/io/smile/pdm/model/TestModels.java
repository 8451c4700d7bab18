package io.smile.pdm.model;

import java.util.Random;

/**
 * Models for tests, shared with the edge's and the cloud's tests through this module's test-jar
 * (smile-testkit cannot hold them: pdm's own tests use smile-testkit).
 */
public final class TestModels {
    /** Largest |weight| of {@link #random(Random)}. */
    public static final int MAX_WEIGHT = 38;

    private TestModels() {
    }

    /**
     * A model on the AI4I encoding with every weight uniform in [-{@value #MAX_WEIGHT}, {@value #MAX_WEIGHT}]: the
     * worst case for noise and magnitude of the encrypted score that decision-only scoring can still blind
     * ({@value #MAX_WEIGHT} times the sum of the monomial bounds, 6736, is within
     * {@link DecisionBlinding#maxScoreBound(long)} for {@link PdmParameters#PLAIN_MODULUS}).
     */
    public static QuantizedModel random(Random r) {
        FeatureEncoding enc = Ai4iFeatures.ENCODING;
        int k = enc.width();
        long[][] v = new long[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                v[i][j] = r.nextInt(2 * MAX_WEIGHT + 1) - MAX_WEIGHT;
            }
        }
        return new QuantizedModel(v, enc, PdmParameters.PLAIN_MODULUS);
    }

    /** {@link #random(Random)} from a seed. */
    public static QuantizedModel random(long seed) {
        return random(new Random(seed));
    }
}

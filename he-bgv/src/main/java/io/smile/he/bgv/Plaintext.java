package io.smile.he.bgv;

/** A BGV plaintext: a polynomial with coefficients in [0, t), usually produced by {@link BatchEncoder}. */
public final class Plaintext {
    private final long[] coefficients;
    private final long fingerprint;

    public Plaintext(long[] coefficients, long fingerprint) {
        this.coefficients = coefficients;
        this.fingerprint = fingerprint;
    }

    public long[] coefficients() {
        return coefficients.clone();
    }

    long[] view() {
        return coefficients;
    }

    public long fingerprint() {
        return fingerprint;
    }
}

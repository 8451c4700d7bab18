package io.smile.he.rlwe;

import io.smile.he.ring.RingContext;
import java.util.Arrays;

/**
 * A ternary RLWE secret s. It stays on the device that generated it: the engine has no method
 * that sends it anywhere, and only the local key store writes it to disk.
 */
public final class SecretKey {
    private final byte[] coefficients;
    /** s in NTT form modulo every prime of Q*P. */
    private final long[][] ntt;

    SecretKey(byte[] coefficients, long[][] ntt) {
        this.coefficients = coefficients;
        this.ntt = ntt;
    }

    /** Rebuilds a key from its ternary coefficients (local key store). */
    public static SecretKey fromCoefficients(RingContext ring, byte[] coefficients) {
        if (coefficients.length != ring.degree()) {
            throw new IllegalArgumentException("secret key has " + coefficients.length + " coefficients, ring degree is " + ring.degree());
        }
        for (byte b : coefficients) {
            if (b < -1 || b > 1) {
                throw new IllegalArgumentException("secret key coefficient " + b + " is not ternary");
            }
        }
        byte[] c = coefficients.clone();
        return new SecretKey(c, ring.smallToNtt(c, ring.qpIndices(ring.qCount() - 1)));
    }

    public byte[] coefficients() {
        return coefficients.clone();
    }

    byte[] coefficientsView() {
        return coefficients;
    }

    /** NTT rows for primes 0..qCount-1 then the special primes (shared, do not modify). */
    public long[][] nttView() {
        return ntt;
    }

    /** Best effort: overwrite the key material in memory. */
    public void destroy() {
        Arrays.fill(coefficients, (byte) 0);
        for (long[] row : ntt) {
            Arrays.fill(row, 0);
        }
    }

    @Override
    public String toString() {
        return "SecretKey[redacted]";
    }
}

package io.smile.he.bgv;

import io.smile.he.ring.Modulus;
import io.smile.he.ring.Ntt;

/**
 * SIMD batch encoding: a vector of N integers mod t becomes a plaintext polynomial whose
 * evaluations at the primitive 2N-th roots of unity mod t are those integers (t &equiv; 1 mod 2N).
 * Slots are laid out as 2 rows of N/2: slot (r, j) is the evaluation at psi^(+-3^j), so the
 * automorphism X -> X^(3^k) rotates both rows left by k and X -> X^(2N-1) swaps the rows.
 */
public final class BatchEncoder {
    private final int n;
    private final long t;
    private final Modulus tMod;
    private final Ntt ntt;
    private final long fingerprint;
    /** slotToNtt[s] = position in the (bit-reversed) NTT output that holds slot s. */
    private final int[] slotToNtt;

    BatchEncoder(BgvParameters params) {
        this.n = params.degree();
        this.t = params.plainModulus();
        this.tMod = new Modulus(t);
        this.ntt = new Ntt(n, tMod);
        this.fingerprint = params.fingerprint();
        this.slotToNtt = new int[n];
        int logN = Integer.numberOfTrailingZeros(n);
        long twoN = 2L * n;
        long pow3 = 1;
        int half = n / 2;
        for (int j = 0; j < half; j++) {
            long e0 = pow3;
            long e1 = twoN - pow3;
            slotToNtt[j] = Ntt.bitReverse((int) ((e0 - 1) >>> 1), logN);
            slotToNtt[half + j] = Ntt.bitReverse((int) ((e1 - 1) >>> 1), logN);
            pow3 = pow3 * 3 % twoN;
        }
    }

    public int slotCount() {
        return n;
    }

    public long plainModulus() {
        return t;
    }

    /**
     * Encodes up to N signed integers (any long; reduced mod t, so values in (-t/2, t/2] round
     * trip exactly). Missing slots are zero.
     */
    public Plaintext encode(long[] values) {
        if (values.length > n) {
            throw new IllegalArgumentException(values.length + " values do not fit in " + n + " slots");
        }
        long[] a = new long[n];
        for (int s = 0; s < values.length; s++) {
            a[slotToNtt[s]] = tMod.reduce(values[s]);
        }
        ntt.inverse(a);
        return new Plaintext(a, fingerprint);
    }

    /** The same value in every slot (a constant polynomial). */
    public Plaintext encodeConstant(long value) {
        long[] a = new long[n];
        a[0] = tMod.reduce(value);
        return new Plaintext(a, fingerprint);
    }

    /** Slot values centred in (-t/2, t/2]. */
    public long[] decode(Plaintext p) {
        long[] u = decodeUnsigned(p);
        for (int i = 0; i < n; i++) {
            u[i] = tMod.center(u[i]);
        }
        return u;
    }

    /** Slot values in [0, t). */
    public long[] decodeUnsigned(Plaintext p) {
        if (p.fingerprint() != fingerprint) {
            throw new IllegalArgumentException("plaintext belongs to another parameter set");
        }
        long[] a = p.coefficients();
        ntt.forward(a);
        long[] out = new long[n];
        for (int s = 0; s < n; s++) {
            out[s] = a[slotToNtt[s]];
        }
        return out;
    }
}

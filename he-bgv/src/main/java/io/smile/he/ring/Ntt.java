package io.smile.he.ring;

/**
 * Negacyclic number-theoretic transform over Z_q[X]/(X^N+1) for one prime q &equiv; 1 mod 2N.
 *
 * <p>Forward: Cooley-Tukey with the powers of a primitive 2N-th root psi in bit-reversed order
 * (Longa-Naehrig), output in bit-reversed order: {@code out[k] = a(psi^(2*brv(k)+1))}. Inverse:
 * Gentleman-Sande, back to natural order. Butterflies use Harvey's lazy reduction with Shoup
 * constants, so the inner loops do one multiplication-high, two multiplications and no division.
 */
public final class Ntt {
    private final int n;
    private final int logN;
    private final Modulus modulus;
    private final long q;
    private final long psi;
    private final long[] psiRev;
    private final long[] psiRevShoup;
    private final long[] psiInvRev;
    private final long[] psiInvRevShoup;
    private final long nInv;
    private final long nInvShoup;
    /** psi^-1 * N^-1 folded into the last inverse stage. */
    private final long lastInv;
    private final long lastInvShoup;

    public Ntt(int n, Modulus modulus) {
        if (n < 2 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("ring degree must be a power of two, got " + n);
        }
        this.n = n;
        this.logN = Integer.numberOfTrailingZeros(n);
        this.modulus = modulus;
        this.q = modulus.value();
        this.psi = Primes.minimalPrimitiveRoot2N(q, n);
        long psiInv = modulus.inv(psi);
        psiRev = new long[n];
        psiRevShoup = new long[n];
        psiInvRev = new long[n];
        psiInvRevShoup = new long[n];
        long p = 1;
        long pi = 1;
        for (int i = 0; i < n; i++) {
            int r = bitReverse(i, logN);
            psiRev[r] = p;
            psiInvRev[r] = pi;
            p = modulus.mul(p, psi);
            pi = modulus.mul(pi, psiInv);
        }
        for (int i = 0; i < n; i++) {
            psiRevShoup[i] = signedShoup(psiRev[i]);
            psiInvRevShoup[i] = signedShoup(psiInvRev[i]);
            psiRev[i] = modulus.center(psiRev[i]);
            psiInvRev[i] = modulus.center(psiInvRev[i]);
        }
        nInv = modulus.center(modulus.inv(n));
        nInvShoup = signedShoup(nInv < 0 ? nInv + q : nInv);
        long li = modulus.mul(modulus.inv(n), modulus.reduce(psiInvRev[1]));
        lastInv = modulus.center(li);
        lastInvShoup = signedShoup(li);
    }

    /**
     * floor(w' * 2^64 / q) for the centred representative w' of w: a signed 64-bit value, so the
     * lazy Shoup product v*w' - mulhi(v, ws)*q (v &ge; 0) lands in [0, 2q) with a single signed
     * multiply-high and no unsigned correction.
     */
    private long signedShoup(long w) {
        long c = modulus.center(w);
        return java.math.BigInteger.valueOf(c).shiftLeft(64).divide(java.math.BigInteger.valueOf(q))
                .subtract(c < 0 && java.math.BigInteger.valueOf(c).shiftLeft(64).mod(java.math.BigInteger.valueOf(q)).signum() != 0
                        ? java.math.BigInteger.ONE : java.math.BigInteger.ZERO)
                .longValueExact();
    }

    public static int bitReverse(int x, int bits) {
        return bits == 0 ? 0 : Integer.reverse(x) >>> (32 - bits);
    }

    public int degree() {
        return n;
    }

    public Modulus modulus() {
        return modulus;
    }

    /** The primitive 2N-th root of unity this transform evaluates at. */
    public long psi() {
        return psi;
    }

    /** In-place forward transform; input in [0, q), output in [0, q), bit-reversed order. */
    public void forward(long[] a) {
        final long q = this.q;
        final long twoQ = 2 * q;
        final long[] w = psiRev;
        final long[] ws = psiRevShoup;
        int t = n;
        int m = 1;
        // stages with at least 4 butterflies per twiddle; values stay in [0, 4q)
        for (; m < n && (t >>> 1) >= 4; m <<= 1) {
            t >>>= 1;
            for (int i = 0; i < m; i++) {
                int j1 = 2 * i * t;
                int j2 = j1 + t;
                long wi = w[m + i];
                long wsi = ws[m + i];
                for (int j = j1; j < j2; j++) {
                    long x = a[j];
                    x = x >= twoQ ? x - twoQ : x;
                    long v = a[j + t];
                    long y = v * wi - Math.multiplyHigh(v, wsi) * q;
                    a[j] = x + y;
                    a[j + t] = x - y + twoQ;
                }
            }
        }
        if (m < n) {
            // t = 2 stage, then the t = 1 stage fused with the final reduction to [0, q)
            if (n >= 4) {
                for (int i = 0; i < m; i++) {
                    int j = 4 * i;
                    long wi = w[m + i];
                    long wsi = ws[m + i];
                        long x0 = a[j];
                    long x1 = a[j + 1];
                    long v0 = a[j + 2];
                    long v1 = a[j + 3];
                    x0 = x0 >= twoQ ? x0 - twoQ : x0;
                    x1 = x1 >= twoQ ? x1 - twoQ : x1;
                    long y0 = v0 * wi - Math.multiplyHigh(v0, wsi) * q;
                    long y1 = v1 * wi - Math.multiplyHigh(v1, wsi) * q;
                    a[j] = x0 + y0;
                    a[j + 1] = x1 + y1;
                    a[j + 2] = x0 - y0 + twoQ;
                    a[j + 3] = x1 - y1 + twoQ;
                }
                m <<= 1;
            }
            for (int i = 0; i < m; i++) {
                int j = 2 * i;
                long wi = w[m + i];
                long wsi = ws[m + i];
                long x = a[j];
                x = x >= twoQ ? x - twoQ : x;
                long v = a[j + 1];
                long y = v * wi - Math.multiplyHigh(v, wsi) * q;
                long s0 = x + y;
                long s1 = x - y + twoQ;
                s0 = s0 >= twoQ ? s0 - twoQ : s0;
                s1 = s1 >= twoQ ? s1 - twoQ : s1;
                a[j] = s0 >= q ? s0 - q : s0;
                a[j + 1] = s1 >= q ? s1 - q : s1;
            }
        } else {
            for (int j = 0; j < n; j++) {
                long x = a[j];
                x = x >= twoQ ? x - twoQ : x;
                a[j] = x >= q ? x - q : x;
            }
        }
    }

    /** In-place inverse transform; input in [0, q) in bit-reversed order, output natural order in [0, q). */
    public void inverse(long[] a) {
        final long q = this.q;
        final long twoQ = 2 * q;
        final long[] w = psiInvRev;
        final long[] ws = psiInvRevShoup;
        int t = 1;
        for (int m = n >>> 1; m > 1; m >>>= 1) {
            int j1 = 0;
            for (int i = 0; i < m; i++) {
                int j2 = j1 + t;
                long wi = w[m + i];
                long wsi = ws[m + i];
                for (int j = j1; j < j2; j++) {
                    long u = a[j];
                    long v = a[j + t];
                    long x = u + v;
                    if (x >= twoQ) {
                        x -= twoQ;
                    }
                    a[j] = x;
                    long d = u - v + twoQ;
                    long qhat = Math.multiplyHigh(d, wsi);
                    a[j + t] = d * wi - qhat * q;
                }
                j1 += 2 * t;
            }
            t <<= 1;
        }
        // last stage (m = 1) with the N^-1 scaling folded in
        final long ni = nInv;
        final long nis = nInvShoup;
        final long li = lastInv;
        final long lis = lastInvShoup;
        int half = n >>> 1;
        for (int j = 0; j < half; j++) {
            long u = a[j];
            long v = a[j + half];
            long x = u + v;
            if (x >= twoQ) {
                x -= twoQ;
            }
            long d = u - v + twoQ;
            long r0 = x * ni - Math.multiplyHigh(x, nis) * q;
            long r1 = d * li - Math.multiplyHigh(d, lis) * q;
            a[j] = r0 >= q ? r0 - q : r0;
            a[j + half] = r1 >= q ? r1 - q : r1;
        }
    }
}

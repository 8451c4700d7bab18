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

    /**
     * In-place forward transform; input in [0, 2q) (the lazy butterflies absorb the extra q, which
     * lets key switching pass a digit modulo a prime q' &lt; 2q unreduced), output in [0, q),
     * bit-reversed order. Two
     * Cooley-Tukey stages are fused per pass (radix 4: four loads and stores per four
     * butterflies); values stay in [0, 4q) between stages (Harvey's lazy butterflies).
     */
    public void forward(long[] a) {
        final long q = this.q;
        final long twoQ = 2 * q;
        final long[] w = psiRev;
        final long[] ws = psiRevShoup;
        int m = 1;
        int t = n;
        if ((logN & 1) == 1) {
            // odd number of stages: one radix-2 stage first
            t >>>= 1;
            long w1 = w[1];
            long ws1 = ws[1];
            for (int j = 0; j < t; j++) {
                long x = a[j];
                long v = a[j + t];
                long y = v * w1 - Math.multiplyHigh(v, ws1) * q;
                a[j] = x + y;
                a[j + t] = x - y + twoQ;
            }
            m = 2;
        }
        for (; m < n; m <<= 2) {
            int tb = t >>> 2;
            if (tb == 1) {
                lastForwardPass(a, m);
                return;
            }
            for (int i = 0; i < m; i++) {
                int base = i * t;
                long wa = w[m + i];
                long wsa = ws[m + i];
                long wb0 = w[2 * m + 2 * i];
                long wsb0 = ws[2 * m + 2 * i];
                long wb1 = w[2 * m + 2 * i + 1];
                long wsb1 = ws[2 * m + 2 * i + 1];
                for (int j = base; j < base + tb; j++) {
                    long a0 = a[j];
                    long a1 = a[j + tb];
                    long a2 = a[j + 2 * tb];
                    long a3 = a[j + 3 * tb];
                    a0 = csub(a0, twoQ);
                    a1 = csub(a1, twoQ);
                    long y2 = a2 * wa - Math.multiplyHigh(a2, wsa) * q;
                    long y3 = a3 * wa - Math.multiplyHigh(a3, wsa) * q;
                    long b0 = a0 + y2;
                    long b2 = a0 - y2 + twoQ;
                    long b1 = a1 + y3;
                    long b3 = a1 - y3 + twoQ;
                    b0 = csub(b0, twoQ);
                    b2 = csub(b2, twoQ);
                    long z1 = b1 * wb0 - Math.multiplyHigh(b1, wsb0) * q;
                    long z3 = b3 * wb1 - Math.multiplyHigh(b3, wsb1) * q;
                    a[j] = b0 + z1;
                    a[j + tb] = b0 - z1 + twoQ;
                    a[j + 2 * tb] = b2 + z3;
                    a[j + 3 * tb] = b2 - z3 + twoQ;
                }
            }
            t = tb;
        }
        for (int j = 0; j < n; j++) {
            long x = a[j];
            x = csub(x, twoQ);
            a[j] = csub(x, q);
        }
    }

    /**
     * The last two forward stages (groups of four adjacent values), fused with the final reduction
     * to [0, q): no inner loop and no separate sweep over the array.
     */
    private void lastForwardPass(long[] a, int m) {
        final long q = this.q;
        final long twoQ = 2 * q;
        final long[] w = psiRev;
        final long[] ws = psiRevShoup;
        for (int i = 0; i < m; i++) {
            int j = 4 * i;
            long wa = w[m + i];
            long wsa = ws[m + i];
            long wb0 = w[2 * m + 2 * i];
            long wsb0 = ws[2 * m + 2 * i];
            long wb1 = w[2 * m + 2 * i + 1];
            long wsb1 = ws[2 * m + 2 * i + 1];
            long a0 = a[j];
            long a1 = a[j + 1];
            long a2 = a[j + 2];
            long a3 = a[j + 3];
            a0 = csub(a0, twoQ);
            a1 = csub(a1, twoQ);
            long y2 = a2 * wa - Math.multiplyHigh(a2, wsa) * q;
            long y3 = a3 * wa - Math.multiplyHigh(a3, wsa) * q;
            long b0 = a0 + y2;
            long b2 = a0 - y2 + twoQ;
            long b1 = a1 + y3;
            long b3 = a1 - y3 + twoQ;
            b0 = csub(b0, twoQ);
            b2 = csub(b2, twoQ);
            long z1 = b1 * wb0 - Math.multiplyHigh(b1, wsb0) * q;
            long z3 = b3 * wb1 - Math.multiplyHigh(b3, wsb1) * q;
            a[j] = reduce4(b0 + z1, q, twoQ);
            a[j + 1] = reduce4(b0 - z1 + twoQ, q, twoQ);
            a[j + 2] = reduce4(b2 + z3, q, twoQ);
            a[j + 3] = reduce4(b2 - z3 + twoQ, q, twoQ);
        }
    }

    /**
     * x in [0, 4q) to [0, q) with sign masks instead of comparisons: C2 compiled the two chained
     * ternaries as branches, which mispredict half the time on random residues (the last pass
     * cost over three times the others).
     */
    /**
     * x - m if x &ge; m, else x, for x in [0, 2m): a sign mask, not a comparison, so that neither
     * the branch predictor nor the timing depends on the (possibly secret) value.
     */
    private static long csub(long x, long m) {
        x -= m;
        return x + ((x >> 63) & m);
    }

    private static long reduce4(long x, long q, long twoQ) {
        x -= twoQ;
        x += (x >> 63) & twoQ;
        x -= q;
        return x + ((x >> 63) & q);
    }

    /** In-place inverse transform; input in [0, q) in bit-reversed order, output natural order in [0, q). */
    public void inverse(long[] a) {
        final long q = this.q;
        final long twoQ = 2 * q;
        final long[] w = psiInvRev;
        final long[] ws = psiInvRevShoup;
        int t = 1;
        int m = n >>> 1;
        // stages m = N/2 .. 2 (logN - 1 of them), two per pass; values stay in [0, 2q)
        if (((logN - 1) & 1) == 1) {
            for (int i = 0; i < m; i++) {
                int j = 2 * i;
                long wi = w[m + i];
                long wsi = ws[m + i];
                long u = a[j];
                long v = a[j + 1];
                long x = u + v;
                a[j] = csub(x, twoQ);
                long d = u - v + twoQ;
                a[j + 1] = d * wi - Math.multiplyHigh(d, wsi) * q;
            }
            t = 2;
            m >>>= 1;
        }
        for (; m > 1; m >>>= 2) {
            int half = m >>> 1;
            for (int i = 0; i < half; i++) {
                int base = 4 * t * i;
                long wa0 = w[m + 2 * i];
                long wsa0 = ws[m + 2 * i];
                long wa1 = w[m + 2 * i + 1];
                long wsa1 = ws[m + 2 * i + 1];
                long wb = w[half + i];
                long wsb = ws[half + i];
                for (int j = base; j < base + t; j++) {
                    long a0 = a[j];
                    long a1 = a[j + t];
                    long a2 = a[j + 2 * t];
                    long a3 = a[j + 3 * t];
                    long b0 = a0 + a1;
                    b0 = csub(b0, twoQ);
                    long d1 = a0 - a1 + twoQ;
                    long b1 = d1 * wa0 - Math.multiplyHigh(d1, wsa0) * q;
                    long b2 = a2 + a3;
                    b2 = csub(b2, twoQ);
                    long d3 = a2 - a3 + twoQ;
                    long b3 = d3 * wa1 - Math.multiplyHigh(d3, wsa1) * q;
                    long c0 = b0 + b2;
                    a[j] = csub(c0, twoQ);
                    long e2 = b0 - b2 + twoQ;
                    a[j + 2 * t] = e2 * wb - Math.multiplyHigh(e2, wsb) * q;
                    long c1 = b1 + b3;
                    a[j + t] = csub(c1, twoQ);
                    long e3 = b1 - b3 + twoQ;
                    a[j + 3 * t] = e3 * wb - Math.multiplyHigh(e3, wsb) * q;
                }
            }
            t <<= 2;
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
            x = csub(x, twoQ);
            long d = u - v + twoQ;
            long r0 = x * ni - Math.multiplyHigh(x, nis) * q;
            long r1 = d * li - Math.multiplyHigh(d, lis) * q;
            a[j] = csub(r0, q);
            a[j + half] = csub(r1, q);
        }
    }
}

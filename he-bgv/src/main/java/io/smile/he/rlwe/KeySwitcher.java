package io.smile.he.rlwe;

import io.smile.he.ring.Modulus;
import io.smile.he.ring.RingContext;

/**
 * Hybrid key switching (RNS digit decomposition + special primes P, as in Gentry-Halevi-Smart and
 * the RNS variants of Bajard et al. / Halevi-Polyakov-Shoup): given d (NTT form, modulo Q_level)
 * that multiplies s', returns (k0, k1) modulo Q_level with k0 + k1*s = d*s' + (small multiple of t).
 *
 * <p>Steps: split d into its residues d_i (digit i, coefficients in [0, q_i)); extend each digit
 * exactly to every prime of Q_level*P; take the inner product with the key; divide by P with
 * the BGV rounding that keeps the plaintext intact (subtract delta = t*[x*t^-1]_P, which is
 * &equiv; x mod P and &equiv; 0 mod t, then multiply by P^-1).
 */
public final class KeySwitcher {
    private final RingContext ring;
    private final long t;
    /** pInvModQ[j] = P^-1 mod q_j. */
    private final long[] pInvModQ;
    /** pHatInvModP[k] = (P/p_k)^-1 * t^-1 mod p_k. */
    private final long[] pHatInvTInvModP;
    /** pHatModQ[k][j] = (P/p_k) mod q_j. */
    private final long[][] pHatModQ;
    private final long[] tModQ;

    public KeySwitcher(RingContext ring, long plainModulus) {
        this.ring = ring;
        this.t = plainModulus;
        int qc = ring.qCount();
        int pc = ring.pCount();
        pInvModQ = new long[qc];
        tModQ = new long[qc];
        pHatModQ = new long[pc][qc];
        pHatInvTInvModP = new long[pc];
        for (int j = 0; j < qc; j++) {
            Modulus qj = ring.modulus(j);
            long p = 1;
            for (int k = 0; k < pc; k++) {
                p = qj.mul(p, qj.reduce(ring.modulus(qc + k).value()));
            }
            pInvModQ[j] = qj.inv(p);
            tModQ[j] = qj.reduce(t);
        }
        for (int k = 0; k < pc; k++) {
            Modulus pk = ring.modulus(qc + k);
            long hat = 1;
            for (int m = 0; m < pc; m++) {
                if (m != k) {
                    hat = pk.mul(hat, pk.reduce(ring.modulus(qc + m).value()));
                }
            }
            pHatInvTInvModP[k] = pk.mul(pk.inv(hat), pk.inv(t));
            for (int j = 0; j < qc; j++) {
                Modulus qj = ring.modulus(j);
                long h = 1;
                for (int m = 0; m < pc; m++) {
                    if (m != k) {
                        h = qj.mul(h, qj.reduce(ring.modulus(qc + m).value()));
                    }
                }
                pHatModQ[k][j] = h;
            }
        }
    }

    /** Returns {k0, k1} modulo Q_level (NTT form). {@code d} is not modified. */
    public long[][][] switchKey(long[][] d, int level, KeySwitchKey key) {
        int n = ring.degree();
        int qRows = level + 1;
        int qc = ring.qCount();
        int[] idx = ring.qpIndices(level);
        int rows = idx.length;
        // 1. digits in coefficient form
        long[][] coeff = new long[qRows][];
        ring.parallel().forEach(qRows, i -> {
            coeff[i] = d[i].clone();
            ring.ntt(i).inverse(coeff[i]);
        });
        // 2. per target prime: extend every digit exactly (its coefficients are < q_i), NTT, and
        //    take the inner product with the key. Products are summed in 128 bits and reduced once
        //    (Montgomery), so acc holds the inner product times 2^-64; modDown removes that factor.
        long[][] acc0 = new long[rows][];
        long[][] acc1 = new long[rows][];
        ring.parallel().forEach(rows, r -> {
            int prime = idx[r];
            int keyRow = r < qRows ? r : qc + (r - qRows);
            Modulus m = ring.modulus(prime);
            long q = m.value();
            long[][] ext = new long[qRows][];
            for (int i = 0; i < qRows; i++) {
                if (prime == i) {
                    ext[i] = d[i];
                    continue;
                }
                long[] c = coeff[i];
                long[] e = new long[n];
                if (ring.modulus(i).value() < q) {
                    System.arraycopy(c, 0, e, 0, n);
                } else {
                    for (int j = 0; j < n; j++) {
                        long v = c[j];
                        e[j] = v >= q ? m.reduceFast(v) : v;
                    }
                }
                ring.ntt(prime).forward(e);
                ext[i] = e;
            }
            long[] out0 = new long[n];
            long[] out1 = new long[n];
            int chunk = Math.max(1, m.lazyTerms());
            for (int from = 0; from < qRows; from += chunk) {
                int to = Math.min(qRows, from + chunk);
                innerProduct(m, ext, key, keyRow, from, to, out0, out1, from > 0);
            }
            acc0[r] = out0;
            acc1[r] = out1;
        });
        return new long[][][] {modDown(acc0, level), modDown(acc1, level)};
    }

    /** out{0,1}[j] (+)= sum_{i in [from,to)} ext_i[j] * key_{b,a}(i)[j] * 2^-64 mod q. */
    private static void innerProduct(Modulus m, long[][] ext, KeySwitchKey key, int keyRow, int from, int to,
                                     long[] out0, long[] out1, boolean accumulate) {
        int n = out0.length;
        long q = m.value();
        long[][] kb = new long[to - from][];
        long[][] ka = new long[to - from][];
        long[][] ex = new long[to - from][];
        for (int i = from; i < to; i++) {
            kb[i - from] = key.b(i)[keyRow];
            ka[i - from] = key.a(i)[keyRow];
            ex[i - from] = ext[i];
        }
        int terms = to - from;
        for (int j = 0; j < n; j++) {
            long lo0 = 0;
            long hi0 = 0;
            long lo1 = 0;
            long hi1 = 0;
            for (int i = 0; i < terms; i++) {
                long x = ex[i][j];
                long b = kb[i][j];
                long a = ka[i][j];
                long pl = x * b;
                long ph = Math.multiplyHigh(x, b);
                long nl = lo0 + pl;
                hi0 += ph + (Long.compareUnsigned(nl, pl) < 0 ? 1 : 0);
                lo0 = nl;
                pl = x * a;
                ph = Math.multiplyHigh(x, a);
                nl = lo1 + pl;
                hi1 += ph + (Long.compareUnsigned(nl, pl) < 0 ? 1 : 0);
                lo1 = nl;
            }
            long r0 = m.montgomeryReduce(hi0, lo0);
            long r1 = m.montgomeryReduce(hi1, lo1);
            if (accumulate) {
                r0 += out0[j];
                r1 += out1[j];
                r0 = r0 >= q ? r0 - q : r0;
                r1 = r1 >= q ? r1 - q : r1;
            }
            out0[j] = r0;
            out1[j] = r1;
        }
    }

    /**
     * x modulo Q_level*P (NTT form, every row scaled by 2^-64 by the lazy inner product) to
     * round(x/P) modulo Q_level, keeping x mod t. The 2^64 factors are folded into the constants.
     */
    long[][] modDown(long[][] x, int level) {
        int n = ring.degree();
        int qRows = level + 1;
        int pc = ring.pCount();
        int qc = ring.qCount();
        // y_k = [x * t^-1 * (P/p_k)^-1]_{p_k}, coefficient form
        long[][] y = new long[pc][];
        ring.parallel().forEach(pc, k -> {
            long[] row = x[qRows + k].clone();
            Modulus pk = ring.modulus(qc + k);
            ring.ntt(qc + k).inverse(row);
            long w = pk.mul(pHatInvTInvModP[k], pk.montgomeryRadix());
            long ws = pk.shoup(w);
            for (int j = 0; j < n; j++) {
                row[j] = pk.mulShoup(row[j], w, ws);
            }
            y[k] = row;
        });
        long[][] out = new long[qRows][];
        ring.parallel().forEach(qRows, j -> {
            Modulus qj = ring.modulus(j);
            long q = qj.value();
            long radixInv = qj.inv(qj.montgomeryRadix());
            long[] delta = new long[n];
            for (int k = 0; k < pc; k++) {
                // delta/2^64 = sum_k y_k * (P/p_k) * t * 2^-64
                long h = qj.mul(qj.mul(pHatModQ[k][j], tModQ[j]), radixInv);
                long hs = qj.shoup(h);
                long[] yk = y[k];
                for (int c = 0; c < n; c++) {
                    long v = qj.mulShoup(yk[c], h, hs);
                    long s = delta[c] + v;
                    delta[c] = s >= q ? s - q : s;
                }
            }
            ring.ntt(j).forward(delta);
            long pinv = qj.mul(pInvModQ[j], qj.montgomeryRadix());
            long pinvS = qj.shoup(pinv);
            long[] xj = x[j];
            long[] o = new long[n];
            for (int c = 0; c < n; c++) {
                long diff = xj[c] - delta[c];
                if (diff < 0) {
                    diff += q;
                }
                o[c] = qj.mulShoup(diff, pinv, pinvS);
            }
            out[j] = o;
        });
        return out;
    }
}

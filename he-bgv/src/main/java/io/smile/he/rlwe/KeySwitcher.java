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
        int pc = ring.pCount();
        int qc = ring.qCount();
        int[] idx = ring.qpIndices(level);
        int rows = idx.length;
        // 1. digits in coefficient form
        long[][] coeff = new long[qRows][];
        ring.parallel().forEach(qRows, i -> {
            coeff[i] = d[i].clone();
            ring.ntt(i).inverse(coeff[i]);
        });
        // 2. per target prime: extend every digit, multiply-accumulate with the key
        long[][] acc0 = new long[rows][n];
        long[][] acc1 = new long[rows][n];
        ring.parallel().forEach(rows, r -> {
            int prime = idx[r];
            int keyRow = r < qRows ? r : qc + (r - qRows);
            Modulus m = ring.modulus(prime);
            long q = m.value();
            long[] ext = new long[n];
            long[] a0 = acc0[r];
            long[] a1 = acc1[r];
            for (int i = 0; i < qRows; i++) {
                long[] src;
                if (prime == i) {
                    src = d[i];
                } else {
                    long[] c = coeff[i];
                    if (ring.modulus(i).value() < q) {
                        System.arraycopy(c, 0, ext, 0, n);
                    } else {
                        for (int j = 0; j < n; j++) {
                            long v = c[j];
                            ext[j] = v >= q ? v % q : v;
                        }
                    }
                    ring.ntt(prime).forward(ext);
                    src = ext;
                }
                long[] kb = key.b(i)[keyRow];
                long[] ka = key.a(i)[keyRow];
                for (int j = 0; j < n; j++) {
                    long x = src[j];
                    long s0 = a0[j] + m.mul(x, kb[j]);
                    a0[j] = s0 >= q ? s0 - q : s0;
                    long s1 = a1[j] + m.mul(x, ka[j]);
                    a1[j] = s1 >= q ? s1 - q : s1;
                }
            }
        });
        return new long[][][] {modDown(acc0, level), modDown(acc1, level)};
    }

    /** x modulo Q_level*P (NTT form) to round(x/P) modulo Q_level, keeping x mod t. */
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
            long w = pHatInvTInvModP[k];
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
            long[] delta = new long[n];
            for (int k = 0; k < pc; k++) {
                long h = qj.mul(pHatModQ[k][j], tModQ[j]);
                long hs = qj.shoup(h);
                long[] yk = y[k];
                for (int c = 0; c < n; c++) {
                    long v = qj.mulShoup(yk[c], h, hs);
                    long s = delta[c] + v;
                    delta[c] = s >= q ? s - q : s;
                }
            }
            ring.ntt(j).forward(delta);
            long pinv = pInvModQ[j];
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

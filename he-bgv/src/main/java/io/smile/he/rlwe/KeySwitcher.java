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
 *
 * <p>Cost with one digit per prime: (L+1) inverse NTTs, (L+1)(L+k) forward NTTs for the
 * extension, k inverse and (L+1) forward NTTs per output component for the division by P. The
 * NTTs dominate; everything else is one sweep per digit and target prime.
 *
 * <p>Hoisting ({@link #decompose}, {@link #switchKeyHoisted}): the inverse and extension NTTs
 * depend only on d, so rotations of one ciphertext pay them once and each pays only the inner
 * product and the division by P.
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
    /** ModDown constants with their Shoup companions (the 2^64 of the lazy sums folded in). */
    private final long[] yScale;
    private final long[] yScaleShoup;
    /** deltaScale[k][j] = (P/p_k) * t * 2^-64 mod q_j. */
    private final long[][] deltaScale;
    private final long[][] deltaScaleShoup;
    /** P^-1 * 2^64 mod q_j. */
    private final long[] pInvScaled;
    private final long[] pInvScaledShoup;
    /**
     * Per-thread work space (one digit's extension and the 128-bit accumulators), so a key switch
     * allocates only its results and the coefficient-form digits.
     */
    private final ThreadLocal<Scratch> scratch;
    /** Where the a rows of compact keys come from. */
    private final ExpandedKeyCache cache;

    private static final class Scratch {
        final long[] ext;
        /** Interleaved (lo0, hi0, lo1, hi1) per coefficient: one cache line holds both sums. */
        final long[] acc;

        Scratch(int n) {
            ext = new long[n];
            acc = new long[4 * n];
        }
    }

    /** With the process-wide {@link ExpandedKeyCache#shared()} cache. */
    public KeySwitcher(RingContext ring, long plainModulus) {
        this(ring, plainModulus, ExpandedKeyCache.shared());
    }

    public KeySwitcher(RingContext ring, long plainModulus, ExpandedKeyCache cache) {
        this.ring = ring;
        this.cache = java.util.Objects.requireNonNull(cache, "cache");
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
        yScale = new long[pc];
        yScaleShoup = new long[pc];
        for (int k = 0; k < pc; k++) {
            Modulus pk = ring.modulus(qc + k);
            yScale[k] = pk.mul(pHatInvTInvModP[k], pk.montgomeryRadix());
            yScaleShoup[k] = pk.shoup(yScale[k]);
        }
        deltaScale = new long[pc][qc];
        deltaScaleShoup = new long[pc][qc];
        pInvScaled = new long[qc];
        pInvScaledShoup = new long[qc];
        for (int j = 0; j < qc; j++) {
            Modulus qj = ring.modulus(j);
            long radixInv = qj.inv(qj.montgomeryRadix());
            for (int k = 0; k < pc; k++) {
                deltaScale[k][j] = qj.mul(qj.mul(pHatModQ[k][j], tModQ[j]), radixInv);
                deltaScaleShoup[k][j] = qj.shoup(deltaScale[k][j]);
            }
            pInvScaled[j] = qj.mul(pInvModQ[j], qj.montgomeryRadix());
            pInvScaledShoup[j] = qj.shoup(pInvScaled[j]);
        }
        int n = ring.degree();
        scratch = ThreadLocal.withInitial(() -> new Scratch(n));
    }

    public ExpandedKeyCache cache() {
        return cache;
    }

    /**
     * Returns {k0, k1} modulo Q_level (NTT form). {@code d} is not modified. A compact key's a rows
     * come from the cache (the same values an eager key holds, so the result is bit-identical).
     */
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
        // 2. per target prime: extend every digit exactly (its coefficients are < q_i), NTT it and
        //    add its products with the key to 128-bit sums right away, while it is still in cache.
        //    A Montgomery reduction per lazyTerms() digits, so the sums hold the inner product
        //    times 2^-64; modDown removes that factor.
        long[][] acc0 = new long[rows][];
        long[][] acc1 = new long[rows][];
        ring.parallel().forEach(rows, r -> {
            int prime = idx[r];
            int keyRow = r < qRows ? r : qc + (r - qRows);
            Modulus m = ring.modulus(prime);
            long q = m.value();
            Scratch s = scratch.get();
            long[] e = s.ext;
            long[] out0 = new long[n];
            long[] out1 = new long[n];
            int chunk = Math.max(1, m.lazyTerms());
            int inChunk = 0;
            boolean reducedBefore = false;
            for (int i = 0; i < qRows; i++) {
                long[] x;
                if (prime == i) {
                    x = d[i];
                } else {
                    long[] c = coeff[i];
                    long qi = ring.modulus(i).value();
                    if (qi <= 2 * q) {
                        // the forward NTT accepts inputs in [0, 2q)
                        System.arraycopy(c, 0, e, 0, n);
                    } else {
                        for (int j = 0; j < n; j++) {
                            e[j] = m.reduceFast(c[j]);
                        }
                    }
                    ring.ntt(prime).forward(e);
                    x = e;
                }
                accumulate(x, key.b(i)[keyRow], key.aRow(i, keyRow, cache), s.acc, inChunk == 0);
                if (++inChunk == chunk || i == qRows - 1) {
                    reduceInto(m, s.acc, out0, out1, reducedBefore);
                    reducedBefore = true;
                    inChunk = 0;
                }
            }
            acc0[r] = out0;
            acc1[r] = out1;
        });
        return modDown(acc0, acc1, level);
    }

    /**
     * The part of a key switch that depends only on d, done once for several key switches of the
     * same d up to an automorphism (hoisting, Halevi-Shoup, "Faster homomorphic linear
     * transformations in HElib", CRYPTO 2018, section 5): every digit extended exactly to Q_level*P
     * and in NTT form. {@code d} is not modified (its rows are shared, read-only, as the digits'
     * own rows).
     *
     * <p>Memory: (level+1) * (level+1+k) rows of N words.
     */
    public Decomposition decompose(long[][] d, int level) {
        int n = ring.degree();
        int qRows = level + 1;
        if (d.length < qRows) {
            throw new IllegalArgumentException("d has " + d.length + " rows, level " + level + " needs " + qRows);
        }
        int[] idx = ring.qpIndices(level);
        int rows = idx.length;
        long[][] coeff = new long[qRows][];
        ring.parallel().forEach(qRows, i -> {
            coeff[i] = d[i].clone();
            ring.ntt(i).inverse(coeff[i]);
        });
        long[][][] digits = new long[qRows][rows][];
        ring.parallel().forEach(qRows * rows, ir -> {
            int i = ir / rows;
            int r = ir % rows;
            int prime = idx[r];
            if (prime == i) {
                digits[i][r] = d[i];
                return;
            }
            Modulus m = ring.modulus(prime);
            long[] c = coeff[i];
            long[] e = new long[n];
            if (ring.modulus(i).value() <= 2 * m.value()) {
                System.arraycopy(c, 0, e, 0, n);
            } else {
                for (int j = 0; j < n; j++) {
                    e[j] = m.reduceFast(c[j]);
                }
            }
            ring.ntt(prime).forward(e);
            digits[i][r] = e;
        });
        return new Decomposition(digits, level);
    }

    /**
     * The digits of d extended to Q_level*P in NTT form ({@link #decompose}); read-only once made,
     * so one decomposition may serve several threads.
     */
    public static final class Decomposition {
        /** digits[i][r]: digit i modulo the r-th prime of qpIndices(level), NTT form. */
        private final long[][][] digits;
        private final int level;

        private Decomposition(long[][][] digits, int level) {
            this.digits = digits;
            this.level = level;
        }

        public int level() {
            return level;
        }
    }

    /**
     * Key switch of sigma(d), for the automorphism sigma whose NTT permutation is {@code perm}
     * ({@link io.smile.he.ring.Automorphism#nttPermutation}; null for the identity), from the
     * decomposition of d: the hoisted half of {@link #switchKey}. Returns {k0, k1} modulo Q_level
     * (NTT form) with k0 + k1*s = sigma(d)*s' + (small multiple of t).
     *
     * <p>Why it is correct: sigma acts on each extended digit D_i (an integer polynomial with
     * coefficients in [0, q_i)) by permuting its coefficients with signs, so sigma(D_i) is again
     * exact in every prime, has coefficients in (-q_i, q_i) and is congruent to sigma(d) modulo
     * q_i. The key-switching identity needs only those two facts (sum_i D_i * g_i = d mod Q and
     * |D_i| < q_i bounds the noise sum_i D_i * e_i), so the result decrypts to the same value with
     * the same noise bound as {@link #switchKey} on sigma(d); the residues differ (the lift of a
     * digit is not the canonical one). In the NTT domain sigma is the permutation, applied here
     * while reading each digit in the inner product, so no transform is repeated per key.
     */
    public long[][][] switchKeyHoisted(Decomposition dec, int[] perm, KeySwitchKey key) {
        int n = ring.degree();
        int level = dec.level;
        int qRows = level + 1;
        int qc = ring.qCount();
        int[] idx = ring.qpIndices(level);
        int rows = idx.length;
        if (perm != null && perm.length != n) {
            throw new IllegalArgumentException("permutation of length " + perm.length + " for degree " + n);
        }
        long[][] acc0 = new long[rows][];
        long[][] acc1 = new long[rows][];
        ring.parallel().forEach(rows, r -> {
            int keyRow = r < qRows ? r : qc + (r - qRows);
            Modulus m = ring.modulus(idx[r]);
            Scratch s = scratch.get();
            long[] out0 = new long[n];
            long[] out1 = new long[n];
            int chunk = Math.max(1, m.lazyTerms());
            int inChunk = 0;
            boolean reducedBefore = false;
            for (int i = 0; i < qRows; i++) {
                long[] x = dec.digits[i][r];
                long[] b = key.b(i)[keyRow];
                long[] a = key.aRow(i, keyRow, cache);
                if (perm == null) {
                    accumulate(x, b, a, s.acc, inChunk == 0);
                } else {
                    accumulatePermuted(x, perm, b, a, s.acc, inChunk == 0);
                }
                if (++inChunk == chunk || i == qRows - 1) {
                    reduceInto(m, s.acc, out0, out1, reducedBefore);
                    reducedBefore = true;
                    inChunk = 0;
                }
            }
            acc0[r] = out0;
            acc1[r] = out1;
        });
        return modDown(acc0, acc1, level);
    }

    /** {@link #accumulate} of the permuted x: x[perm[j]] in place of x[j]. */
    private static void accumulatePermuted(long[] x, int[] perm, long[] b, long[] a, long[] acc, boolean first) {
        int n = perm.length;
        if (first) {
            for (int j = 0; j < n; j++) {
                long v = x[perm[j]];
                int o = 4 * j;
                acc[o] = v * b[j];
                acc[o + 1] = Math.multiplyHigh(v, b[j]);
                acc[o + 2] = v * a[j];
                acc[o + 3] = Math.multiplyHigh(v, a[j]);
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            long v = x[perm[j]];
            long bj = b[j];
            long aj = a[j];
            int o = 4 * j;
            long s0 = acc[o];
            long p0 = v * bj;
            long n0 = s0 + p0;
            acc[o] = n0;
            acc[o + 1] += Math.multiplyHigh(v, bj) + (((s0 & p0) | ((s0 | p0) & ~n0)) >>> 63);
            long s1 = acc[o + 2];
            long p1 = v * aj;
            long n1 = s1 + p1;
            acc[o + 2] = n1;
            acc[o + 3] += Math.multiplyHigh(v, aj) + (((s1 & p1) | ((s1 | p1) & ~n1)) >>> 63);
        }
    }

    /**
     * acc (+)= x * b and x * a per coefficient, as unsigned 128-bit sums (lo, hi) in interleaved
     * slots. The carry out of the low word is computed from sign bits, not a comparison: a
     * comparison compiles to a data-dependent branch that mispredicts on random residues.
     */
    private static void accumulate(long[] x, long[] b, long[] a, long[] acc, boolean first) {
        int n = x.length;
        if (first) {
            for (int j = 0; j < n; j++) {
                long v = x[j];
                int o = 4 * j;
                acc[o] = v * b[j];
                acc[o + 1] = Math.multiplyHigh(v, b[j]);
                acc[o + 2] = v * a[j];
                acc[o + 3] = Math.multiplyHigh(v, a[j]);
            }
            return;
        }
        for (int j = 0; j < n; j++) {
            long v = x[j];
            long bj = b[j];
            long aj = a[j];
            int o = 4 * j;
            long s0 = acc[o];
            long p0 = v * bj;
            long n0 = s0 + p0;
            acc[o] = n0;
            acc[o + 1] += Math.multiplyHigh(v, bj) + (((s0 & p0) | ((s0 | p0) & ~n0)) >>> 63);
            long s1 = acc[o + 2];
            long p1 = v * aj;
            long n1 = s1 + p1;
            acc[o + 2] = n1;
            acc[o + 3] += Math.multiplyHigh(v, aj) + (((s1 & p1) | ((s1 | p1) & ~n1)) >>> 63);
        }
    }

    /** out{0,1} (+)= acc{0,1} * 2^-64 mod q (Montgomery reduction of the 128-bit sums). */
    private static void reduceInto(Modulus m, long[] acc, long[] out0, long[] out1, boolean add) {
        int n = out0.length;
        long q = m.value();
        for (int j = 0; j < n; j++) {
            int o = 4 * j;
            long r0 = m.montgomeryReduce(acc[o + 1], acc[o]);
            long r1 = m.montgomeryReduce(acc[o + 3], acc[o + 2]);
            if (add) {
                r0 += out0[j] - q;
                r1 += out1[j] - q;
                r0 += (r0 >> 63) & q;
                r1 += (r1 >> 63) & q;
            }
            out0[j] = r0;
            out1[j] = r1;
        }
    }

    /**
     * Both components x0, x1 modulo Q_level*P (NTT form, every row scaled by 2^-64 by the lazy
     * inner product) to round(x/P) modulo Q_level, keeping x mod t. The 2^64 factors are folded
     * into the constants. Works in place: the Q rows of x0 and x1 become the result.
     */
    long[][][] modDown(long[][] x0, long[][] x1, int level) {
        int n = ring.degree();
        int qRows = level + 1;
        int pc = ring.pCount();
        int qc = ring.qCount();
        long[][][] x = {x0, x1};
        // y_k = [x * t^-1 * (P/p_k)^-1]_{p_k}, coefficient form (in place in the P rows)
        ring.parallel().forEach(2 * pc, ck -> {
            int k = ck % pc;
            long[] row = x[ck / pc][qRows + k];
            Modulus pk = ring.modulus(qc + k);
            ring.ntt(qc + k).inverse(row);
            long w = yScale[k];
            long ws = yScaleShoup[k];
            for (int j = 0; j < n; j++) {
                row[j] = pk.mulShoup(row[j], w, ws);
            }
        });
        ring.parallel().forEach(2 * qRows, cj -> {
            int j = cj % qRows;
            long[][] comp = x[cj / qRows];
            Modulus qj = ring.modulus(j);
            long q = qj.value();
            long[] delta = scratch.get().ext;
            for (int k = 0; k < pc; k++) {
                // delta/2^64 = sum_k y_k * (P/p_k) * t * 2^-64
                long h = deltaScale[k][j];
                long hs = deltaScaleShoup[k][j];
                long[] yk = comp[qRows + k];
                if (k == 0) {
                    for (int c = 0; c < n; c++) {
                        delta[c] = qj.mulShoup(yk[c], h, hs);
                    }
                } else {
                    for (int c = 0; c < n; c++) {
                        long v = delta[c] + qj.mulShoup(yk[c], h, hs) - q;
                        delta[c] = v + ((v >> 63) & q);
                    }
                }
            }
            ring.ntt(j).forward(delta);
            long pinv = pInvScaled[j];
            long pinvS = pInvScaledShoup[j];
            long[] xj = comp[j];
            for (int c = 0; c < n; c++) {
                long diff = xj[c] - delta[c];
                diff += (diff >> 63) & q;
                xj[c] = qj.mulShoup(diff, pinv, pinvS);
            }
        });
        return new long[][][] {prefix(x0, qRows), prefix(x1, qRows)};
    }

    private static long[][] prefix(long[][] a, int rows) {
        long[][] out = new long[rows][];
        System.arraycopy(a, 0, out, 0, rows);
        return out;
    }
}

package io.smile.he.ring;

/**
 * The RNS ring R_QP = Z_QP[X]/(X^N+1): the ciphertext primes q_0..q_L followed by the special
 * primes p_0..p_(k-1), each with its NTT tables. A polynomial is a {@code long[limbs][N]} whose
 * rows are residues modulo the primes named by an index array (see {@link #qIndices}), almost
 * always in NTT (evaluation) form. Immutable and shareable between threads.
 */
public final class RingContext implements AutoCloseable {
    private final int n;
    private final int qCount;
    private final int pCount;
    private final Modulus[] moduli;
    private final Ntt[] ntts;
    private final Parallel parallel;

    public RingContext(int n, long[] qPrimes, long[] pPrimes, int threads) {
        this.n = n;
        this.qCount = qPrimes.length;
        this.pCount = pPrimes.length;
        this.moduli = new Modulus[qCount + pCount];
        this.ntts = new Ntt[qCount + pCount];
        for (int i = 0; i < qCount + pCount; i++) {
            long p = i < qCount ? qPrimes[i] : pPrimes[i - qCount];
            moduli[i] = new Modulus(p);
            ntts[i] = new Ntt(n, moduli[i]);
        }
        this.parallel = new Parallel(threads);
    }

    public int degree() {
        return n;
    }

    /** Number of ciphertext primes (L+1). */
    public int qCount() {
        return qCount;
    }

    /** Number of special primes (k). */
    public int pCount() {
        return pCount;
    }

    public Modulus modulus(int index) {
        return moduli[index];
    }

    public Ntt ntt(int index) {
        return ntts[index];
    }

    public Parallel parallel() {
        return parallel;
    }

    /** Prime indices of a polynomial mod Q_level = q_0 ... q_level. */
    public int[] qIndices(int level) {
        int[] idx = new int[level + 1];
        for (int i = 0; i <= level; i++) {
            idx[i] = i;
        }
        return idx;
    }

    /** Prime indices of a polynomial mod Q_level * P (the extended basis of key switching). */
    public int[] qpIndices(int level) {
        int[] idx = new int[level + 1 + pCount];
        for (int i = 0; i <= level; i++) {
            idx[i] = i;
        }
        for (int k = 0; k < pCount; k++) {
            idx[level + 1 + k] = qCount + k;
        }
        return idx;
    }

    /** Residues of a small signed polynomial (ternary or Gaussian) modulo the given primes, NTT form. */
    public long[][] smallToNtt(byte[] small, int[] indices) {
        long[][] out = new long[indices.length][n];
        parallel.forEach(indices.length, r -> {
            long q = moduli[indices[r]].value();
            long[] row = out[r];
            for (int i = 0; i < n; i++) {
                int v = small[i];
                // v + q if v < 0, by the sign mask: the secret's coefficients take no branch
                row[i] = v + (q & (v >> 31));
            }
            ntts[indices[r]].forward(row);
        });
        return out;
    }

    /** Uniform polynomial modulo the given primes, expanded from a seed (one AES-CTR stream per prime). */
    public long[][] uniformFromSeed(byte[] seed, long domain, int[] indices) {
        long[][] out = new long[indices.length][];
        parallel.forEach(indices.length, r -> out[r] = uniformRowFromSeed(seed, domain, indices[r]));
        return out;
    }

    /**
     * One row of {@link #uniformFromSeed}: the residues modulo prime {@code index} of the uniform
     * polynomial of that seed and domain (its own AES-CTR stream, so a row can be re-expanded alone).
     */
    public long[] uniformRowFromSeed(byte[] seed, long domain, int index) {
        Prng prng = new Prng(seed, (domain << 16) | index);
        long q = moduli[index].value();
        long[] row = new long[n];
        for (int i = 0; i < n; i++) {
            row[i] = prng.uniformMod(q);
        }
        return row;
    }

    public void forward(long[][] poly, int[] indices) {
        parallel.forEach(poly.length, r -> ntts[indices[r]].forward(poly[r]));
    }

    public void inverse(long[][] poly, int[] indices) {
        parallel.forEach(poly.length, r -> ntts[indices[r]].inverse(poly[r]));
    }

    @Override
    public void close() {
        parallel.close();
    }
}

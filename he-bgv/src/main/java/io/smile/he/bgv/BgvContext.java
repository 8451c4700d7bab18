package io.smile.he.bgv;

import io.smile.he.ring.Automorphism;
import io.smile.he.ring.Parallel;
import io.smile.he.ring.RandomSource;
import io.smile.he.ring.RingContext;
import io.smile.he.rlwe.KeySwitcher;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Everything precomputed for one parameter set: NTT tables, key-switching constants, the batch
 * encoder, Galois permutations, the thread pool and the randomness source. Create once, share
 * between threads; close to stop the pool.
 */
public final class BgvContext implements AutoCloseable {
    private final BgvParameters params;
    private final RingContext ring;
    private final KeySwitcher keySwitcher;
    private final BatchEncoder encoder;
    private final RandomSource random;
    private final ConcurrentHashMap<Long, int[]> galoisPermutations = new ConcurrentHashMap<>();

    private BgvContext(BgvParameters params, int threads, RandomSource random) {
        this.params = params;
        this.ring = new RingContext(params.degree(), params.ciphertextPrimes(), params.specialPrimes(), threads);
        this.keySwitcher = new KeySwitcher(ring, params.plainModulus());
        this.encoder = new BatchEncoder(params);
        this.random = random;
    }

    /** Context with all cores and SecureRandom. */
    public static BgvContext create(BgvParameters params) {
        return new BgvContext(params, Parallel.defaultThreads(), RandomSource.secure());
    }

    public static BgvContext create(BgvParameters params, int threads) {
        return new BgvContext(params, threads, RandomSource.secure());
    }

    /** Context with an explicit randomness source; a deterministic one is for tests only. */
    public static BgvContext create(BgvParameters params, int threads, RandomSource random) {
        return new BgvContext(params, threads, random);
    }

    public BgvParameters parameters() {
        return params;
    }

    public RingContext ring() {
        return ring;
    }

    public BatchEncoder encoder() {
        return encoder;
    }

    public RandomSource random() {
        return random;
    }

    KeySwitcher keySwitcher() {
        return keySwitcher;
    }

    int[] galoisPermutation(long g) {
        return galoisPermutations.computeIfAbsent(g, e -> Automorphism.nttPermutation(params.degree(), e));
    }

    /** Galois element rotating both rows left by {@code step} (negative: right). */
    public long rotationElement(int step) {
        int half = params.degree() / 2;
        int s = Math.floorMod(step, half);
        long twoN = 2L * params.degree();
        long g = 1;
        long base = 3;
        for (int e = s; e > 0; e >>= 1) {
            if ((e & 1) != 0) {
                g = g * base % twoN;
            }
            base = base * base % twoN;
        }
        return g;
    }

    /** Galois element swapping the two rows (X -> X^(2N-1)). */
    public long rowSwapElement() {
        return 2L * params.degree() - 1;
    }

    /**
     * scale * m with m's coefficients taken centred mod t, as NTT rows modulo q_0..q_level.
     * Centring keeps the lifted message small, which keeps plaintext-multiplication noise small.
     */
    long[][] liftToNtt(long[] coeffsModT, long scale, int level) {
        int n = params.degree();
        long t = params.plainModulus();
        io.smile.he.ring.Modulus tm = new io.smile.he.ring.Modulus(t);
        long s = tm.reduce(scale);
        long[] centred = new long[n];
        for (int i = 0; i < n; i++) {
            long v = s == 1 ? coeffsModT[i] : tm.mul(coeffsModT[i], s);
            centred[i] = tm.center(v);
        }
        int[] idx = ring.qIndices(level);
        long[][] out = new long[level + 1][n];
        ring.parallel().forEach(level + 1, r -> {
            long q = ring.modulus(r).value();
            long[] row = out[r];
            for (int i = 0; i < n; i++) {
                long v = centred[i];
                row[i] = v < 0 ? v + q : v;
            }
            ring.ntt(r).forward(row);
        });
        return out;
    }

    public void checkSame(long fingerprint, String what) {
        if (fingerprint != params.fingerprint()) {
            throw new IllegalArgumentException(what + " belongs to another parameter set (fingerprint "
                    + Long.toHexString(fingerprint) + ", expected " + Long.toHexString(params.fingerprint()) + ")");
        }
    }

    @Override
    public void close() {
        ring.close();
    }
}

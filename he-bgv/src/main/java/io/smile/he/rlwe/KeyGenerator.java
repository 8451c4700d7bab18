package io.smile.he.rlwe;

import io.smile.he.ring.Automorphism;
import io.smile.he.ring.Modulus;
import io.smile.he.ring.Prng;
import io.smile.he.ring.RandomSource;
import io.smile.he.ring.RingContext;
import io.smile.he.ring.RnsOps;
import io.smile.he.ring.Sampler;

/**
 * Generates RLWE keys in the BGV convention (errors are multiplied by the plaintext modulus t).
 * Every secret, error and public seed comes from {@link RandomSource}.
 */
public final class KeyGenerator {
    /** Seed domain of the public key's uniform polynomial. */
    public static final long PUBLIC_KEY_DOMAIN = 0;

    private final RingContext ring;
    private final long t;
    private final RandomSource random;

    public KeyGenerator(RingContext ring, long plainModulus, RandomSource random) {
        this.ring = ring;
        this.t = plainModulus;
        this.random = random;
    }

    public SecretKey secretKey() {
        Prng prng = new Prng(random.freshSeed(), 0);
        byte[] s = Sampler.ternaryPoly(prng, ring.degree());
        prng.wipe();
        return new SecretKey(s, ring.smallToNtt(s, ring.qpIndices(ring.qCount() - 1)));
    }

    public PublicKey publicKey(SecretKey sk) {
        int[] idx = ring.qIndices(ring.qCount() - 1);
        byte[] seed = random.freshSeed();
        long[][] a = ring.uniformFromSeed(seed, PUBLIC_KEY_DOMAIN, idx);
        long[][] b = errorTimesT(idx);
        // b = t*e - a*s
        long[][] as = new long[idx.length][ring.degree()];
        RnsOps.mul(ring, a, RnsOps.prefix(sk.nttView(), idx.length), as, idx);
        RnsOps.sub(ring, b, as, b, idx);
        return new PublicKey(b, a, seed);
    }

    /** Relinearization key: switches s^2 back to s. */
    public KeySwitchKey relinearizationKey(SecretKey sk) {
        int[] idx = ring.qIndices(ring.qCount() - 1);
        long[][] s = RnsOps.prefix(sk.nttView(), idx.length);
        long[][] s2 = new long[idx.length][ring.degree()];
        RnsOps.mul(ring, s, s, s2, idx);
        return keySwitchKey(sk, s2);
    }

    /** Galois key for X -> X^g: switches sigma_g(s) back to s. */
    public KeySwitchKey galoisKey(SecretKey sk, long galoisElement) {
        byte[] rotated = Automorphism.applySmall(sk.coefficientsView(), galoisElement);
        return keySwitchKey(sk, ring.smallToNtt(rotated, ring.qIndices(ring.qCount() - 1)));
    }

    /**
     * Key-switching key from sPrime (NTT rows over the Q primes) to sk, one digit per Q prime.
     * Digit i adds P*sPrime only to row i: P*g_i is P mod q_i and 0 mod every other prime of Q*P.
     */
    public KeySwitchKey keySwitchKey(SecretKey sk, long[][] sPrime) {
        int qCount = ring.qCount();
        int[] idx = ring.qpIndices(qCount - 1);
        byte[] seed = random.freshSeed();
        long[][][] b = new long[qCount][][];
        long[][][] a = new long[qCount][][];
        long[][] s = sk.nttView();
        for (int digit = 0; digit < qCount; digit++) {
            long[][] ai = ring.uniformFromSeed(seed, KeySwitchKey.seedDomain(digit), idx);
            long[][] bi = errorTimesT(idx);
            long[][] as = new long[idx.length][ring.degree()];
            RnsOps.mul(ring, ai, s, as, idx);
            RnsOps.sub(ring, bi, as, bi, idx);
            Modulus qi = ring.modulus(digit);
            long pModQi = 1;
            for (int k = 0; k < ring.pCount(); k++) {
                pModQi = qi.mul(pModQi, qi.reduce(ring.modulus(qCount + k).value()));
            }
            long[] row = bi[digit];
            long[] sp = sPrime[digit];
            for (int j = 0; j < row.length; j++) {
                row[j] = qi.add(row[j], qi.mul(pModQi, sp[j]));
            }
            a[digit] = ai;
            b[digit] = bi;
        }
        return new KeySwitchKey(b, a, seed);
    }

    /** t*e for a fresh Gaussian e, NTT form over the given primes. */
    long[][] errorTimesT(int[] idx) {
        return RlweEncryptor.errorTimesT(ring, t, random, idx);
    }
}

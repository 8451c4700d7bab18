package io.smile.he.multiparty;

import io.smile.he.ring.Prng;
import io.smile.he.ring.RandomSource;
import io.smile.he.ring.RingContext;
import io.smile.he.rlwe.KeyGenerator;
import io.smile.he.rlwe.KeySwitchKey;
import java.util.Arrays;

/**
 * The public random seed all parties agree on before key generation (the "common reference
 * string" of the paper). Each protocol expands its uniform polynomials from a sub-seed derived
 * with AES-CTR under a protocol label, using the same seed domains as single-party keys, so the
 * collective public key and Galois keys carry an ordinary seed (and serialize like any other key).
 * Public: it may be published; it must not be chosen by a single party after seeing others' shares.
 */
public final class CommonReferenceString {
    private static final long LABEL_CKG = 0x4D50_434B_0000_0000L;
    private static final long LABEL_RTG = 0x4D50_5254_0000_0000L;
    private static final long LABEL_RKG = 0x4D50_524B_0000_0000L;

    private final byte[] seed;

    public CommonReferenceString(byte[] seed) {
        if (seed.length != Prng.SEED_BYTES) {
            throw new IllegalArgumentException("the common reference string is " + Prng.SEED_BYTES + " bytes");
        }
        this.seed = seed.clone();
    }

    public static CommonReferenceString fresh(RandomSource random) {
        return new CommonReferenceString(random.freshSeed());
    }

    public byte[] seed() {
        return seed.clone();
    }

    private byte[] derive(long label) {
        Prng prng = new Prng(seed, label);
        byte[] out = new byte[Prng.SEED_BYTES];
        prng.nextBytes(out);
        return out;
    }

    byte[] ckgSeed() {
        return derive(LABEL_CKG);
    }

    byte[] rtgSeed(long galoisElement) {
        return derive(LABEL_RTG | (galoisElement & 0xFFFF_FFFFL));
    }

    byte[] rkgSeed() {
        return derive(LABEL_RKG);
    }

    /** The public key's a (over Q). */
    long[][] ckgA(RingContext ring) {
        return ring.uniformFromSeed(ckgSeed(), KeyGenerator.PUBLIC_KEY_DOMAIN, ring.qIndices(ring.qCount() - 1));
    }

    /** a_digit of the Galois key for g (over Q*P). */
    long[][] rtgA(RingContext ring, long galoisElement, int digit) {
        return ring.uniformFromSeed(rtgSeed(galoisElement), KeySwitchKey.seedDomain(digit), ring.qpIndices(ring.qCount() - 1));
    }

    /** a_digit of the relinearization key protocol (over Q*P). */
    long[][] rkgA(RingContext ring, int digit) {
        return ring.uniformFromSeed(rkgSeed(), KeySwitchKey.seedDomain(digit), ring.qpIndices(ring.qCount() - 1));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommonReferenceString && Arrays.equals(seed, ((CommonReferenceString) o).seed);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(seed);
    }
}

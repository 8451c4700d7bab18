package io.smile.federation;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.multiparty.Smudging;

/**
 * BGV parameters for rounds of secure sums (additions only: no relinearization or Galois keys).
 *
 * <ul>
 *   <li>N = 8192: 8192 slots per ciphertext, 128-bit security up to log2 QP = 218.</li>
 *   <li>t = {@value #PLAIN_MODULUS} (just below 2^38, prime, = 1 mod 2N = 16384, so batching works):
 *       a released sum is exact when members × maxAbsValue &lt; t/2 ≈ 2^37; with 10 members a
 *       member's entries may reach ±2^33.6 ({@link #maxAbsValue(int)}).</li>
 *   <li>Q = three 54-bit primes (162 bits) plus one 54-bit special prime (unused by the protocol;
 *       the engine requires one at least as large as every q_i): log2 QP = 216 ≤ 218.</li>
 *   <li>Decryption happens at the top level (fresh ciphertexts, additions only). The phase noise of a
 *       sum of at most 10 fresh collective-key encryptions, plus the attempt's public encryption of
 *       zero ({@code AttemptCiphertexts}), is bounded by {@value #NOISE_BITS} bits.
 *       Worst case with Gaussian errors below 6σ ≈ 19.2: a fresh encryption has noise
 *       u·e_pk + e_1 + s·e_2 with e_pk a sum of n ≤ 10 errors and s = Σ s_i in [−n, n], so each term is at
 *       most N·10·19.2 ≈ 2^20.6 and the total below 2^21.7; eleven of them stay below 2^25.2. The 5 spare
 *       bits cover heavier tails. Smudging for λ = 40 then needs B = 30 + 40 + 13 = 83 bits, and correctness
 *       needs t·n·2^B ≤ Q/8, i.e. B ≤ 162 − 3 − 38 − log2(10) ≈ 117. {@link #smudgingBits} checks
 *       both; with two primes (≤ 2·61 bits after P) B ≤ 77 would not fit, hence three.</li>
 * </ul>
 */
public final class FederationParameters {
    public static final int DEGREE = 8192;
    /** Prime, = 1 mod 16384, below 2^38. */
    public static final long PLAIN_MODULUS = 274_877_562_881L;
    public static final int MAX_MEMBERS = 10;
    /** Bound (bits) on the phase noise of a sum of at most {@link #MAX_MEMBERS} fresh encryptions. */
    public static final int NOISE_BITS = 30;
    public static final int LAMBDA = Smudging.DEFAULT_LAMBDA;

    /**
     * Decryption attempts per round (attempts 0 .. 8), each a fresh re-randomization of the round's
     * aggregate. An honest coordinator retries only after a deadline at which a member of the asked set
     * went silent, and a retry needs t responsive members, so it never needs more than
     * 1 + (n − t) ≤ 1 + {@value #MAX_MEMBERS} − {@value #MIN_THRESHOLD} = 9 attempts. The bound caps
     * what one member gives per round: at most this many shares of related ciphertexts (after eliminating
     * its Shamir share, 8 RLWE samples in its smudging noise; docs/multiparty.md).
     */
    public static final int MAX_DECRYPTION_ATTEMPTS = MAX_MEMBERS - FederationParameters.MIN_THRESHOLD + 1; // qualified: declared below

    private FederationParameters() {
    }

    public static BgvParameters bgv() {
        return BgvParameters.builder().degree(DEGREE).plainModulus(PLAIN_MODULUS)
                .ciphertextPrimeBits(54, 54, 54).specialPrimeBits(54).build();
    }

    /** Smudging bits for a decryption share at {@code level} with {@code members} parties (λ = 40). */
    public static int smudgingBits(BgvContext ctx, int level, int members) {
        if (members < 1 || members > MAX_MEMBERS) {
            throw new IllegalArgumentException("members must be in [1, " + MAX_MEMBERS + "], got " + members);
        }
        return Smudging.bits(ctx, level, members, NOISE_BITS, LAMBDA);
    }

    /** Largest per-member |value| such that the sum of {@code members} contributions is exact. */
    public static long maxAbsValue(int members) {
        return (PLAIN_MODULUS / 2 - 1) / members;
    }

    /** The smallest threshold the runtime accepts outside tests. */
    public static final int MIN_THRESHOLD = 2;

    /**
     * Throws unless {@code MIN_THRESHOLD <= threshold <= members}. With t = 1 the Shamir polynomial is a
     * constant: every dealing is the dealer's key share itself, so any single member can decrypt any
     * other member's contribution. Hosts (CLI, REST) call this before they build anything.
     */
    public static void checkThreshold(int threshold, int members) {
        if (threshold < MIN_THRESHOLD) {
            throw new IllegalArgumentException("threshold t must be at least 2: with t = 1 every Shamir dealing is the "
                    + "share itself, and any single member could decrypt another member's contribution (got t = "
                    + threshold + ")");
        }
        if (threshold > members) {
            throw new IllegalArgumentException("threshold t = " + threshold + " exceeds the " + members + " members");
        }
    }

    /** Throws unless members × maxAbsValue &lt; t/2. */
    public static void checkHeadroom(int members, long maxAbsValue) {
        if (maxAbsValue < 0 || members < 1 || maxAbsValue > maxAbsValue(members)) {
            throw new IllegalArgumentException(String.format(
                    "no headroom: %d members x maxAbsValue %d must stay below t/2 = %d", members, maxAbsValue,
                    PLAIN_MODULUS / 2));
        }
    }
}

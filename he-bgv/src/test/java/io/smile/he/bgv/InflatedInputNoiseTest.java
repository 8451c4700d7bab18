package io.smile.he.bgv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.ring.Modulus;
import io.smile.he.ring.RandomSource;
import io.smile.he.ring.RingContext;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;
import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Finding 6 of issue 10, played by a gateway against the cloud's pipeline at the predictive-
 * maintenance parameters (N = 16384, t = 3735553, six 60-bit primes; flood of 2^90 * t at level 1,
 * then the lowest level). The gateway holds the secret key, so it can send a well-formed
 * ciphertext whose noise it chose: c0 + t*E. The cloud cannot see E (a public test that could
 * would tell RLWE samples from uniform). The result still decrypts correctly, but its noise is
 * w*E/(q_1...q_5) + flood/q_1: with E large the weight-dependent part stands far above the flood,
 * and the gateway reads the model's weight w off the noise. docs/circuit-privacy-inputs.md.
 */
class InflatedInputNoiseTest {
    static final BgvParameters PARAMS = BgvParameters.builder().degree(16384).plainModulus(3_735_553L)
            .ciphertextPrimeBits(60, 60, 60, 60, 60, 60).specialPrimeBits(61).build();
    static final int FLOOD_BITS = 90; // pdm ScoringPlan: 64 + log2(N) + 12
    static final int STEP_BITS = 32;  // the gateway's chosen noise, as it arrives at the lowest level

    @Test
    void inflatedInputNoiseCarriesTheWeightPastTheFlood() {
        try (BgvContext ctx = BgvContext.create(PARAMS, 2, RandomSource.deterministicForTestsOnly(606))) {
            BgvKeyGenerator kg = new BgvKeyGenerator(ctx);
            SecretKey sk = kg.secretKey();
            PublicKey pk = kg.publicKey(sk);
            long t = PARAMS.plainModulus();
            Random r = new Random(6);
            long[] m = new long[PARAMS.slotCount()];
            for (int i = 0; i < m.length; i++) {
                m[i] = r.nextInt(16);
            }
            Ciphertext honest = Encryptor.withSecretKey(ctx, sk).encrypt(ctx.encoder().encode(m));
            int top = honest.level();
            // E = 2^32 * q_1 * ... * q_top: after the switches to level 0 it is 2^32 per unit of weight
            BigInteger e = BigInteger.ONE.shiftLeft(STEP_BITS);
            for (int l = 1; l <= top; l++) {
                e = e.multiply(BigInteger.valueOf(ctx.ring().modulus(l).value()));
            }
            Ciphertext inflated = withNoise(ctx, honest, e);
            for (long w : new long[] {1, 7, 13}) {
                long honestNoise = maxNoiseAfterScoring(ctx, sk, pk, honest, w, m, -1);
                assertTrue(honestNoise < 1L << (FLOOD_BITS - 60 + 1),
                        "honest input: the result's noise is the flood's, 2^" + log2(honestNoise));
                long[] read = new long[1];
                long inflatedNoise = maxNoiseAfterScoring(ctx, sk, pk, inflated, w, m, 0, read);
                // the gateway divides its coefficient's noise by the step it chose and rounds
                long recovered = Math.round((double) read[0] / (1L << STEP_BITS));
                assertEquals(w, recovered, "weight read off the noise (coefficient noise " + read[0] + ")");
                assertTrue(Math.abs(read[0]) > 2 * honestNoise, "noise 2^" + log2(Math.abs(read[0]))
                        + " stands above the flood (largest honest noise 2^" + log2(honestNoise) + ")");
                System.out.printf("inflated input noise 2^%.1f at level %d: weight %d, noise of the chosen coefficient"
                        + " 2^%.1f (largest: 2^%.1f; honest input: 2^%.1f, flood 2^%d at level 0): weight read off the"
                        + " noise = %d%n", log2(e.doubleValue()), top, w, log2(Math.abs(read[0])), log2(inflatedNoise),
                        log2(honestNoise), FLOOD_BITS - 60, recovered);
            }
        }
    }

    /** c0 + t*E for the constant polynomial E (in NTT form a constant is the same in every slot). */
    static Ciphertext withNoise(BgvContext ctx, Ciphertext ct, BigInteger e) {
        RingContext ring = ctx.ring();
        long[][] c0 = new long[ct.level() + 1][];
        long[][] c1 = new long[ct.level() + 1][];
        BigInteger te = e.multiply(BigInteger.valueOf(ctx.parameters().plainModulus()));
        for (int row = 0; row <= ct.level(); row++) {
            Modulus q = ring.modulus(row);
            long add = te.mod(BigInteger.valueOf(q.value())).longValue();
            c0[row] = ct.component(0)[row].clone();
            c1[row] = ct.component(1)[row].clone();
            for (int i = 0; i < c0[row].length; i++) {
                c0[row][i] = q.add(c0[row][i], add);
            }
        }
        return new Ciphertext(ct.fingerprint(), new long[][][] {c0, c1}, ct.level(), ct.factor(), null);
    }

    static long maxNoiseAfterScoring(BgvContext ctx, SecretKey sk, PublicKey pk, Ciphertext in, long w, long[] m,
                                     int coefficient, long... read) {
        Evaluator ev = new Evaluator(ctx, null);
        // the cloud: the model (here one weight) on the ciphertext, to level 1, flood, to level 0
        Ciphertext s = ev.multiplyScalar(in, w);
        s = ev.modSwitchTo(s, 1);
        s = ev.add(s, Encryptor.withPublicKey(ctx, pk).encryptZeroFlooded(1, FLOOD_BITS));
        s = ev.modSwitchToLowest(s);
        // the gateway: the result is correct ...
        long t = ctx.parameters().plainModulus();
        long[] expected = new long[m.length];
        for (int i = 0; i < m.length; i++) {
            expected[i] = m[i] * w % t;
        }
        assertArrayEquals(expected, ctx.encoder().decodeUnsigned(new Decryptor(ctx, sk).decrypt(s)));
        // ... and, with its secret key, it measures the noise exactly: v = c0 + c1*s = factor*m + t*e
        assertEquals(1, s.factor(), "the primes are = 1 mod t");
        RingContext ring = ctx.ring();
        Modulus q0 = ring.modulus(0);
        long[] v = s.component(0)[0].clone();
        long[] s0 = sk.nttView()[0];
        for (int i = 0; i < v.length; i++) {
            v[i] = q0.add(v[i], q0.mul(s.component(1)[0][i], s0[i]));
        }
        ring.ntt(0).inverse(v);
        Modulus tm = new Modulus(t);
        long max = 0;
        for (int i = 0; i < v.length; i++) {
            long c = q0.center(v[i]);
            long noise = (c - tm.center(tm.reduce(c))) / t;
            max = Math.max(max, Math.abs(noise));
            if (i == coefficient) {
                read[0] = noise;
            }
        }
        return max;
    }

    static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}

package io.smile.he.bgv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.ring.RandomSource;
import io.smile.he.rlwe.SecretKey;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every preset really has its advertised depth: a chain of {@code depth} squarings, each followed
 * by one modulus switch, decrypts correctly with a strictly decreasing, still positive noise
 * budget. One squaring more is either still correct or caught by decryptChecked. Deliberately
 * exhausted noise is always caught.
 */
class DepthTest {
    private static void squaringChain(BgvPreset preset, long seed) {
        BgvParameters params = preset.parameters();
        assertEquals(preset.depth(), params.maxLevel(), "a preset's depth uses every chain prime");
        try (BgvContext ctx = BgvContext.create(params, 2, RandomSource.deterministicForTestsOnly(seed))) {
            BgvKeyGenerator kg = new BgvKeyGenerator(ctx);
            SecretKey sk = kg.secretKey();
            EvaluationKeys keys = new EvaluationKeys(params.fingerprint(), kg.relinearizationKey(sk), Map.of());
            Evaluator ev = new Evaluator(ctx, keys);
            Decryptor dec = new Decryptor(ctx, sk);
            BatchEncoder be = ctx.encoder();
            PlainModel m = new PlainModel(params.plainModulus(), params.degree());
            Random r = new Random(seed);
            long[] expected = m.random(r, params.degree(), 5);
            Ciphertext c = Encryptor.withPublicKey(ctx, kg.publicKey(sk)).encrypt(be.encode(expected));
            int budget = dec.noiseBudget(c);
            for (int i = 1; i <= preset.depth(); i++) {
                c = ev.modSwitch(ev.square(c));
                expected = m.mul(expected, expected);
                assertEquals(params.maxLevel() - i, c.level());
                assertArrayEquals(expected, be.decode(dec.decryptChecked(c)), preset + " squaring " + i);
                int next = dec.noiseBudget(c);
                assertTrue(next < budget, preset + " budget must decrease: " + budget + " -> " + next + " at squaring " + i);
                budget = next;
            }
            assertEquals(0, c.level());
            assertTrue(budget > 0, preset + " budget left at the end: " + budget);
            // one more squaring (at level 0, no switch left): still right, or detected
            Ciphertext beyond = ev.square(c);
            long[] beyondExpected = m.mul(expected, expected);
            try {
                long[] d = be.decode(dec.decryptChecked(beyond));
                assertArrayEquals(beyondExpected, d, preset + ": decryptChecked accepted a wrong result");
            } catch (NoiseBudgetExhaustedException detected) {
                assertEquals(0, dec.noiseBudget(beyond));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = BgvPreset.class, names = "N32768_DEPTH19", mode = EnumSource.Mode.EXCLUDE)
    void presetSupportsItsDepth(BgvPreset preset) {
        squaringChain(preset, 800 + preset.ordinal());
    }

    @Test
    @EnabledIfSystemProperty(named = "smile.heavy", matches = "true")
    void largestPresetSupportsItsDepth() {
        squaringChain(BgvPreset.N32768_DEPTH19, 820);
    }

    @Test
    void exhaustedNoiseFromScalarMultiplicationsIsDetected() {
        Fixture f = Fixture.deep();
        PlainModel m = f.model();
        long[] x = m.randomModT(new Random(810), f.n);
        long big = (f.t - 1) / 2; // the largest centred scalar: +15 bits of noise per multiplication
        Ciphertext c = f.encrypt(x);
        long[] expected = m.full(x);
        int budget = f.dec.noiseBudget(c);
        int steps = 0;
        while (budget > 0) {
            assertArrayEquals(expected, f.encoder.decode(f.dec.decryptChecked(c)), "still within budget");
            c = f.ev.multiplyScalar(c, big);
            expected = m.scale(expected, big);
            int next = f.dec.noiseBudget(c);
            assertTrue(next < budget, "budget decreases: " + budget + " -> " + next);
            budget = next;
            assertTrue(++steps < 20, "205 bits of modulus cannot absorb 20 x 15 bits");
        }
        Ciphertext exhausted = c;
        assertThrows(NoiseBudgetExhaustedException.class, () -> f.dec.decryptChecked(exhausted));
        // the unchecked decryption is indeed garbage
        assertFalse(Arrays.equals(expected, f.encoder.decode(f.dec.decrypt(exhausted))));
        // more damage stays detected
        Ciphertext worse = f.ev.multiplyScalar(exhausted, big);
        assertThrows(NoiseBudgetExhaustedException.class, () -> f.dec.decryptChecked(worse));
    }

    @Test
    void exhaustedNoiseFromSquaringAtTheLowestLevelIsDetected() {
        Fixture f = Fixture.deep();
        PlainModel m = f.model();
        long[] x = m.randomModT(new Random(811), f.n);
        Ciphertext c = f.ev.modSwitchToLowest(f.encrypt(x));
        long[] expected = m.full(x);
        assertArrayEquals(expected, f.encoder.decode(f.dec.decryptChecked(c)));
        boolean detected = false;
        for (int i = 0; i < 3; i++) {
            c = f.ev.square(c);
            expected = m.mul(expected, expected);
            Ciphertext cur = c;
            try {
                assertArrayEquals(expected, f.encoder.decode(f.dec.decryptChecked(cur)), "accepted but wrong");
            } catch (NoiseBudgetExhaustedException e) {
                detected = true;
                assertEquals(0, f.dec.noiseBudget(cur));
                assertTrue(e.getMessage().contains("level 0"), e.getMessage());
            }
        }
        assertTrue(detected, "three squarings at level 0 (q_0 = 45 bits) must exhaust the budget");
    }

    @Test
    void noiseBudgetIsNonNegativeAndZeroForRandomGarbage() {
        Fixture f = Fixture.deep();
        Random r = new Random(812);
        long[][][] polys = new long[2][f.maxLevel() + 1][f.n];
        for (int c = 0; c < 2; c++) {
            for (int l = 0; l <= f.maxLevel(); l++) {
                long q = f.ctx.ring().modulus(l).value();
                for (int i = 0; i < f.n; i++) {
                    polys[c][l][i] = Math.floorMod(r.nextLong(), q);
                }
            }
        }
        Ciphertext garbage = new Ciphertext(f.params.fingerprint(), polys, f.maxLevel(), 1, null);
        assertEquals(0, f.dec.noiseBudget(garbage));
        assertThrows(NoiseBudgetExhaustedException.class, () -> f.dec.decryptChecked(garbage));
    }
}

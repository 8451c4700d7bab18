package io.smile.he.bgv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.ring.Sampler;
import io.smile.he.rlwe.KeySwitcher;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hoisted rotations ({@link Evaluator#rotateRowsMany}, {@link Evaluator#applyGaloisMany}: one
 * decomposition of c1 for all rotations of a ciphertext) against the reference path, one
 * {@link Evaluator#applyGalois} per rotation, and against the plain model.
 *
 * <p>Two small insecure rings with a Galois key for every step of a row (and the row swap): one
 * with 40-45-bit primes and one special prime, one with a ciphertext prime more than twice the
 * special primes (the reducing path of the digit extension) and two special primes.
 *
 * <p>Noise bound (the derivation the noise tests check). A key switch of d from s' to s with the
 * digits D_i (|D_i| &lt; q_i; the hoisted digits are the signed permutations sigma(D_i), with the
 * same bound) and the key b_i = -a_i*s + t*e_i + P*g_i*s' leaves, before the division by P,
 * x0 + x1*s = t*E + P*s'*d with E = sum_i D_i*e_i, so ||E|| &le; N * B_e * sum_{i&le;level} q_i
 * (B_e = {@link Sampler#GAUSSIAN_BOUND}). The division subtracts delta_c = t*[x_c*t^-1]_P, summed
 * over the k special primes without a final reduction, so 0 &le; delta_c &lt; k*t*P, and divides by
 * P: the switched pair has phase s'*d + E_ks with ||E_ks|| &le; B_ks = t*(N*B_e*sum q_i/P + k*(N+1))
 * (the s in delta_1*s costs the factor N). An automorphism permutes the phase's coefficients
 * with signs, so the rotated phase is sigma(phase) + E_ks and its norm is at most the input's
 * plus B_ks, for the hoisted path as for the reference one; and the difference of the two
 * results has phase E_ks,hoisted - E_ks,reference, at most 2*B_ks. Hoisting adds no noise beyond
 * one key switch per rotation.
 */
class HoistedRotationTest {
    private static Fixture standard;
    private static Fixture reducing;

    private static synchronized Fixture standard() {
        if (standard == null) {
            BgvParameters p = BgvParameters.builder().degree(256).plainModulus(65537).ciphertextPrimeBits(45, 40, 40, 40)
                    .specialPrimeBits(50).allowInsecureForTestsOnly().build();
            standard = new Fixture(p, 2, 31, (kg, sk) -> everyStep(kg, sk, 128));
        }
        return standard;
    }

    private static synchronized Fixture reducing() {
        if (reducing == null) {
            BgvParameters p = BgvParameters.builder().degree(128).plainModulus(65537).ciphertextPrimeBits(58, 27, 27)
                    .specialPrimeBits(30, 29).allowInsecureForTestsOnly().build();
            reducing = new Fixture(p, 1, 32, (kg, sk) -> everyStep(kg, sk, 64));
        }
        return reducing;
    }

    private static EvaluationKeys everyStep(BgvKeyGenerator kg, io.smile.he.rlwe.SecretKey sk, int half) {
        int[] steps = new int[half];
        for (int i = 0; i < half; i++) {
            steps[i] = i;
        }
        return kg.evaluationKeys(sk, steps, true);
    }

    private static int[] everyStepOfARow(Fixture f) {
        int[] steps = new int[f.half];
        for (int i = 0; i < f.half; i++) {
            steps[i] = i;
        }
        return steps;
    }

    @Test
    void everyStepOfARowAtEveryLevelEqualsOneByOneRotation() {
        for (Fixture f : new Fixture[] {standard(), reducing()}) {
            PlainModel m = f.model();
            Random r = new Random(700);
            int[] steps = everyStepOfARow(f);
            for (int level = f.maxLevel(); level >= 0; level--) {
                long[] x = m.randomModT(r, f.n);
                Ciphertext a = f.encrypt(x, r.nextBoolean(), level);
                long[][][] before = Fixture.snapshot(a);
                List<Ciphertext> hoisted = f.ev.rotateRowsMany(a, steps);
                assertEquals(steps.length, hoisted.size());
                for (int i = 0; i < steps.length; i++) {
                    String what = f.params.degree() + "/level " + level + "/step " + steps[i];
                    Ciphertext h = hoisted.get(i);
                    assertEquals(level, h.level(), what);
                    long[] expected = m.rotate(x, steps[i]);
                    f.assertDecrypts(expected, h, "hoisted " + what);
                    assertArrayEquals(f.decrypt(f.ev.rotateRows(a, steps[i])), f.decrypt(h), "one by one " + what);
                }
                Fixture.assertSameComponents(before, a, "input modified");
            }
        }
    }

    @Test
    void edgeCaseInputsAndNegativeAndLargeSteps() {
        Fixture f = standard();
        PlainModel m = f.model();
        Random r = new Random(701);
        int h = f.half;
        int[] steps = {1, -1, h - 1, -(h - 1), h + 3, -h - 5, 2 * h, Integer.MAX_VALUE, Integer.MIN_VALUE, 77};
        for (PlainModel.Case c : m.cases(r)) {
            int level = r.nextInt(f.maxLevel() + 1);
            Ciphertext a = f.encrypt(c.values, r.nextBoolean(), level);
            List<Ciphertext> out = f.ev.rotateRowsMany(a, steps);
            for (int i = 0; i < steps.length; i++) {
                f.assertDecrypts(m.rotate(c.values, steps[i]), out.get(i), c + " step " + steps[i] + " level " + level);
            }
        }
    }

    @Test
    void rowSwapAndRotationsShareOneDecomposition() {
        Fixture f = standard();
        PlainModel m = f.model();
        Random r = new Random(702);
        long[] x = m.randomModT(r, f.n);
        Ciphertext a = f.encrypt(x);
        long swap = f.ctx.rowSwapElement();
        long[] elements = {f.ctx.rotationElement(5), swap, f.ctx.rotationElement(f.half - 1), 1};
        List<Ciphertext> out = f.ev.applyGaloisMany(a, elements);
        f.assertDecrypts(m.rotate(x, 5), out.get(0), "rotate 5");
        f.assertDecrypts(m.swapRows(x), out.get(1), "row swap");
        f.assertDecrypts(m.rotate(x, -1), out.get(2), "rotate -1");
        assertSame(a, out.get(3), "the identity element returns the input");
        // swap then rotate by hoisting again, on the swapped ciphertext
        f.assertDecrypts(m.rotate(m.swapRows(x), 9), f.ev.rotateRowsMany(out.get(1), new int[] {9}).get(0), "swap, then 9");
    }

    @Test
    void stepZeroDuplicatesAndTheEmptyList() {
        Fixture f = standard();
        PlainModel m = f.model();
        Random r = new Random(703);
        long[] x = m.randomModT(r, f.n);
        Ciphertext a = f.encrypt(x);
        assertTrue(f.ev.rotateRowsMany(a, new int[0]).isEmpty());
        List<Ciphertext> out = f.ev.rotateRowsMany(a, new int[] {0, 3, 3, f.half, 3 - f.half, 0});
        assertSame(a, out.get(0), "step 0 is the input");
        assertSame(a, out.get(3), "step N/2 is a full turn");
        assertSame(out.get(1), out.get(2), "a repeated step is computed once");
        assertSame(out.get(1), out.get(4), "the same element by another step");
        f.assertDecrypts(m.rotate(x, 3), out.get(1), "step 3");
        Fixture.assertSameComponents(Fixture.snapshot(f.ev.rotateRows(a, 3)), out.get(1), "one distinct step is the plain rotation");
        f.assertDecrypts(m.full(x), out.get(5), "step 0");
    }

    @Test
    void composedStepsMixWithHoistedOnes() {
        // the deep fixture holds power-of-two keys only: 4 and 64 are hoisted, 3 and 100 composed
        Fixture f = Fixture.deep();
        PlainModel m = f.model();
        Random r = new Random(704);
        long[] x = m.randomModT(r, f.n);
        Ciphertext a = f.encrypt(x, false, 2);
        int[] steps = {4, 3, 64, 100, -1};
        List<Ciphertext> out = f.ev.rotateRowsMany(a, steps);
        for (int i = 0; i < steps.length; i++) {
            f.assertDecrypts(m.rotate(x, steps[i]), out.get(i), "step " + steps[i]);
        }
    }

    @Test
    void missingKeysAndBadInputsAreRefusedByName() {
        Fixture f = Fixture.deep();
        BgvKeyGenerator kg = new BgvKeyGenerator(f.ctx);
        Evaluator only5 = new Evaluator(f.ctx, kg.evaluationKeys(f.sk, new int[] {5}, false));
        Ciphertext a = f.encrypt(new long[] {1, 2, 3});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> only5.rotateRowsMany(a, new int[] {5, 3}));
        assertTrue(e.getMessage().contains("rotation by 3"), e.getMessage());
        IllegalStateException swap = assertThrows(IllegalStateException.class,
                () -> only5.applyGaloisMany(a, new long[] {f.ctx.rotationElement(5), f.ctx.rowSwapElement()}));
        assertTrue(swap.getMessage().contains(Long.toString(f.ctx.rowSwapElement())), swap.getMessage());
        Evaluator none = new Evaluator(f.ctx, null);
        assertThrows(IllegalStateException.class, () -> none.rotateRowsMany(a, new int[] {1}));
        assertSame(a, none.rotateRowsMany(a, new int[] {0}).get(0), "step 0 needs no key");
        IllegalArgumentException even = assertThrows(IllegalArgumentException.class, () -> f.ev.applyGaloisMany(a, new long[] {4}));
        assertTrue(even.getMessage().contains("odd"), even.getMessage());
        assertThrows(IllegalArgumentException.class, () -> f.ev.applyGaloisMany(a, new long[] {2L * f.n + 1}));
        assertThrows(NullPointerException.class, () -> f.ev.rotateRowsMany(a, null));
        Ciphertext size3 = f.ev.multiplyNoRelin(a, a);
        IllegalArgumentException relin = assertThrows(IllegalArgumentException.class, () -> f.ev.rotateRowsMany(size3, new int[] {1}));
        assertTrue(relin.getMessage().contains("relinearize"), relin.getMessage());
        Fixture other = standard();
        assertThrows(IllegalArgumentException.class, () -> other.ev.rotateRowsMany(a, new int[] {1}), "another parameter set");
    }

    @Test
    void identityPermutationIsBitIdenticalToTheReferenceKeySwitch() {
        for (Fixture f : new Fixture[] {standard(), reducing()}) {
            Random r = new Random(705);
            KeySwitcher ks = f.ctx.keySwitcher();
            io.smile.he.rlwe.KeySwitchKey key = f.keys.galois().get(f.ctx.rotationElement(1));
            for (int level = f.maxLevel(); level >= 0; level--) {
                Ciphertext a = f.encrypt(f.model().randomModT(r, f.n), true, level);
                long[][][] reference = ks.switchKey(a.component(1), level, key);
                long[][][] hoisted = ks.switchKeyHoisted(ks.decompose(a.component(1), level), null, key);
                for (int c = 0; c < 2; c++) {
                    for (int row = 0; row <= level; row++) {
                        assertArrayEquals(reference[c][row], hoisted[c][row], "level " + level + " component " + c + " row " + row);
                    }
                }
            }
        }
    }

    @Test
    void noiseOfHoistedRotationsIsBoundedByOneKeySwitch() {
        for (Fixture f : new Fixture[] {standard(), reducing()}) {
            PlainModel m = f.model();
            Random r = new Random(706);
            int[] steps = {1, 2, 7, f.half / 2 + 1, f.half - 1};
            for (int level = f.maxLevel(); level >= 0; level--) {
                BigInteger bound = keySwitchNoiseBound(f, level);
                for (int trial = 0; trial < 2; trial++) {
                    Ciphertext a = f.encrypt(m.randomModT(r, f.n), r.nextBoolean(), level);
                    BigInteger input = f.dec.phaseNorm(a);
                    List<Ciphertext> hoisted = f.ev.rotateRowsMany(a, steps);
                    for (int i = 0; i < steps.length; i++) {
                        String what = f.params.degree() + "/level " + level + "/step " + steps[i];
                        Ciphertext h = hoisted.get(i);
                        Ciphertext ref = f.ev.rotateRows(a, steps[i]);
                        BigInteger nh = f.dec.phaseNorm(h);
                        BigInteger nr = f.dec.phaseNorm(ref);
                        assertTrue(nh.compareTo(input.add(bound)) <= 0, what + ": hoisted phase " + nh + " > input " + input + " + B_ks " + bound);
                        assertTrue(nr.compareTo(input.add(bound)) <= 0, what + ": reference phase " + nr + " > input + B_ks");
                        BigInteger diff = f.dec.phaseNorm(f.ev.sub(h, ref));
                        assertTrue(diff.compareTo(bound.shiftLeft(1)) <= 0, what + ": hoisted - reference noise " + diff + " > 2 B_ks " + bound);
                        assertEquals(BigInteger.ZERO, diff.mod(BigInteger.valueOf(f.t)), what + ": the difference is t times a noise");
                    }
                }
            }
        }
    }

    @Test
    void compactKeysGiveBitIdenticalHoistedRotations() {
        Fixture f = standard();
        java.util.Map<Long, io.smile.he.rlwe.KeySwitchKey> compact = new java.util.TreeMap<>();
        for (java.util.Map.Entry<Long, io.smile.he.rlwe.KeySwitchKey> e : f.keys.galois().entrySet()) {
            io.smile.he.rlwe.KeySwitchKey k = e.getValue();
            long[][][] b = new long[k.digits()][][];
            for (int i = 0; i < b.length; i++) {
                b[i] = k.b(i);
            }
            compact.put(e.getKey(), io.smile.he.rlwe.KeySwitchKey.compact(f.ctx.ring(), b, k.seed()));
        }
        Evaluator held = new Evaluator(f.ctx, new EvaluationKeys(f.keys.fingerprint(), f.keys.relinearization(), compact));
        Random r = new Random(707);
        int[] steps = {1, 9, 64, f.half - 1};
        for (int level : new int[] {f.maxLevel(), 0}) {
            Ciphertext a = f.encrypt(f.model().randomModT(r, f.n), true, level);
            List<Ciphertext> eager = f.ev.rotateRowsMany(a, steps);
            List<Ciphertext> fromSeed = held.rotateRowsMany(a, steps);
            for (int i = 0; i < steps.length; i++) {
                Fixture.assertSameComponents(Fixture.snapshot(eager.get(i)), fromSeed.get(i), "compact, step " + steps[i]);
            }
        }
    }

    @Test
    void concurrentCallersShareTheEvaluator() throws Exception {
        Fixture f = standard();
        PlainModel m = f.model();
        int[] steps = {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 127};
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> jobs = new java.util.ArrayList<>();
            for (int job = 0; job < 8; job++) {
                long seed = 710 + job;
                jobs.add(pool.submit(() -> {
                    Random r = new Random(seed);
                    long[] x = m.randomModT(r, f.n);
                    Ciphertext a = f.encrypt(x, true, r.nextInt(f.maxLevel() + 1));
                    List<Ciphertext> out = f.ev.rotateRowsMany(a, steps);
                    for (int i = 0; i < steps.length; i++) {
                        f.assertDecrypts(m.rotate(x, steps[i]), out.get(i), "job " + seed + " step " + steps[i]);
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> j : jobs) {
                j.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** B_ks = t*(N*B_e*sum_{i<=level} q_i/P + k*(N+1)), rounded up (class comment). */
    private static BigInteger keySwitchNoiseBound(Fixture f, int level) {
        BigInteger sumQ = BigInteger.ZERO;
        for (int i = 0; i <= level; i++) {
            sumQ = sumQ.add(BigInteger.valueOf(f.params.ciphertextPrimes()[i]));
        }
        BigInteger p = BigInteger.ONE;
        for (long pk : f.params.specialPrimes()) {
            p = p.multiply(BigInteger.valueOf(pk));
        }
        BigInteger n = BigInteger.valueOf(f.n);
        BigInteger e = n.multiply(BigInteger.valueOf(Sampler.GAUSSIAN_BOUND)).multiply(sumQ);
        BigInteger eOverP = e.add(p).subtract(BigInteger.ONE).divide(p);
        BigInteger k = BigInteger.valueOf(f.params.specialPrimes().length);
        return BigInteger.valueOf(f.t).multiply(eOverP.add(k.multiply(n.add(BigInteger.ONE))));
    }
}

package io.smile.he.bgv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Additive operations and multiplications by plaintexts/scalars against the plain model, on edge
 * cases and random vectors, at every level from the top down to level 0.
 */
class ArithmeticTest {
    private final Fixture f = Fixture.deep();
    private final PlainModel m = f.model();

    /** Runs body(level, case, partner, i) for every level and input case; inputs are checked unmodified. */
    private void forAllLevelsAndCases(long seed, CaseBody body) {
        Random r = new Random(seed);
        for (int level = f.maxLevel(); level >= 0; level--) {
            List<PlainModel.Case> cases = m.cases(r);
            for (int extra = 0; extra < PlainModel.heTries(); extra++) {
                cases.add(new PlainModel.Case("random " + extra, m.randomModT(r, f.n)));
            }
            int i = 0;
            for (PlainModel.Case c : cases) {
                long[] partner = i % 3 == 0 ? m.random(r, r.nextInt(f.n) + 1, 20) : m.randomModT(r, f.n);
                Ciphertext a = f.encrypt(c.values, i % 2 == 0, level);
                Ciphertext b = f.encrypt(partner, i % 2 != 0, level);
                long[][][] sa = Fixture.snapshot(a);
                long[][][] sb = Fixture.snapshot(b);
                body.run(level, c, partner, a, b, r, "level " + level + ", " + c.name);
                Fixture.assertSameComponents(sa, a, "input a modified");
                Fixture.assertSameComponents(sb, b, "input b modified");
                i++;
            }
        }
    }

    interface CaseBody {
        void run(int level, PlainModel.Case c, long[] partner, Ciphertext a, Ciphertext b, Random r, String what);
    }

    @Test
    void addSubNegate() {
        forAllLevelsAndCases(300, (level, c, p, a, b, r, what) -> {
            Ciphertext sum = f.ev.add(a, b);
            assertEquals(level, sum.level());
            f.assertDecrypts(m.add(c.values, p), sum, "add " + what);
            f.assertDecrypts(m.add(p, c.values), f.ev.add(b, a), "add commuted " + what);
            f.assertDecrypts(m.sub(c.values, p), f.ev.sub(a, b), "sub " + what);
            f.assertDecrypts(m.sub(p, c.values), f.ev.sub(b, a), "sub reversed " + what);
            f.assertDecrypts(m.neg(c.values), f.ev.negate(a), "negate " + what);
            f.assertDecrypts(new long[f.n], f.ev.sub(a, a), "a - a " + what);
            f.assertDecrypts(new long[f.n], f.ev.add(a, f.ev.negate(a)), "a + (-a) " + what);
            f.assertDecrypts(m.full(c.values), f.ev.negate(f.ev.negate(a)), "--a " + what);
        });
    }

    @Test
    void addPlainSubPlainAddScalar() {
        forAllLevelsAndCases(301, (level, c, p, a, b, r, what) -> {
            Plaintext pp = f.encode(p);
            f.assertDecrypts(m.add(c.values, p), f.ev.addPlain(a, pp), "addPlain " + what);
            f.assertDecrypts(m.sub(c.values, p), f.ev.subPlain(a, pp), "subPlain " + what);
            long h = (f.t - 1) / 2;
            long[] scalars = {0, 1, -1, f.t - 1, h, -h, f.t, r.nextLong(), Long.MIN_VALUE};
            long s = scalars[r.nextInt(scalars.length)];
            f.assertDecrypts(m.addScalar(c.values, s), f.ev.addScalar(a, s), "addScalar " + s + " " + what);
        });
    }

    @Test
    void addScalarAllEdgeConstants() {
        long h = (f.t - 1) / 2;
        long[] x = m.randomModT(new Random(302), f.n);
        for (int level : new int[] {f.maxLevel(), 0}) {
            Ciphertext a = f.encrypt(x, true, level);
            for (long s : new long[] {0, 1, -1, f.t - 1, h, -h, h + 1, f.t, -f.t, 2 * f.t + 3, Long.MAX_VALUE, Long.MIN_VALUE}) {
                f.assertDecrypts(m.addScalar(x, s), f.ev.addScalar(a, s), "addScalar " + s + " at " + level);
            }
        }
    }

    @Test
    void multiplyScalarIncludingZeroOneAndTMinusOne() {
        long h = (f.t - 1) / 2;
        long[] scalars = {0, 1, f.t - 1, -1, 2, h, -h, h + 1, f.t, f.t + 1, Long.MAX_VALUE, Long.MIN_VALUE};
        forAllLevelsAndCases(303, (level, c, p, a, b, r, what) -> {
            long s = r.nextInt(3) == 0 ? r.nextLong() : scalars[r.nextInt(scalars.length)];
            f.assertDecrypts(m.scale(c.values, s), f.ev.multiplyScalar(a, s), "multiplyScalar " + s + " " + what);
        });
        long[] x = m.randomModT(new Random(304), f.n);
        for (int level = f.maxLevel(); level >= 0; level--) {
            Ciphertext a = f.encrypt(x, false, level);
            for (long s : scalars) {
                f.assertDecrypts(m.scale(x, s), f.ev.multiplyScalar(a, s), "multiplyScalar " + s + " at " + level);
            }
        }
    }

    /**
     * Plaintext multiplication. A plaintext with arbitrary slots has coefficients of size ~t, so the
     * product's noise grows by ~ t*sqrt(N): more than a fresh level-0 ciphertext can take with
     * q_0 = 45 bits and t = 17 bits. Level 0 is therefore checked with constant plaintexts (whose
     * polynomial is the constant), the other levels with arbitrary ones.
     */
    @Test
    void multiplyPlainAndPreparedPlaintexts() {
        forAllLevelsAndCases(305, (level, c, p, a, b, r, what) -> {
            if (level == 0) {
                long k = m.centre(r.nextLong());
                Plaintext constant = f.encoder.encodeConstant(k);
                f.assertDecrypts(m.scale(c.values, k), f.ev.multiplyPlain(a, constant), "multiplyPlain constant " + what);
                return;
            }
            Plaintext pp = f.encode(p);
            long[] expected = m.mul(c.values, p);
            f.assertDecrypts(expected, f.ev.multiplyPlain(a, pp), "multiplyPlain " + what);
            Evaluator.PreparedPlaintext prepared = f.ev.prepare(pp, level);
            assertEquals(level, prepared.level());
            f.assertDecrypts(expected, f.ev.multiplyPlain(a, prepared), "prepared " + what);
            // prepared once at the top level, used for a ciphertext at a lower level
            f.assertDecrypts(expected, f.ev.multiplyPlain(a, f.ev.prepare(pp, f.maxLevel())), "prepared at top " + what);
        });
    }

    @Test
    void preparedPlaintextReuseAndMisuse() {
        Random r = new Random(306);
        long[] w = m.randomModT(r, f.n);
        Evaluator.PreparedPlaintext prepared = f.ev.prepare(f.encode(w), f.maxLevel());
        for (int i = 0; i < 3; i++) {
            long[] x = m.random(r, f.n, 1000);
            f.assertDecrypts(m.mul(x, w), f.ev.multiplyPlain(f.encrypt(x), prepared), "reuse " + i);
        }
        Evaluator.PreparedPlaintext low = f.ev.prepare(f.encode(w), 1);
        Ciphertext top = f.encrypt(w);
        assertThrows(IllegalArgumentException.class, () -> f.ev.multiplyPlain(top, low));
        Plaintext foreign = new Plaintext(new long[f.n], f.params.fingerprint() ^ 7);
        assertThrows(IllegalArgumentException.class, () -> f.ev.prepare(foreign, 1));
        assertThrows(IllegalArgumentException.class, () -> f.ev.addPlain(top, foreign));
        assertThrows(IllegalArgumentException.class, () -> f.ev.subPlain(top, foreign));
    }

    @Test
    void multiplyPlainByZeroOneAndMinusOne() {
        long[] x = m.randomModT(new Random(307), f.n);
        Ciphertext a = f.encrypt(x, true, 2);
        f.assertDecrypts(new long[f.n], f.ev.multiplyPlain(a, f.encode(new long[0])), "times zero plaintext");
        f.assertDecrypts(m.full(x), f.ev.multiplyPlain(a, f.encode(m.constant(f.n, 1))), "times ones");
        f.assertDecrypts(m.neg(x), f.ev.multiplyPlain(a, f.encode(m.constant(f.n, f.t - 1))), "times t-1");
        long[] mask = new long[f.n];
        for (int i = 0; i < f.n; i += 3) {
            mask[i] = 1;
        }
        f.assertDecrypts(m.mul(x, mask), f.ev.multiplyPlain(a, f.encode(mask)), "masking");
    }

    @Test
    void sumsOfManyCiphertexts() {
        Random r = new Random(308);
        long[] expected = new long[f.n];
        Ciphertext acc = null;
        for (int i = 0; i < 40; i++) {
            long[] x = m.randomModT(r, f.n);
            expected = m.add(expected, x);
            Ciphertext c = f.encrypt(x, i % 2 == 0, 0);
            acc = acc == null ? c : f.ev.add(acc, c);
        }
        f.assertDecrypts(expected, acc, "sum of 40 level-0 ciphertexts");
    }
}

package io.smile.he.bgv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** A representative subset of the operations on the secure preset N8192_DEPTH3. */
class SecurePresetTest {
    private final Fixture f = Fixture.secure();
    private final PlainModel m = f.model();

    @Test
    void presetIsSecure() {
        assertFalse(f.params.isInsecure());
        assertEquals(8192, f.n);
    }

    @Test
    void encryptDecryptAtEveryLevel() {
        Random r = new Random(900);
        for (int level = f.maxLevel(); level >= 0; level--) {
            for (PlainModel.Case c : m.cases(r)) {
                if (r.nextInt(3) != 0 && level != f.maxLevel()) {
                    continue;
                }
                f.assertDecrypts(m.full(c.values), f.encrypt(c.values, r.nextBoolean(), level), "level " + level + " " + c);
            }
        }
    }

    @Test
    void arithmeticAndMultiplication() {
        Random r = new Random(901);
        for (int level = f.maxLevel(); level >= 1; level--) {
            long[] x = m.randomModT(r, f.n);
            long[] y = m.random(r, r.nextInt(f.n) + 1, 1000);
            Ciphertext a = f.encrypt(x, true, level);
            Ciphertext b = f.encrypt(y, false, level);
            String at = " at level " + level;
            f.assertDecrypts(m.add(x, y), f.ev.add(a, b), "add" + at);
            f.assertDecrypts(m.sub(x, y), f.ev.sub(a, b), "sub" + at);
            f.assertDecrypts(m.neg(x), f.ev.negate(a), "negate" + at);
            f.assertDecrypts(m.add(x, y), f.ev.addPlain(a, f.encode(y)), "addPlain" + at);
            f.assertDecrypts(m.addScalar(x, -5), f.ev.addScalar(a, -5), "addScalar" + at);
            f.assertDecrypts(m.mul(x, y), f.ev.multiplyPlain(a, f.encode(y)), "multiplyPlain" + at);
            f.assertDecrypts(m.scale(x, f.t - 1), f.ev.multiplyScalar(a, f.t - 1), "multiplyScalar" + at);
            Ciphertext prod = f.ev.multiply(a, b);
            f.assertDecrypts(m.mul(x, y), prod, "multiply" + at);
            f.assertDecrypts(m.mul(x, y), f.ev.modSwitchToLowest(prod), "multiply then lowest" + at);
            f.assertDecrypts(m.mul(x, x), f.ev.modSwitch(f.ev.square(a)), "square then switch" + at);
            f.assertDecrypts(m.mul(x, y), f.ev.multiplyNoRelin(a, b), "size 3" + at);
        }
        // operands at different levels
        long[] x = m.randomModT(r, f.n);
        long[] y = m.randomModT(r, f.n);
        Ciphertext a = f.encrypt(x);
        Ciphertext b = f.encrypt(y, false, 1);
        f.assertDecrypts(m.mul(x, y), f.ev.multiply(a, b), "mixed levels");
    }

    @Test
    void rotationsAndSums() {
        Random r = new Random(902);
        long[] x = m.randomModT(r, f.n);
        Ciphertext a = f.encrypt(x);
        for (int step : new int[] {0, 1, -1, 3, f.half - 1, r.nextInt(f.half), -r.nextInt(f.half)}) {
            f.assertDecrypts(m.rotate(x, step), f.ev.rotateRows(a, step), "rotate " + step);
        }
        f.assertDecrypts(m.swapRows(x), f.ev.swapRows(a), "swap");
        f.assertDecrypts(m.sumAll(x), f.ev.sumSlots(a), "sumSlots");
        f.assertDecrypts(m.sumWindows(x, 8), f.ev.sumBlocks(a, 3), "sumBlocks 8");
        Ciphertext low = f.ev.modSwitchToLowest(a);
        f.assertDecrypts(m.rotate(x, 5), f.ev.rotateRows(low, 5), "rotate at level 0");
    }

    @Test
    void polynomialsUpToTheDepth() {
        Random r = new Random(903);
        for (long[] coeffs : new long[][] {{4}, {-3, 2}, {1, -7, 0, 5}, {2, 0, -1, 3, 0, 1, -4, 9}}) {
            long[] x = m.random(r, f.n, 200);
            f.assertDecrypts(m.polynomial(x, coeffs), f.ev.evaluatePolynomial(f.encrypt(x), coeffs),
                    "degree " + (coeffs.length - 1));
        }
    }
}

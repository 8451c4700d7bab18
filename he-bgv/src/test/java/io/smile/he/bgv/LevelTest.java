package io.smile.he.bgv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Modulus switching and operations on operands at different levels, with the default chain
 * (primes 1 mod t: the plaintext factor stays 1) and with a chain whose primes are not 1 mod t
 * (every switch multiplies the plaintext by q^-1 mod t and the factor must be tracked).
 */
class LevelTest {
    private static void modSwitchKeepsDecryption(Fixture f) {
        PlainModel m = f.model();
        Random r = new Random(500 + f.params.degree());
        for (PlainModel.Case c : m.cases(r)) {
            Ciphertext ct = f.encrypt(c.values, c.name.length() % 2 == 0, f.maxLevel());
            long[] expected = m.full(c.values);
            for (int level = f.maxLevel(); level > 0; level--) {
                Ciphertext next = f.ev.modSwitch(ct);
                assertEquals(level - 1, next.level());
                assertEquals(level, next.component(0).length);
                f.assertDecrypts(expected, next, "modSwitch to " + (level - 1) + " " + c);
                ct = next;
            }
            Ciphertext finalCt = ct;
            assertThrows(IllegalArgumentException.class, () -> f.ev.modSwitch(finalCt));
        }
        long[] x = m.randomModT(r, f.n);
        Ciphertext top = f.encrypt(x);
        for (int target = f.maxLevel(); target >= 0; target--) {
            Ciphertext s = f.ev.modSwitchTo(top, target);
            assertEquals(target, s.level());
            f.assertDecrypts(m.full(x), s, "modSwitchTo " + target);
            for (int lower = target; lower >= 0; lower--) {
                assertEquals(lower, f.ev.modSwitchTo(s, lower).level());
            }
            int tooHigh = target + 1;
            assertThrows(IllegalArgumentException.class, () -> f.ev.modSwitchTo(s, tooHigh));
        }
        assertSame(top, f.ev.modSwitchTo(top, top.level()));
        assertThrows(IllegalArgumentException.class, () -> f.ev.modSwitchTo(top, -1));
        Ciphertext lowest = f.ev.modSwitchToLowest(top);
        assertEquals(0, lowest.level());
        f.assertDecrypts(m.full(x), lowest, "lowest");
        assertEquals(0, f.ev.modSwitchToLowest(lowest).level());
    }

    @Test
    void modSwitchKeepsDecryptionDefaultChain() {
        modSwitchKeepsDecryption(Fixture.deep());
    }

    @Test
    void modSwitchKeepsDecryptionWithPlaintextFactor() {
        Fixture f = Fixture.factor();
        modSwitchKeepsDecryption(f);
        Ciphertext c = f.ev.modSwitch(f.encrypt(new long[] {1}));
        assertNotEquals(1, c.factor(), "q_L is not 1 mod t, so the factor changes");
        long expected = new io.smile.he.ring.Modulus(f.t).inv(f.params.ciphertextPrimes()[f.maxLevel()] % f.t);
        assertEquals(expected, c.factor(), "factor = q_L^-1 mod t");
    }

    @Test
    void defaultChainKeepsFactorOne() {
        Fixture f = Fixture.deep();
        for (long q : f.params.ciphertextPrimes()) {
            assertEquals(1, q % f.t, "builder picks chain primes = 1 mod t when possible");
        }
        Ciphertext c = f.ev.modSwitchToLowest(f.encrypt(new long[] {1}));
        assertEquals(1, c.factor());
    }

    private static void mixedLevels(Fixture f) {
        PlainModel m = f.model();
        Random r = new Random(501);
        for (int la = f.maxLevel(); la >= 0; la--) {
            for (int lb = f.maxLevel(); lb >= 0; lb--) {
                long[] x = m.randomModT(r, f.n);
                long[] y = m.randomModT(r, f.n);
                // reach the levels by switching down from the top so factors differ where possible
                Ciphertext a = f.ev.modSwitchTo(f.encrypt(x, true, f.maxLevel()), la);
                Ciphertext b = la == lb ? f.encrypt(y, false, lb) : f.ev.modSwitchTo(f.encrypt(y, false, f.maxLevel()), lb);
                String what = "levels " + la + "/" + lb;
                int low = Math.min(la, lb);
                Ciphertext sum = f.ev.add(a, b);
                assertEquals(low, sum.level());
                f.assertDecrypts(m.add(x, y), sum, "add " + what);
                f.assertDecrypts(m.sub(x, y), f.ev.sub(a, b), "sub " + what);
                f.assertDecrypts(m.sub(y, x), f.ev.sub(b, a), "sub reversed " + what);
                if (low >= 1) {
                    Ciphertext prod = f.ev.multiply(a, b);
                    assertEquals(low, prod.level());
                    f.assertDecrypts(m.mul(x, y), prod, "multiply " + what);
                    Ciphertext tensor = f.ev.multiplyNoRelin(b, a);
                    assertEquals(low, tensor.level());
                    f.assertDecrypts(m.mul(x, y), tensor, "multiplyNoRelin " + what);
                    f.assertDecrypts(m.mul(x, y), f.ev.modSwitch(prod), "multiply then switch " + what);
                }
            }
        }
    }

    @Test
    void operandsAtDifferentLevelsAreAlignedDefaultChain() {
        mixedLevels(Fixture.deep());
    }

    @Test
    void operandsAtDifferentLevelsAreAlignedWithPlaintextFactor() {
        mixedLevels(Fixture.factor());
    }

    @Test
    void plainOperationsAndRotationsOnCiphertextsWithAFactor() {
        Fixture f = Fixture.factor();
        PlainModel m = f.model();
        Random r = new Random(502);
        long[] x = m.randomModT(r, f.n);
        long[] y = m.randomModT(r, f.n);
        for (int level = f.maxLevel() - 1; level >= 0; level--) {
            Ciphertext a = f.ev.modSwitchTo(f.encrypt(x), level);
            assertNotEquals(1, a.factor());
            String what = " at level " + level + " factor " + a.factor();
            f.assertDecrypts(m.add(x, y), f.ev.addPlain(a, f.encode(y)), "addPlain" + what);
            f.assertDecrypts(m.sub(x, y), f.ev.subPlain(a, f.encode(y)), "subPlain" + what);
            f.assertDecrypts(m.addScalar(x, -17), f.ev.addScalar(a, -17), "addScalar" + what);
            f.assertDecrypts(m.scale(x, 99), f.ev.multiplyScalar(a, 99), "multiplyScalar" + what);
            f.assertDecrypts(m.neg(x), f.ev.negate(a), "negate" + what);
            f.assertDecrypts(m.rotate(x, 5), f.ev.rotateRows(a, 5), "rotate" + what);
            f.assertDecrypts(m.swapRows(x), f.ev.swapRows(a), "swap" + what);
            // a fresh ciphertext (factor 1) at the same level
            Ciphertext fresh = f.encrypt(y, false, level);
            f.assertDecrypts(m.add(x, y), f.ev.add(a, fresh), "add to fresh" + what);
            f.assertDecrypts(m.add(x, y), f.ev.add(fresh, a), "fresh + switched" + what);
            if (level >= 1) {
                f.assertDecrypts(m.mul(x, y), f.ev.multiplyPlain(a, f.encode(y)), "multiplyPlain" + what);
                f.assertDecrypts(m.mul(x, y), f.ev.multiply(a, fresh), "multiply" + what);
                f.assertDecrypts(m.mul(x, x), f.ev.modSwitch(f.ev.square(a)), "square then switch" + what);
            }
        }
    }
}

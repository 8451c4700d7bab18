package io.smile.he.bgv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** evaluatePolynomial against Horner's rule mod t, for several degrees and starting levels. */
class PolynomialTest {
    private final Fixture f = Fixture.deep();
    private final PlainModel m = f.model();

    private long[] coefficients(Random r, int degree) {
        long[] c = new long[degree + 1];
        long h = (f.t - 1) / 2;
        for (int i = 0; i <= degree; i++) {
            switch (r.nextInt(4)) {
                case 0: c[i] = r.nextInt(21) - 10; break;
                case 1: c[i] = -(r.nextInt((int) h) + 1); break; // negative
                case 2: c[i] = r.nextLong(); break; // any long, reduced mod t
                default: c[i] = r.nextBoolean() ? h : -h;
            }
        }
        if (m.reduce(c[degree]) == 0) {
            c[degree] = 1;
        }
        return c;
    }

    private static int levelsNeeded(int degree) {
        return degree <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(degree - 1);
    }

    @Test
    void degreesZeroToSevenFromEveryUsableLevel() {
        Random r = new Random(700);
        for (int degree : new int[] {0, 1, 2, 3, 4, 5, 7, 8}) {
            for (int level = f.maxLevel(); level >= levelsNeeded(degree); level--) {
                if (level < f.maxLevel() && level > levelsNeeded(degree) && level % 2 == 1) {
                    continue; // keep the runtime down: top, lowest usable, and even levels
                }
                long[] coeffs = coefficients(r, degree);
                long[] x = r.nextBoolean() ? m.randomModT(r, f.n) : m.random(r, r.nextInt(f.n) + 1, 5);
                Ciphertext ct = f.encrypt(x, r.nextBoolean(), level);
                Ciphertext y = f.ev.evaluatePolynomial(ct, coeffs);
                assertTrue(y.level() >= level - levelsNeeded(degree), "degree " + degree + " used too many levels");
                f.assertDecrypts(m.polynomial(x, coeffs), y, "degree " + degree + " from level " + level
                        + " coefficients " + java.util.Arrays.toString(coeffs));
            }
        }
    }

    @Test
    void edgeInputsAndCoefficients() {
        Random r = new Random(701);
        long[][] coefficientSets = {
            {0}, {f.t - 1}, {5, 0, 0, 0}, {0, 1}, {0, 0, 1}, {1, -1, 1, -1, 1, -1, 1, -1},
            {f.t, 2 * f.t, 3}, // leading coefficient 3, the others 0 mod t
            {-3, 0, 0, f.t} // a leading coefficient = 0 mod t lowers the degree
        };
        for (long[] coeffs : coefficientSets) {
            for (PlainModel.Case c : m.cases(r)) {
                if (r.nextInt(3) != 0) {
                    continue;
                }
                Ciphertext ct = f.encrypt(c.values, true, f.maxLevel());
                f.assertDecrypts(m.polynomial(c.values, coeffs), f.ev.evaluatePolynomial(ct, coeffs),
                        java.util.Arrays.toString(coeffs) + " on " + c);
            }
        }
        Ciphertext ct = f.encrypt(new long[] {1});
        assertEquals(ct.level(), f.ev.evaluatePolynomial(ct, new long[] {7}).level(), "a constant costs no level");
        assertThrows(IllegalArgumentException.class, () -> f.ev.evaluatePolynomial(ct, new long[0]));
    }

    @Test
    void polynomialOnCiphertextsWithAFactor() {
        Fixture g = Fixture.factor();
        PlainModel pm = g.model();
        Random r = new Random(702);
        for (int degree : new int[] {2, 3, 5}) {
            long[] coeffs = coefficients(r, degree);
            long[] x = pm.randomModT(r, g.n);
            Ciphertext ct = g.ev.modSwitch(g.encrypt(x)); // factor != 1
            g.assertDecrypts(pm.polynomial(x, coeffs), g.ev.evaluatePolynomial(ct, coeffs), "degree " + degree);
        }
    }
}

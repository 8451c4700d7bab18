package io.smile.he.bgv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Ciphertext multiplication, squaring, the size-3 tensor product and relinearization against the
 * plain model. A ciphertext product needs about twice the fresh noise in bits (~50 bits here),
 * more than q_0 = 45 bits holds, so products are formed at levels L..1 (as in any BGV circuit:
 * multiply, then switch down) and also decrypted after switching down to level 0.
 */
class MultiplicationTest {
    private final Fixture f = Fixture.deep();
    private final PlainModel m = f.model();

    @Test
    void multiplySquareAndTensorProductAtEveryMultiplicativeLevel() {
        Random r = new Random(400);
        for (int level = f.maxLevel(); level >= 1; level--) {
            List<PlainModel.Case> cases = m.cases(r);
            for (int extra = 0; extra < PlainModel.heTries(); extra++) {
                cases.add(new PlainModel.Case("random " + extra, m.randomModT(r, f.n)));
            }
            int i = 0;
            for (PlainModel.Case c : cases) {
                long[] p = i % 2 == 0 ? m.randomModT(r, f.n) : m.random(r, r.nextInt(f.n) + 1, 100);
                Ciphertext a = f.encrypt(c.values, i % 2 == 0, level);
                Ciphertext b = f.encrypt(p, i % 3 == 0, level);
                long[][][] sa = Fixture.snapshot(a);
                String what = "level " + level + ", " + c.name;
                long[] ab = m.mul(c.values, p);

                Ciphertext prod = f.ev.multiply(a, b);
                assertEquals(2, prod.size());
                assertEquals(level, prod.level());
                f.assertDecrypts(ab, prod, "multiply " + what);
                f.assertDecrypts(ab, f.ev.modSwitchToLowest(prod), "multiply then lowest " + what);

                Ciphertext sq = f.ev.square(a);
                f.assertDecrypts(m.mul(c.values, c.values), sq, "square " + what);
                f.assertDecrypts(m.mul(c.values, c.values), f.ev.multiply(a, f.encrypt(c.values, true, level)),
                        "a * enc(a) " + what);

                Ciphertext tensor = f.ev.multiplyNoRelin(a, b);
                assertEquals(3, tensor.size());
                assertEquals(level, tensor.level());
                f.assertDecrypts(ab, tensor, "size-3 decrypt " + what);
                Ciphertext relin = f.ev.relinearize(tensor);
                assertEquals(2, relin.size());
                f.assertDecrypts(ab, relin, "relinearize " + what);
                Fixture.assertSameComponents(sa, a, "input modified");
                i++;
            }
        }
    }

    @Test
    void productsOfEdgeValues() {
        long h = (f.t - 1) / 2;
        long[][] vectors = {m.constant(f.n, f.t - 1), m.constant(f.n, h), m.constant(f.n, -h), new long[f.n], m.constant(f.n, 1)};
        for (long[] x : vectors) {
            for (long[] y : vectors) {
                Ciphertext a = f.encrypt(x, true, 1);
                Ciphertext b = f.encrypt(y, false, 1);
                f.assertDecrypts(m.mul(x, y), f.ev.multiply(a, b), "edge product " + x[0] + " * " + y[0]);
            }
        }
    }

    @Test
    void sizeThreeCiphertextsCombineWithOthers() {
        Random r = new Random(401);
        long[] x = m.randomModT(r, f.n);
        long[] y = m.randomModT(r, f.n);
        long[] z = m.randomModT(r, f.n);
        Ciphertext a = f.encrypt(x, true, 3);
        Ciphertext b = f.encrypt(y, true, 3);
        Ciphertext c = f.encrypt(z, false, 3);
        Ciphertext t3 = f.ev.multiplyNoRelin(a, b);
        long[] xy = m.mul(x, y);
        f.assertDecrypts(m.add(xy, z), f.ev.add(t3, c), "size 3 + size 2");
        f.assertDecrypts(m.add(z, xy), f.ev.add(c, t3), "size 2 + size 3");
        f.assertDecrypts(m.sub(xy, z), f.ev.sub(t3, c), "size 3 - size 2");
        f.assertDecrypts(m.sub(z, xy), f.ev.sub(c, t3), "size 2 - size 3");
        f.assertDecrypts(m.add(xy, xy), f.ev.add(t3, t3), "size 3 + size 3");
        f.assertDecrypts(m.neg(xy), f.ev.negate(t3), "negate size 3");
        f.assertDecrypts(m.scale(xy, 12345), f.ev.multiplyScalar(t3, 12345), "scalar times size 3");
        f.assertDecrypts(m.add(xy, z), f.ev.addPlain(t3, f.encode(z)), "size 3 + plain");
        f.assertDecrypts(m.mul(xy, z), f.ev.multiplyPlain(t3, f.encode(z)), "size 3 * plain");
        Ciphertext switched = f.ev.modSwitch(t3);
        assertEquals(3, switched.size());
        f.assertDecrypts(xy, switched, "mod-switched size 3");
        f.assertDecrypts(xy, f.ev.relinearize(switched), "relinearized after switching");
        // a size-3 operand must be relinearized before another product or a rotation
        assertThrows(IllegalArgumentException.class, () -> f.ev.multiply(t3, c));
        assertThrows(IllegalArgumentException.class, () -> f.ev.multiplyNoRelin(c, t3));
        assertThrows(IllegalArgumentException.class, () -> f.ev.rotateRows(t3, 1));
        assertThrows(IllegalArgumentException.class, () -> f.ev.swapRows(t3));
    }

    @Test
    void tensorComponentsArePlainPointwiseProducts() {
        // the evaluator uses Karatsuba for the middle term; compare with four plain products
        Random r = new Random(403);
        io.smile.he.ring.RingContext ring = f.ctx.ring();
        for (int level = f.maxLevel(); level >= 0; level--) {
            int[] idx = ring.qIndices(level);
            Ciphertext a = f.encrypt(m.randomModT(r, f.n), true, level);
            Ciphertext b = f.encrypt(m.randomModT(r, f.n), false, level);
            for (Ciphertext[] pair : new Ciphertext[][] {{a, b}, {a, a}}) {
                Ciphertext x = pair[0];
                Ciphertext y = pair[1];
                long[][] d0 = new long[level + 1][f.n];
                long[][] d1 = new long[level + 1][f.n];
                long[][] d2 = new long[level + 1][f.n];
                io.smile.he.ring.RnsOps.mul(ring, x.component(0), y.component(0), d0, idx);
                io.smile.he.ring.RnsOps.mul(ring, x.component(0), y.component(1), d1, idx);
                io.smile.he.ring.RnsOps.mulAdd(ring, x.component(1), y.component(0), d1, idx);
                io.smile.he.ring.RnsOps.mul(ring, x.component(1), y.component(1), d2, idx);
                Ciphertext t3 = f.ev.multiplyNoRelin(x, y);
                Fixture.assertSameComponents(new long[][][] {d0, d1, d2}, t3, "tensor at level " + level + (x == y ? " (square)" : ""));
            }
        }
    }

    @Test
    void relinearizeOfASizeTwoCiphertextIsTheIdentity() {
        Ciphertext a = f.encrypt(new long[] {1, 2, 3});
        assertSame(a, f.ev.relinearize(a));
    }

    @Test
    void productChainsAndAlgebraicIdentities() {
        Random r = new Random(402);
        long[] x = m.random(r, f.n, 30);
        long[] y = m.random(r, f.n, 30);
        long[] z = m.random(r, f.n, 30);
        Ciphertext a = f.encrypt(x);
        Ciphertext b = f.encrypt(y);
        Ciphertext c = f.encrypt(z);
        // (x*y)*z at level L-1 after one switch, then * x again
        Ciphertext xy = f.ev.modSwitch(f.ev.multiply(a, b));
        Ciphertext xyz = f.ev.modSwitch(f.ev.multiply(xy, c)); // c is switched down automatically
        assertEquals(f.maxLevel() - 2, xyz.level());
        f.assertDecrypts(m.mul(m.mul(x, y), z), xyz, "(x*y)*z");
        Ciphertext xyzx = f.ev.modSwitch(f.ev.multiply(xyz, a));
        f.assertDecrypts(m.mul(m.mul(m.mul(x, y), z), x), xyzx, "((x*y)*z)*x");
        // distributivity: x*(y+z) = x*y + x*z
        Ciphertext lhs = f.ev.multiply(a, f.ev.add(b, c));
        Ciphertext rhs = f.ev.add(f.ev.multiply(a, b), f.ev.multiply(a, c));
        long[] expected = m.mul(x, m.add(y, z));
        f.assertDecrypts(expected, lhs, "x*(y+z)");
        f.assertDecrypts(expected, rhs, "x*y + x*z");
        // commutativity
        f.assertDecrypts(m.mul(x, y), f.ev.multiply(b, a), "y*x");
    }

    @Test
    void evaluatorWithoutKeysRefusesKeySwitching() {
        Evaluator plainOnly = new Evaluator(f.ctx, null);
        Ciphertext a = f.encrypt(new long[] {2, 3});
        Ciphertext t3 = plainOnly.multiplyNoRelin(a, a);
        f.assertDecrypts(m.full(new long[] {4, 9}), t3, "tensor product works without keys");
        f.assertDecrypts(m.full(new long[] {4, 6}), plainOnly.add(a, a), "additions work without keys");
        assertThrows(IllegalStateException.class, () -> plainOnly.relinearize(t3));
        assertThrows(IllegalStateException.class, () -> plainOnly.multiply(a, a));
        assertThrows(IllegalStateException.class, () -> plainOnly.rotateRows(a, 1));
        assertThrows(IllegalStateException.class, () -> plainOnly.swapRows(a));
        EvaluationKeys noRelin = new EvaluationKeys(f.params.fingerprint(), null, Map.of());
        assertThrows(IllegalStateException.class, () -> new Evaluator(f.ctx, noRelin).square(a));
        assertTrue(plainOnly.context() == f.ctx);
    }
}

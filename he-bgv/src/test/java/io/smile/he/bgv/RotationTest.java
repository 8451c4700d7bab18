package io.smile.he.bgv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Row rotations, row swap and slot sums against the plain model. The shared fixture has Galois
 * keys for the power-of-two steps only, so any other step goes through composition.
 */
class RotationTest {
    private final Fixture f = Fixture.deep();
    private final PlainModel m = f.model();

    private List<Integer> steps(Random r) {
        int h = f.half;
        List<Integer> s = new ArrayList<>(List.of(0, 1, 2, 3, 5, 7, 64, 100, h / 2, h - 1, h, h + 1, 2 * h - 1,
                -1, -2, -3, -(h - 1), -h, -h - 5, Integer.MAX_VALUE, Integer.MIN_VALUE));
        for (int i = 0; i < PlainModel.heTries(); i++) {
            s.add(r.nextInt(4 * h) - 2 * h);
        }
        return s;
    }

    @Test
    void rotateRowsByManyStepsIncludingComposedOnes() {
        Random r = new Random(600);
        long[] x = m.randomModT(r, f.n);
        Ciphertext a = f.encrypt(x);
        long[][][] sa = Fixture.snapshot(a);
        for (int step : steps(r)) {
            Ciphertext rot = f.ev.rotateRows(a, step);
            assertEquals(a.level(), rot.level());
            f.assertDecrypts(m.rotate(x, step), rot, "rotate by " + step);
        }
        Fixture.assertSameComponents(sa, a, "input modified");
        assertSame(a, f.ev.rotateRows(a, 0), "rotation by 0 is the identity");
    }

    @Test
    void rotationsAtEveryLevelOnEdgeCases() {
        Random r = new Random(601);
        for (int level = f.maxLevel(); level >= 0; level--) {
            for (PlainModel.Case c : m.cases(r)) {
                Ciphertext a = f.encrypt(c.values, r.nextBoolean(), level);
                int step = r.nextInt(f.half);
                String what = "level " + level + " " + c + " step " + step;
                f.assertDecrypts(m.rotate(c.values, step), f.ev.rotateRows(a, step), "rotate " + what);
                f.assertDecrypts(m.rotate(c.values, -step), f.ev.rotateRows(a, -step), "rotate back " + what);
                f.assertDecrypts(m.swapRows(c.values), f.ev.swapRows(a), "swapRows " + what);
            }
        }
    }

    @Test
    void rotationsCompose() {
        Random r = new Random(602);
        long[] x = m.randomModT(r, f.n);
        Ciphertext a = f.encrypt(x, false, 2);
        Ciphertext twice = f.ev.rotateRows(f.ev.rotateRows(a, 3), 10);
        f.assertDecrypts(m.rotate(x, 13), twice, "3 then 10");
        Ciphertext roundTrip = f.ev.rotateRows(f.ev.rotateRows(a, 77), -77);
        f.assertDecrypts(m.full(x), roundTrip, "77 then -77");
        f.assertDecrypts(m.full(x), f.ev.swapRows(f.ev.swapRows(a)), "swap twice");
        f.assertDecrypts(m.swapRows(m.rotate(x, 9)), f.ev.rotateRows(f.ev.swapRows(a), 9), "swap then rotate");
        // rotations commute with additions and products
        long[] y = m.randomModT(r, f.n);
        Ciphertext b = f.encrypt(y, true, 2);
        f.assertDecrypts(m.rotate(m.mul(x, y), 6), f.ev.rotateRows(f.ev.multiply(a, b), 6), "rotate(product)");
        f.assertDecrypts(m.mul(m.rotate(x, 6), m.rotate(y, 6)),
                f.ev.multiply(f.ev.rotateRows(a, 6), f.ev.rotateRows(b, 6)), "product of rotations");
    }

    @Test
    void directKeysAndMissingKeys() {
        BgvKeyGenerator kg = new BgvKeyGenerator(f.ctx);
        // a key for step 5 only (no power-of-two keys) and no row swap
        EvaluationKeys only5 = kg.evaluationKeys(f.sk, new int[] {5, 0, f.half}, false);
        assertEquals(1, only5.galois().size(), "steps 0 and N/2 need no key");
        Evaluator ev = new Evaluator(f.ctx, only5);
        Random r = new Random(603);
        long[] x = m.randomModT(r, f.n);
        Ciphertext a = f.encrypt(x);
        f.assertDecrypts(m.rotate(x, 5), ev.rotateRows(a, 5), "direct key");
        f.assertDecrypts(m.rotate(x, 5), ev.rotateRows(a, 5 - f.half), "same element, negative step");
        f.assertDecrypts(m.full(x), ev.rotateRows(a, f.half), "N/2 is a full turn");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ev.rotateRows(a, 3));
        assertTrue(e.getMessage().contains("3"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> ev.swapRows(a));
        assertThrows(IllegalStateException.class, () -> ev.sumSlots(a));
        assertThrows(IllegalStateException.class, () -> ev.applyGalois(a, 7));
        // the applyGalois entry point with an explicit element
        long g = f.ctx.rotationElement(4);
        f.assertDecrypts(m.rotate(x, 4), f.ev.applyGalois(a, g), "applyGalois(3^4)");
    }

    @Test
    void sumSlots() {
        Random r = new Random(604);
        for (int level : new int[] {f.maxLevel(), 1, 0}) {
            for (PlainModel.Case c : m.cases(r)) {
                Ciphertext a = f.encrypt(c.values, r.nextBoolean(), level);
                f.assertDecrypts(m.sumAll(c.values), f.ev.sumSlots(a), "sumSlots level " + level + " " + c);
            }
        }
    }

    @Test
    void sumBlocksForSeveralBlockSizes() {
        Random r = new Random(605);
        int maxLog = Integer.numberOfTrailingZeros(f.half);
        for (int logBlock : new int[] {0, 1, 2, 3, 4, 5, 7, maxLog - 1, maxLog}) {
            int block = 1 << logBlock;
            for (long[] x : new long[][] {m.randomModT(r, f.n), m.random(r, f.n, 3), m.constant(f.n, f.t - 1),
                    m.random(r, block + 1, 1000)}) {
                Ciphertext a = f.encrypt(x, r.nextBoolean(), r.nextInt(f.maxLevel() + 1));
                Ciphertext s = f.ev.sumBlocks(a, logBlock);
                long[] d = f.encoder.decode(f.dec.decryptChecked(s));
                // the first slot of every block holds the block sum ...
                long[] full = m.full(x);
                for (int start = 0; start < f.n; start += block) {
                    long sum = 0;
                    for (int k = 0; k < block; k++) {
                        sum += full[start + k];
                    }
                    assertEquals(m.centre(sum), d[start], "block of " + block + " at " + start);
                }
                // ... and every slot the cyclic window of its row, as documented
                f.assertDecrypts(m.sumWindows(x, block), s, "windows of " + block);
            }
        }
        Ciphertext a = f.encrypt(new long[] {1});
        assertThrows(IllegalArgumentException.class, () -> f.ev.sumBlocks(a, maxLog + 1));
        assertThrows(IllegalArgumentException.class, () -> f.ev.sumBlocks(a, -1));
    }

    @Test
    void innerProductViaSumBlocks() {
        Random r = new Random(606);
        int block = 16;
        long[] x = m.random(r, f.n, 100);
        long[] w = m.random(r, f.n, 100);
        Ciphertext prod = f.ev.multiplyPlain(f.encrypt(x), f.encode(w));
        long[] d = f.encoder.decode(f.dec.decrypt(f.ev.modSwitchToLowest(f.ev.sumBlocks(prod, 4))));
        for (int start = 0; start < f.n; start += block) {
            long dot = 0;
            for (int k = 0; k < block; k++) {
                dot += x[start + k] * w[start + k];
            }
            assertEquals(m.centre(dot), d[start]);
        }
    }
}

package io.smile.he.bgv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.ring.RandomSource;
import io.smile.he.rlwe.RlweEncryptor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Encryption with the public and the secret key at every level, and decryption. */
class EncryptionTest {
    private final Fixture f = Fixture.deep();
    private final PlainModel m = f.model();

    @Test
    void encryptDecryptAtEveryLevelWithBothKeys() {
        Random r = new Random(200);
        for (int level = f.maxLevel(); level >= 0; level--) {
            int i = 0;
            for (PlainModel.Case c : m.cases(r)) {
                boolean publicKey = (i++ % 2 == 0) ^ (level % 2 == 0);
                for (boolean pk : new boolean[] {publicKey, !publicKey}) {
                    Ciphertext ct = f.encrypt(c.values, pk, level);
                    assertEquals(level, ct.level());
                    assertEquals(2, ct.size());
                    assertEquals(1, ct.factor());
                    assertEquals(level + 1, ct.component(0).length);
                    f.assertDecrypts(m.full(c.values), ct, (pk ? "pk" : "sk") + " level " + level + " " + c);
                    assertArrayEquals(m.full(c.values), f.encoder.decode(f.dec.decrypt(ct)));
                }
            }
        }
    }

    @Test
    void defaultLevelIsTheTop() {
        long[] v = {1, 2, 3};
        assertEquals(f.maxLevel(), f.encPk.encrypt(f.encode(v)).level());
        assertEquals(f.maxLevel(), f.encSk.encrypt(f.encode(v)).level());
    }

    @Test
    void secretKeyCiphertextsAreSeededAndPublicKeyOnesAreNot() {
        long[] v = m.randomModT(new Random(201), f.n);
        for (int level = 0; level <= f.maxLevel(); level++) {
            Ciphertext s = f.encrypt(v, false, level);
            assertTrue(s.isSeeded());
            long[][] a = f.ctx.ring().uniformFromSeed(s.seed(), RlweEncryptor.CIPHERTEXT_DOMAIN, f.ctx.ring().qIndices(level));
            for (int row = 0; row <= level; row++) {
                assertArrayEquals(a[row], s.component(1)[row], "c1 expands from the seed");
            }
            Ciphertext p = f.encrypt(v, true, level);
            assertFalse(p.isSeeded());
            assertNull(p.seed());
        }
        // evaluator results carry no seed (c1 is no longer the expansion)
        Ciphertext s = f.encrypt(v, false, 2);
        assertFalse(f.ev.addScalar(s, 1).isSeeded());
    }

    @Test
    void encryptionIsRandomized() {
        long[] v = {5, -5, 7};
        Ciphertext a = f.encrypt(v, true, 1);
        Ciphertext b = f.encrypt(v, true, 1);
        assertFalse(Arrays.equals(a.component(0)[0], b.component(0)[0]));
        Ciphertext c = f.encrypt(v, false, 1);
        Ciphertext d = f.encrypt(v, false, 1);
        assertFalse(Arrays.equals(c.seed(), d.seed()));
        assertFalse(Arrays.equals(c.component(0)[0], d.component(0)[0]));
    }

    @Test
    void encryptionsOfZero() {
        long[] zeros = new long[f.n];
        for (int level = 0; level <= f.maxLevel(); level++) {
            f.assertDecrypts(zeros, f.encPk.encryptZero(level), "pk zero at " + level);
            f.assertDecrypts(zeros, f.encSk.encryptZero(level), "sk zero at " + level);
            Ciphertext flooded = f.encPk.encryptZeroFlooded(level, 10);
            f.assertDecrypts(zeros, flooded, "flooded zero at " + level);
        }
        // flooding hides a result's noise: adding it to a product keeps the value, lowers the budget
        Ciphertext x = f.encrypt(new long[] {3, 4}, true, f.maxLevel());
        // flooding width 2^36: ~53 bits of noise instead of ~27
        Ciphertext flooded = f.ev.add(x, f.encPk.encryptZeroFlooded(f.maxLevel(), 36));
        f.assertDecrypts(m.full(new long[] {3, 4}), flooded, "flooded sum");
        assertTrue(f.dec.noiseBudget(flooded) < f.dec.noiseBudget(x) - 20, "flood noise dominates");
        assertThrows(IllegalStateException.class, () -> f.encSk.encryptZeroFlooded(1, 100));
        assertThrows(IllegalArgumentException.class, () -> f.encPk.encryptZeroFlooded(1, 0));
        assertThrows(IllegalArgumentException.class, () -> f.encPk.encryptZeroFlooded(1, -5));
    }

    @Test
    void invalidLevelsAndForeignPlaintextsAreRejected() {
        Plaintext p = f.encode(new long[] {1});
        assertThrows(IllegalArgumentException.class, () -> f.encPk.encrypt(p, -1));
        assertThrows(IllegalArgumentException.class, () -> f.encPk.encrypt(p, f.maxLevel() + 1));
        assertThrows(IllegalArgumentException.class, () -> f.encSk.encrypt(p, f.maxLevel() + 1));
        Plaintext foreign = new Plaintext(new long[f.n], f.params.fingerprint() + 1);
        assertThrows(IllegalArgumentException.class, () -> f.encPk.encrypt(foreign));
        assertThrows(IllegalArgumentException.class, () -> f.encSk.encrypt(foreign));
    }

    @Test
    void ciphertextsOfAnotherParameterSetAreRejected() {
        Fixture other = Fixture.factor();
        Ciphertext foreign = other.encrypt(new long[] {1, 2});
        assertThrows(IllegalArgumentException.class, () -> f.dec.decrypt(foreign));
        assertThrows(IllegalArgumentException.class, () -> f.dec.noiseBudget(foreign));
        assertThrows(IllegalArgumentException.class, () -> f.ev.negate(foreign));
        Ciphertext mine = f.encrypt(new long[] {1, 2});
        assertThrows(IllegalArgumentException.class, () -> f.ev.add(mine, foreign));
        assertThrows(IllegalArgumentException.class, () -> f.ev.multiply(foreign, mine));
        assertThrows(IllegalArgumentException.class, () -> f.ev.addPlain(mine, other.encode(new long[] {1})));
        assertThrows(IllegalArgumentException.class, () -> f.ev.multiplyPlain(mine, other.encode(new long[] {1})));
        assertThrows(IllegalArgumentException.class, () -> new Evaluator(f.ctx, other.keys));
    }

    @Test
    void ciphertextConstructorValidatesShape() {
        long[][] limb = new long[2][f.n];
        assertThrows(IllegalArgumentException.class, () -> new Ciphertext(0, new long[][][] {limb}, 1, 1, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Ciphertext(0, new long[][][] {limb, limb, limb, limb}, 1, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new Ciphertext(0, new long[][][] {limb, limb}, 2, 1, null));
        Ciphertext ok = new Ciphertext(0, new long[][][] {limb, limb}, 1, 1, new byte[32]);
        assertTrue(ok.isSeeded());
        byte[] seed = ok.seed();
        seed[0] = 1;
        assertEquals(0, ok.seed()[0], "seed is copied");
        assertFalse(ok.toString().contains(Long.toString(limb[0][0]) + ","), ok.toString());
    }

    @Test
    void freshNoiseBudgetIsPositiveAndSecretKeyNoiseIsSmaller() {
        for (int level = 0; level <= f.maxLevel(); level++) {
            Ciphertext p = f.encrypt(new long[] {1}, true, level);
            Ciphertext s = f.encrypt(new long[] {1}, false, level);
            int bp = f.dec.noiseBudget(p);
            int bs = f.dec.noiseBudget(s);
            assertTrue(bp > 0 && bs > 0);
            assertTrue(bs >= bp, "secret-key encryption has less noise: " + bs + " vs " + bp);
        }
    }

    @Test
    void deterministicContextsProduceIdenticalCiphertexts() {
        BgvParameters p = Fixture.deepParameters();
        long[] v = m.randomModT(new Random(202), f.n);
        Ciphertext[] out = new Ciphertext[2];
        for (int k = 0; k < 2; k++) {
            try (BgvContext ctx = BgvContext.create(p, 1, RandomSource.deterministicForTestsOnly(99))) {
                BgvKeyGenerator kg = new BgvKeyGenerator(ctx);
                var sk = kg.secretKey();
                out[k] = Encryptor.withPublicKey(ctx, kg.publicKey(sk)).encrypt(ctx.encoder().encode(v));
            }
        }
        Fixture.assertSameComponents(Fixture.snapshot(out[0]), out[1], "same seed, same ciphertext");
    }
}

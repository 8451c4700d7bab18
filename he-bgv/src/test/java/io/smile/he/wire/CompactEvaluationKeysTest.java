package io.smile.he.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.bgv.BatchEncoder;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Decryptor;
import io.smile.he.bgv.Encryptor;
import io.smile.he.bgv.EvaluationKeys;
import io.smile.he.bgv.Evaluator;
import io.smile.he.rlwe.ExpandedKeyCache;
import io.smile.he.rlwe.KeySwitchKey;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Decoded evaluation keys are held compact (b rows + seed) and compute exactly what the eager
 * keys they were encoded from compute: rotations, row swaps and relinearization at every level,
 * with the shared cache at its default, tiny and off; the wire bytes are unchanged. A tampered
 * key is refused where the format can tell (a coefficient not below its prime) and otherwise is
 * another key, whose results do not decrypt (the registration's signature covers the bytes).
 */
class CompactEvaluationKeysTest {
    private static final int N = 2048;
    private static WireFixture f;
    private static BatchEncoder be;
    private static Decryptor dec;

    @BeforeAll
    static void setUp() {
        BgvParameters p = WireFixture.explicitPrimes(N, 65537, new int[] {50, 40, 40, 40}, new int[] {58});
        f = new WireFixture(p, 21, new int[] {1, 5, -3}, true);
        be = f.ctx.encoder();
        dec = new Decryptor(f.ctx, f.sk);
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    @AfterEach
    void restoreSharedCache() {
        ExpandedKeyCache.shared().setCapacityBytes(ExpandedKeyCache.DEFAULT_CAPACITY_BYTES);
    }

    private static long[] randomSlots(Random r) {
        long[] v = new long[N];
        for (int i = 0; i < N; i++) {
            v[i] = r.nextInt(301) - 150;
        }
        return v;
    }

    private static void assertSameCiphertext(Ciphertext expected, Ciphertext actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": size");
        assertEquals(expected.level(), actual.level(), what + ": level");
        for (int c = 0; c < expected.size(); c++) {
            for (int i = 0; i < expected.component(c).length; i++) {
                assertArrayEquals(expected.component(c)[i], actual.component(c)[i], what + ": component " + c + " limb " + i);
            }
        }
    }

    @Test
    void decodedKeysAreCompactAndComputeBitIdenticallyAtEveryLevel() {
        byte[] bytes = f.ser.writeEvaluationKeys(f.ek);
        EvaluationKeys compact = f.ser.readEvaluationKeys(bytes);
        assertTrue(compact.relinearization().isCompact());
        for (KeySwitchKey k : compact.galois().values()) {
            assertTrue(k.isCompact());
        }
        assertFalse(f.ek.relinearization().isCompact());
        assertArrayEquals(bytes, f.ser.writeEvaluationKeys(compact), "the wire bytes do not change");

        Evaluator eager = new Evaluator(f.ctx, f.ek);
        Evaluator held = new Evaluator(f.ctx, compact);
        long rowBytes = 8L * N + 160;
        Random r = new Random(22);
        for (long cap : new long[] {ExpandedKeyCache.DEFAULT_CAPACITY_BYTES, 3 * rowBytes, 0}) {
            ExpandedKeyCache.shared().setCapacityBytes(cap);
            for (int level = f.params.maxLevel(); level >= 0; level--) {
                long[] a = randomSlots(r);
                long[] b = randomSlots(r);
                Ciphertext ca = Encryptor.withSecretKey(f.ctx, f.sk).encrypt(be.encode(a), level);
                Ciphertext cb = Encryptor.withPublicKey(f.ctx, f.pk).encrypt(be.encode(b), level);
                String at = "cap " + cap + ", level " + level;
                assertSameCiphertext(eager.rotateRows(ca, 1), held.rotateRows(ca, 1), at + ": rotate 1");
                assertSameCiphertext(eager.rotateRows(cb, -3), held.rotateRows(cb, -3), at + ": rotate -3");
                assertSameCiphertext(eager.swapRows(ca), held.swapRows(ca), at + ": swap rows");
                Ciphertext three = eager.multiplyNoRelin(ca, cb);
                Ciphertext relinHeld = held.relinearize(three);
                assertSameCiphertext(eager.relinearize(three), relinHeld, at + ": relinearize");
                if (level == f.params.maxLevel()) {
                    long[] prod = be.decode(dec.decryptChecked(relinHeld));
                    for (int i = 0; i < N; i++) {
                        assertEquals(a[i] * b[i], prod[i], at + ": product slot " + i);
                    }
                }
            }
            assertTrue(ExpandedKeyCache.shared().sizeBytes() <= cap);
        }
    }

    /** Offset of Galois key {@code which}'s seed, and of its digits, in an evaluation-key encoding. */
    private static int galoisKeyOffset(int which) {
        long keyBytes = f.ser.keySwitchKeyBytes();
        return (int) (BgvSerializer.EVALUATION_KEYS_FIXED_BYTES + keyBytes + which * (4 + keyBytes) + 4);
    }

    @Test
    void aCoefficientOfAHeldRowNotBelowItsPrimeIsRefused() {
        byte[] bytes = f.ser.writeEvaluationKeys(f.ek);
        // the first coefficient of digit 0, limb 0 of the first Galois key: all ones is >= q_0
        int at = galoisKeyOffset(0) + BgvSerializer.SEED_BYTES;
        byte[] bad = bytes.clone();
        bad[at] = (byte) 0xff;
        bad[at + 1] = (byte) 0xff;
        bad[at + 2] = (byte) 0xff;
        bad[at + 3] = (byte) 0xff;
        bad[at + 4] = (byte) 0xff;
        bad[at + 5] = (byte) 0xff;
        bad[at + 6] = (byte) (bad[at + 6] | 0xc0);
        WireFormatException e = assertThrows(WireFormatException.class, () -> f.ser.readEvaluationKeys(bad));
        assertTrue(e.getMessage().contains("not below its prime"), e.getMessage());
    }

    @Test
    void aTamperedSeedIsAnotherKeyWhoseRotationsDoNotDecrypt() {
        byte[] bytes = f.ser.writeEvaluationKeys(f.ek);
        byte[] bad = bytes.clone();
        bad[galoisKeyOffset(0)] ^= 1;
        EvaluationKeys tampered = f.ser.readEvaluationKeys(bad);
        Map.Entry<Long, KeySwitchKey> first = f.ek.galois().entrySet().iterator().next();
        KeySwitchKey held = tampered.galois().get(first.getKey());
        assertTrue(held.isCompact());
        assertFalse(java.util.Arrays.equals(first.getValue().seed(), held.seed()), "the decoded key holds the wire's seed");
        assertFalse(java.util.Arrays.equals(first.getValue().a(0)[0], held.a(0)[0]), "and expands it, not the original");
        // the format cannot tell (a seed is any 32 bytes); the key is not the edge's: results are garbage
        Ciphertext ct = Encryptor.withPublicKey(f.ctx, f.pk).encrypt(be.encode(randomSlots(new Random(23))));
        long g = first.getKey();
        Ciphertext rotated = new Evaluator(f.ctx, tampered).applyGalois(ct, g);
        long[] good = be.decode(dec.decrypt(new Evaluator(f.ctx, f.ek).applyGalois(ct, g)));
        assertNotEquals(java.util.Arrays.toString(good), java.util.Arrays.toString(be.decode(dec.decrypt(rotated))));
        assertEquals(0, dec.noiseBudget(rotated), "no noise budget left: the decryption check catches it");
        assertFalse(java.util.Arrays.equals(bytes, f.ser.writeEvaluationKeys(tampered)), "re-encodes as the tampered bytes");
        assertArrayEquals(bad, f.ser.writeEvaluationKeys(tampered));
    }
}

package io.smile.he.bgv.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeException;
import io.smile.he.api.HeFormatException;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeParameterSpec;
import io.smile.he.api.HeSession;
import io.smile.he.ring.RandomSource;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API across a byte boundary: an edge session and a separate cloud session that share
 * nothing but bytes (parameters, public key, evaluation keys, ciphertexts), plus the local key
 * store round trip and the rejection of bad bytes.
 */
class BgvBackendSerializationTest {
    private static final int TRIES = Integer.getInteger("smile.tries", 60);

    private static HeSession edge;
    private static HeKeyOwner owner;
    private static HeSession cloud;
    private static HeEvaluator cloudEv;
    private static int n;
    private static long t;

    @BeforeAll
    static void setUp() {
        BgvBackend backend = (BgvBackend) HeBackend.byName(BgvBackend.NAME);
        edge = backend.open(BgvBackendTest.TEST_SPEC, RandomSource.deterministicForTestsOnly(31));
        owner = edge.generateKeys();
        byte[] params = edge.exportParameters();
        cloud = backend.open(HeParameterSpec.serialized(params).withThreads(2).allowingInsecureForTestsOnly(),
                RandomSource.deterministicForTestsOnly(32));
        cloudEv = cloud.evaluator(owner.exportPublicKey(), owner.exportEvaluationKeys());
        n = edge.slotCount();
        t = edge.plainModulus();
    }

    @AfterAll
    static void tearDown() {
        owner.close();
        edge.close();
        cloud.close();
    }

    private static long[] randomSlots(Random r, int length) {
        long[] v = new long[length];
        for (int i = 0; i < length; i++) {
            v[i] = r.nextInt((int) t) - t / 2;
        }
        return v;
    }

    private static long[] padded(long[] v) {
        long[] out = new long[n];
        for (int i = 0; i < v.length; i++) {
            out[i] = BgvBackendTest.centred(v[i], t);
        }
        return out;
    }

    @Test
    void parametersTravelExactly() {
        assertEquals(edge.parameterFingerprint(), cloud.parameterFingerprint());
        assertEquals(edge.maxLevel(), cloud.maxLevel());
        assertEquals(edge.slotCount(), cloud.slotCount());
        assertArrayEquals(edge.exportParameters(), cloud.exportParameters());
        // insecure parameters are refused unless the receiving side allows them too
        assertThrows(HeException.class, () -> new BgvBackend().open(HeParameterSpec.serialized(edge.exportParameters())));
        try (HeSession preset = new BgvBackend().open(HeParameterSpec.preset("N4096_DEPTH1").withThreads(1));
             HeSession copy = new BgvBackend().open(HeParameterSpec.serialized(preset.exportParameters()).withThreads(1))) {
            assertEquals(preset.parameterFingerprint(), copy.parameterFingerprint());
            assertFalse(copy.isInsecure());
        }
    }

    @Test
    void ciphertextsRoundTripAtEveryLevel() {
        Random r = new Random(1);
        for (int k = 0; k < TRIES; k++) {
            long[] v = randomSlots(r, r.nextInt(n + 1));
            int level = r.nextInt(edge.maxLevel() + 1);
            HeCiphertext x = owner.encrypt(v, level);
            HeCiphertext evaluated = k % 2 == 0 ? x : owner.localEvaluator().addScalar(x, 0);
            HeCiphertext back = cloud.readCiphertext(evaluated.serialize());
            assertEquals(level, back.level());
            assertEquals(edge.parameterFingerprint(), back.parameterFingerprint());
            assertArrayEquals(padded(v), owner.decrypt(edge.readCiphertext(back.serialize())), "case " + k);
        }
    }

    @Test
    void freshEncryptionsAreSeedCompressed() {
        long[] v = randomSlots(new Random(2), n);
        HeCiphertext fresh = owner.encrypt(v);
        HeCiphertext evaluated = owner.localEvaluator().addScalar(fresh, 0);
        int freshBytes = fresh.serialize().length;
        int fullBytes = evaluated.serialize().length;
        assertTrue(freshBytes < fullBytes * 6 / 10, freshBytes + " vs " + fullBytes);
        // fewer limbs at lower levels
        int previous = 0;
        for (int level = 0; level <= edge.maxLevel(); level++) {
            int size = owner.encrypt(v, level).serialize().length;
            assertTrue(size > previous, "level " + level + ": " + size + " bytes, level below: " + previous);
            previous = size;
        }
    }

    @Test
    void cloudComputesOnBytesAndTheEdgeDecrypts() {
        Random r = new Random(3);
        int cases = Math.max(3, TRIES / 10);
        for (int k = 0; k < cases; k++) {
            long[] a = randomSlots(r, n);
            long[] w = randomSlots(r, n);
            byte[] request = owner.encrypt(a).serialize();
            HeCiphertext x = cloud.readCiphertext(request);
            // inner products of each 8-slot block with the weights, squared, flooded, at level 0
            HeCiphertext y = cloudEv.sumBlocks(cloudEv.multiplyPlain(x, w), 3);
            HeCiphertext z = cloudEv.rerandomize(cloudEv.modSwitchToLowest(cloudEv.multiply(y, y)), 8);
            assertEquals(0, z.level());
            long[] got = owner.decryptChecked(edge.readCiphertext(z.serialize()));
            int row = edge.rowSize();
            for (int half = 0; half < 2; half++) {
                for (int j = 0; j < row; j += 8) {
                    long dot = 0;
                    for (int d = 0; d < 8; d++) {
                        int i = half * row + j + d;
                        dot = Math.floorMod(dot + Math.floorMod(a[i], t) * Math.floorMod(w[i], t), t);
                    }
                    long sq = BgvBackendTest.centred(dot * dot, t);
                    assertEquals(sq, got[half * row + j], "case " + k + " block " + (half * row + j));
                }
            }
        }
    }

    @Test
    void evaluatorWithoutEvaluationKeysOnlyAddsAndScales() {
        HeEvaluator weak = cloud.evaluator(owner.exportPublicKey(), null);
        HeCiphertext x = cloud.readCiphertext(owner.encrypt(new long[] {3, 4}).serialize());
        assertArrayEquals(new long[] {7, 9}, Arrays.copyOf(owner.decrypt(weak.addPlain(weak.multiplyScalar(x, 2), new long[] {1, 1})), 2));
        assertThrows(HeException.class, () -> weak.multiply(x, x));
        assertThrows(HeException.class, () -> weak.rotate(x, 1));
        assertArrayEquals(new long[] {3, 4}, Arrays.copyOf(owner.decrypt(weak.rerandomize(x, 20)), 2));
    }

    @Test
    void secretKeyStoreRoundTrip() {
        long[] v = randomSlots(new Random(4), n);
        HeCiphertext old = owner.encrypt(v);
        byte[] stored = owner.exportSecretKeyForLocalStorage();
        try (HeKeyOwner restored = edge.importSecretKey(stored)) {
            assertArrayEquals(padded(v), restored.decrypt(old));
            // new ciphertexts of the restored owner work with the cloud's existing keys
            HeCiphertext x = cloud.readCiphertext(restored.encrypt(v).serialize());
            long[] sq = new long[n];
            for (int i = 0; i < n; i++) {
                sq[i] = BgvBackendTest.centred(Math.floorMod(v[i], t) * Math.floorMod(v[i], t), t);
            }
            assertArrayEquals(sq, owner.decrypt(cloudEv.multiply(x, x)));
            // and its regenerated public material works as well
            HeEvaluator ev2 = cloud.evaluator(restored.exportPublicKey(), restored.exportEvaluationKeys());
            assertArrayEquals(padded(v), owner.decrypt(ev2.rerandomize(ev2.rotate(ev2.rotate(x, 3), -3), 20)));
        }
        // a secret key of another key owner does not decrypt these ciphertexts
        try (HeKeyOwner stranger = edge.generateKeys(new int[0]);
             HeKeyOwner copy = edge.importSecretKey(stranger.exportSecretKeyForLocalStorage())) {
            assertFalse(Arrays.equals(padded(v), copy.decrypt(old)));
        }
    }

    @Test
    void badBytesAreFormatErrors() {
        Random r = new Random(5);
        byte[] ct = owner.encrypt(new long[] {1, 2, 3}).serialize();
        byte[] pk = owner.exportPublicKey();
        byte[] sk = owner.exportSecretKeyForLocalStorage();
        byte[] params = edge.exportParameters();
        for (byte[] good : new byte[][] {ct, pk, sk, params}) {
            byte[][] bad = {new byte[0], Arrays.copyOf(good, good.length / 2), Arrays.copyOf(good, 7), randomBytes(r, good.length)};
            for (byte[] b : bad) {
                assertThrows(HeFormatException.class, () -> cloud.readCiphertext(b));
                assertThrows(HeFormatException.class, () -> cloud.evaluator(b, null));
                assertThrows(HeFormatException.class, () -> edge.importSecretKey(b));
                assertThrows(HeFormatException.class,
                        () -> new BgvBackend().open(HeParameterSpec.serialized(b).allowingInsecureForTestsOnly()));
            }
        }
        // a public key is not a ciphertext, a ciphertext is not a secret key
        assertThrows(HeFormatException.class, () -> cloud.readCiphertext(pk));
        assertThrows(HeFormatException.class, () -> edge.importSecretKey(ct));
        assertThrows(HeFormatException.class, () -> cloud.evaluator(pk, pk));
    }

    @Test
    void bytesOfAnotherParameterSetAreFormatErrors() {
        try (HeSession other = new BgvBackend().open(HeParameterSpec.explicit(4096, 65537, new int[] {45, 40}, new int[] {50})
                .withThreads(1).allowingInsecureForTestsOnly(), RandomSource.deterministicForTestsOnly(6));
             HeKeyOwner o = other.generateKeys()) {
            byte[] foreignCt = o.encrypt(new long[] {1}).serialize();
            assertThrows(HeFormatException.class, () -> cloud.readCiphertext(foreignCt));
            assertThrows(HeFormatException.class, () -> cloud.evaluator(owner.exportPublicKey(), o.exportEvaluationKeys()));
            assertThrows(HeFormatException.class, () -> cloud.evaluator(o.exportPublicKey(), null));
            assertThrows(HeFormatException.class, () -> edge.importSecretKey(o.exportSecretKeyForLocalStorage()));
        }
    }

    private static byte[] randomBytes(Random r, int length) {
        byte[] b = new byte[length];
        r.nextBytes(b);
        return b;
    }
}

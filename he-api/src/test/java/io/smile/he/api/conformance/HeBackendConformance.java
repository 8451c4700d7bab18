package io.smile.he.api.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeException;
import io.smile.he.api.HeFormatException;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeParameterSpec;
import io.smile.he.api.HePlaintext;
import io.smile.he.api.HePreset;
import io.smile.he.api.HeSecurityStandard;
import io.smile.he.api.HeSession;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every {@link HeBackend} must do, observed through the API only. A backend's test class
 * extends this and names the backend; the session (one preset, {@link #preset()}) and its keys
 * are made once per class because key generation is slow on some backends.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class HeBackendConformance {
    /** Hostile byte strings per decoder in {@link #hostileBytesGiveFormatExceptionsOnly()}. */
    protected static final int FUZZ_CASES = Integer.getInteger("smile.conformance.fuzz", 2000);

    protected HeBackend backend;
    protected HeSession session;
    protected HeKeyOwner owner;
    /** The cloud's evaluator, built from exported bytes (the real deployment path). */
    protected HeEvaluator cloud;
    protected long t;
    protected int n;
    private final Random random = new Random(20261202);

    /** The backend under test, as registered for ServiceLoader. */
    protected abstract String backendName();

    /** The preset the suite runs on; N8192_DEPTH3 keeps native context builds short. */
    protected HePreset preset() {
        return HePreset.N8192_DEPTH3;
    }

    /**
     * Ciphertext products in sequence that {@link #preset()} supports on this backend: the
     * preset's depth unless the backend documents less (its modulus chain being its own).
     */
    protected int supportedDepth() {
        return preset().depth();
    }

    @BeforeAll
    void openSession() {
        backend = HeBackend.byName(backendName());
        session = backend.open(HeParameterSpec.preset(preset().name()).withThreads(1));
        owner = session.generateKeys();
        cloud = session.evaluator(owner.exportPublicKey(), owner.exportEvaluationKeys());
        t = session.plainModulus();
        n = session.slotCount();
    }

    @AfterAll
    void closeSession() {
        if (owner != null) {
            owner.close();
        }
        if (session != null) {
            session.close();
        }
    }

    // ---------- helpers ----------

    /** Random full-slot vector with the edge values planted: 0, 1, t-1, -1, -(t/2), t/2, Long extremes. */
    protected long[] randomVector() {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextLong() % (3 * t);
        }
        long[] edges = {0, 1, t - 1, -1, -(t / 2), t / 2, t, -t, Long.MAX_VALUE, Long.MIN_VALUE};
        for (int i = 0; i < edges.length; i++) {
            v[random.nextInt(n)] = edges[i];
        }
        return v;
    }

    protected long centred(long x) {
        long r = Math.floorMod(x, t);
        return r > t / 2 ? r - t : r;
    }

    protected long[] centred(long[] v) {
        long[] out = new long[n];
        for (int i = 0; i < v.length; i++) {
            out[i] = centred(v[i]);
        }
        return out;
    }

    private long[] zip(long[] a, long[] b, java.util.function.LongBinaryOperator op) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = centred(op.applyAsLong(Math.floorMod(i < a.length ? a[i] : 0, t), Math.floorMod(i < b.length ? b[i] : 0, t)));
        }
        return out;
    }

    /** Left rotation of each row by step, as the API defines it. */
    protected long[] rotated(long[] v, int step) {
        int half = n / 2;
        long[] out = new long[n];
        for (int r = 0; r < 2; r++) {
            for (int j = 0; j < half; j++) {
                out[r * half + j] = centred(v[r * half + Math.floorMod(j + step, half)]);
            }
        }
        return out;
    }

    // ---------- encryption ----------

    @Test
    void encryptDecryptRoundTripsAtEveryLevelWithEdgeValues() {
        for (int level = session.maxLevel(); level >= 0; level--) {
            long[] v = randomVector();
            HeCiphertext c = owner.encrypt(v, level);
            assertEquals(level, c.level(), "level of a fresh encryption");
            assertEquals(session.parameterFingerprint(), c.parameterFingerprint());
            assertArrayEquals(centred(v), owner.decrypt(c), "level " + level);
            assertArrayEquals(centred(v), owner.decryptChecked(c));
        }
        // a short vector: missing slots are 0
        assertArrayEquals(centred(new long[] {5, -7, t - 1}), owner.decrypt(owner.encrypt(new long[] {5, -7, t - 1})));
        assertArrayEquals(new long[n], owner.decrypt(owner.encrypt(new long[0])));
    }

    @Test
    void twoEncryptionsOfTheSameVectorDiffer() {
        long[] v = randomVector();
        assertNotEquals(Arrays.toString(owner.encrypt(v).serialize()), Arrays.toString(owner.encrypt(v).serialize()),
                "encryption must be randomised");
    }

    // ---------- arithmetic ----------

    @Test
    void everyOperationMatchesPlaintextArithmetic() {
        long[] a = randomVector();
        long[] b = randomVector();
        HeCiphertext ca = owner.encrypt(a);
        HeCiphertext cb = owner.encrypt(b);
        assertArrayEquals(zip(a, b, (x, y) -> x + y), owner.decrypt(cloud.add(ca, cb)), "add");
        assertArrayEquals(zip(a, b, (x, y) -> x - y), owner.decrypt(cloud.sub(ca, cb)), "sub");
        assertArrayEquals(zip(a, b, (x, y) -> x + y), owner.decrypt(cloud.addPlain(ca, b)), "addPlain");
        assertArrayEquals(zip(a, b, (x, y) -> x * y % t), owner.decrypt(cloud.multiplyPlain(ca, b)), "multiplyPlain");
        HePlaintext pb = cloud.encode(b, session.maxLevel());
        assertArrayEquals(zip(a, b, (x, y) -> x * y % t), owner.decrypt(cloud.multiplyPlain(ca, pb)), "multiplyPlain(prepared)");
        for (long c : new long[] {0, 1, -1, t - 1, 12345, -(t / 2), Long.MIN_VALUE}) {
            long cm = Math.floorMod(c, t);
            assertArrayEquals(zip(a, a, (x, y) -> x + cm), owner.decrypt(cloud.addScalar(ca, c)), "addScalar " + c);
            assertArrayEquals(zip(a, a, (x, y) -> x * cm % t), owner.decrypt(cloud.multiplyScalar(ca, c)), "multiplyScalar " + c);
        }
        assertArrayEquals(zip(a, b, (x, y) -> x * y % t), owner.decrypt(cloud.multiply(ca, cb)), "multiply");
        long[] c3 = randomVector();
        long[] d3 = randomVector();
        HeCiphertext sum = cloud.multiplySum(List.of(ca, owner.encrypt(c3)), List.of(cb, owner.encrypt(d3)));
        long[] ab = zip(a, b, (x, y) -> x * y % t);
        long[] cd = zip(c3, d3, (x, y) -> x * y % t);
        assertArrayEquals(zip(ab, cd, (x, y) -> x + y), owner.decrypt(sum), "multiplySum");
    }

    @Test
    void operandsAtDifferentLevelsAreAligned() {
        long[] a = randomVector();
        long[] b = randomVector();
        HeCiphertext high = owner.encrypt(a);
        HeCiphertext low = owner.encrypt(b, 0);
        assertArrayEquals(zip(a, b, (x, y) -> x + y), owner.decrypt(cloud.add(high, low)));
        assertArrayEquals(zip(b, a, (x, y) -> x - y), owner.decrypt(cloud.sub(low, high)));
    }

    @Test
    void multiplicationChainReachesTheDeepestLevel() {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(7) - 3;
        }
        HeCiphertext c = owner.encrypt(v);
        long[] expect = centred(v);
        int before = owner.noiseBudget(c);
        // one level down per product where the chain has a level per product (the textbook BGV
        // chain of bgv-java); a backend with fewer, larger primes (HElib) drops primes inside its
        // products itself, and an explicit switch per product would spend a whole prime each time
        boolean levelPerProduct = session.maxLevel() >= supportedDepth();
        for (int d = 0; d < supportedDepth(); d++) {
            c = cloud.multiply(c, c);
            if (levelPerProduct) {
                c = cloud.modSwitchTo(c, Math.max(0, Math.min(c.level(), session.maxLevel() - d - 1)));
            }
            for (int i = 0; i < n; i++) {
                expect[i] = centred(expect[i] * expect[i]);
            }
        }
        assertTrue(owner.noiseBudget(c) < before, "products use noise budget");
        assertArrayEquals(expect, owner.decryptChecked(c), "depth " + supportedDepth());
        HeCiphertext lowest = cloud.modSwitchToLowest(c);
        assertEquals(0, lowest.level());
        assertArrayEquals(expect, owner.decrypt(lowest));
    }

    @Test
    void modulusSwitchingKeepsTheMessageAtEveryLevel() {
        long[] v = randomVector();
        HeCiphertext c = owner.encrypt(v);
        for (int level = session.maxLevel(); level >= 0; level--) {
            HeCiphertext s = cloud.modSwitchTo(c, level);
            assertEquals(level, s.level());
            assertArrayEquals(centred(v), owner.decrypt(s));
        }
        assertThrows(IllegalArgumentException.class, () -> cloud.modSwitchTo(cloud.modSwitchTo(c, 0), 1));
    }

    // ---------- rotations and sums ----------

    @Test
    void rotationsActOnEachRowAlike() {
        long[] v = randomVector();
        HeCiphertext c = owner.encrypt(v);
        for (int step : new int[] {1, -1, 2, 5, n / 4, n / 2 - 1, n / 2, -(n / 2) - 3}) {
            assertArrayEquals(rotated(v, step), owner.decrypt(cloud.rotate(c, step)), "rotate " + step);
        }
    }

    @Test
    void rotateManyEqualsRotatingOneByOne() {
        long[] v = randomVector();
        HeCiphertext c = owner.encrypt(v);
        int[] steps = {1, 2, 4, 1, 0, -1, n / 2, 8, n / 4};
        java.util.List<HeCiphertext> many = cloud.rotateMany(c, steps);
        assertEquals(steps.length, many.size());
        for (int i = 0; i < steps.length; i++) {
            long[] one = owner.decrypt(cloud.rotate(c, steps[i]));
            assertArrayEquals(one, owner.decrypt(many.get(i)), "rotateMany step " + steps[i] + " vs rotate");
            assertArrayEquals(rotated(v, steps[i]), owner.decrypt(many.get(i)), "rotateMany step " + steps[i]);
        }
        assertTrue(cloud.rotateMany(c, new int[0]).isEmpty(), "no steps, no rotations");
        assertThrows(NullPointerException.class, () -> cloud.rotateMany(c, null));
        HeEvaluator limited = session.evaluator(owner.exportPublicKey(), null);
        assertThrows(HeException.class, () -> limited.rotateMany(c, new int[] {1}), "missing rotation keys");
    }

    @Test
    void sumSlotsAndSumBlocks() {
        long[] v = randomVector();
        HeCiphertext c = owner.encrypt(v);
        long total = 0;
        for (long x : v) {
            total = Math.floorMod(total + Math.floorMod(x, t), t);
        }
        long[] all = owner.decrypt(cloud.sumSlots(c));
        for (long x : all) {
            assertEquals(centred(total), x);
        }
        int logBlock = 3;
        long[] blocks = owner.decrypt(cloud.sumBlocks(c, logBlock));
        int half = n / 2;
        for (int r = 0; r < 2; r++) {
            for (int j = 0; j < half; j += 1 << logBlock) {
                long s = 0;
                for (int k = 0; k < 1 << logBlock; k++) {
                    s += Math.floorMod(v[r * half + j + k], t);
                }
                assertEquals(centred(s), blocks[r * half + j], "block at row " + r + " column " + j);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> cloud.sumBlocks(c, 31));
        assertThrows(IllegalArgumentException.class, () -> cloud.sumBlocks(c, Integer.numberOfTrailingZeros(half) + 1));
    }

    @Test
    void polynomialEvaluationMatchesPlaintext() {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextInt(200) - 100;
        }
        long[] coeffs = {3, -2, 5, 1};
        HeCiphertext r = cloud.evaluatePolynomial(owner.encrypt(v), coeffs);
        long[] expect = new long[n];
        for (int i = 0; i < n; i++) {
            long acc = 0;
            for (int k = coeffs.length - 1; k >= 0; k--) {
                acc = Math.floorMod(acc * Math.floorMod(v[i], t) + Math.floorMod(coeffs[k], t), t);
            }
            expect[i] = centred(acc);
        }
        assertArrayEquals(expect, owner.decrypt(r));
    }

    @Test
    void rerandomizeKeepsTheMessageAndChangesTheBytes() {
        long[] v = randomVector();
        HeCiphertext c = owner.encrypt(v);
        HeCiphertext r = cloud.rerandomize(c, 20);
        assertArrayEquals(centred(v), owner.decrypt(r));
        assertNotEquals(Arrays.toString(cloud.modSwitchToLowest(c).serialize()), Arrays.toString(cloud.modSwitchToLowest(r).serialize()));
        assertThrows(IllegalArgumentException.class, () -> cloud.rerandomize(c, 0));
        assertThrows(IllegalArgumentException.class, () -> cloud.rerandomize(cloud.modSwitchToLowest(c), 4000));
    }

    // ---------- keys and serialization ----------

    @Test
    void serializationRoundTrips() {
        long[] v = randomVector();
        HeCiphertext c = owner.encrypt(v);
        HeCiphertext back = session.readCiphertext(c.serialize());
        assertEquals(c.level(), back.level());
        assertArrayEquals(centred(v), owner.decrypt(back));
        HeCiphertext evaluated = session.readCiphertext(cloud.multiply(back, back).serialize());
        assertArrayEquals(zip(v, v, (x, y) -> x * y % t), owner.decrypt(evaluated));
        // the secret key restored from local storage decrypts what the old key encrypted
        try (HeKeyOwner restored = session.importSecretKey(owner.exportSecretKeyForLocalStorage())) {
            assertArrayEquals(centred(v), restored.decrypt(c));
            assertArrayEquals(centred(v), owner.decrypt(restored.encrypt(v)));
        }
        // the cloud follows the edge's parameters through bytes
        try (HeSession other = backend.open(HeParameterSpec.serialized(session.exportParameters()).withThreads(1))) {
            assertEquals(session.parameterFingerprint(), other.parameterFingerprint());
            HeEvaluator ev = other.evaluator(owner.exportPublicKey(), owner.exportEvaluationKeys());
            HeCiphertext sum = ev.add(other.readCiphertext(c.serialize()), other.readCiphertext(c.serialize()));
            assertArrayEquals(zip(v, v, (x, y) -> x + y), owner.decrypt(session.readCiphertext(sum.serialize())));
        }
    }

    @Test
    void missingEvaluationKeysAreReported() {
        HeEvaluator limited = session.evaluator(owner.exportPublicKey(), null);
        HeCiphertext c = owner.encrypt(randomVector());
        limited.add(c, c); // additions need no evaluation keys
        assertThrows(HeException.class, () -> limited.multiply(c, c));
        assertThrows(HeException.class, () -> limited.rotate(c, 1));
        try (HeKeyOwner restricted = session.generateKeys(new int[] {1, 4})) {
            HeEvaluator ev = session.evaluator(restricted.exportPublicKey(), restricted.exportEvaluationKeys());
            long[] v = randomVector();
            HeCiphertext x = restricted.encrypt(v);
            assertArrayEquals(rotated(v, 1), restricted.decrypt(ev.rotate(x, 1)));
            assertArrayEquals(rotated(v, 4), restricted.decrypt(ev.rotate(x, 4)));
        }
    }

    @Test
    void insecureParametersAreRefused() {
        int bound = HeSecurityStandard.maxLog2QP128(8192);
        HeParameterSpec tooBig = HeParameterSpec.explicit(8192, 65537, new int[] {60, 60, 60}, new int[] {bound - 180 + 1});
        HeException e = assertThrows(HeException.class, () -> backend.open(tooBig.withThreads(1)));
        assertTrue(e.getMessage().contains("bound") || e.getMessage().contains("secur"), e.getMessage());
        assertThrows(HeException.class, () -> backend.open(HeParameterSpec.preset("N8192_DEPTH99")));
        assertTrue(!session.isInsecure());
    }

    @Test
    void misuseIsReportedAsIllegalArgument() {
        HeCiphertext c = owner.encrypt(new long[] {1});
        assertThrows(IllegalArgumentException.class, () -> owner.encrypt(new long[n + 1]));
        assertThrows(IllegalArgumentException.class, () -> owner.encrypt(new long[1], session.maxLevel() + 1));
        assertThrows(IllegalArgumentException.class, () -> owner.encrypt(new long[1], -1));
        assertThrows(IllegalArgumentException.class, () -> cloud.addPlain(c, new long[n + 1]));
        HeCiphertext foreign = new HeCiphertext() {
            @Override
            public int level() {
                return 0;
            }

            @Override
            public long parameterFingerprint() {
                return session.parameterFingerprint();
            }

            @Override
            public byte[] serialize() {
                return new byte[0];
            }
        };
        assertThrows(IllegalArgumentException.class, () -> cloud.add(c, foreign));
        assertThrows(IllegalArgumentException.class, () -> owner.decrypt(foreign));
        HePlaintext foreignPlain = () -> 0;
        assertThrows(IllegalArgumentException.class, () -> cloud.multiplyPlain(c, foreignPlain));
        HePlaintext low = cloud.encode(new long[] {1}, 0);
        assertThrows(IllegalArgumentException.class, () -> cloud.multiplyPlain(c, low));
    }

    // ---------- hostile input and use after close ----------

    /** Byte strings derived from valid ones: truncations, bit flips, splices, random garbage. */
    protected byte[] hostile(byte[] valid, int i) {
        Random r = new Random(i * 7919L + valid.length);
        switch (i % 5) {
            case 0:
                return Arrays.copyOf(valid, r.nextInt(valid.length));
            case 1: {
                byte[] b = valid.clone();
                for (int k = 0, flips = 1 + r.nextInt(4); k < flips; k++) {
                    int pos = r.nextInt(Math.min(b.length, k == 0 ? 256 : b.length));
                    b[pos] ^= (byte) (1 << r.nextInt(8));
                }
                return b;
            }
            case 2: {
                byte[] b = valid.clone();
                int pos = r.nextInt(b.length);
                for (int k = pos; k < Math.min(b.length, pos + 8); k++) {
                    b[k] = (byte) (r.nextBoolean() ? 0xff : 0x7f);
                }
                return b;
            }
            case 3: {
                byte[] b = new byte[r.nextInt(512)];
                r.nextBytes(b);
                return b;
            }
            default: {
                byte[] b = Arrays.copyOf(valid, valid.length + 1 + r.nextInt(16));
                return b;
            }
        }
    }

    private void expectRefusalOrValue(Runnable decode, String what, int i) {
        try {
            decode.run();
        } catch (HeFormatException expected) {
            // the documented refusal
        } catch (RuntimeException e) {
            fail(what + " case " + i + ": " + e + " instead of HeFormatException");
        }
    }

    @Test
    void hostileBytesGiveFormatExceptionsOnly() {
        byte[] ct = owner.encrypt(randomVector()).serialize();
        for (int i = 0; i < FUZZ_CASES; i++) {
            byte[] b = hostile(ct, i);
            expectRefusalOrValue(() -> session.readCiphertext(b), "ciphertext", i);
        }
        byte[] sk = owner.exportSecretKeyForLocalStorage();
        byte[] pk = owner.exportPublicKey();
        byte[] ek = owner.exportEvaluationKeys();
        byte[] params = session.exportParameters();
        int keyCases = Math.max(20, FUZZ_CASES / 40);
        for (int i = 0; i < keyCases; i++) {
            byte[] s = hostile(sk, i);
            expectRefusalOrValue(() -> session.importSecretKey(s).close(), "secret key", i);
            byte[] p = hostile(pk, i);
            expectRefusalOrValue(() -> session.evaluator(p, null), "public key", i);
            byte[] e = hostile(ek, i);
            expectRefusalOrValue(() -> session.evaluator(pk, e), "evaluation keys", i);
            byte[] q = hostile(params, i);
            expectRefusalOrValue(() -> backend.open(HeParameterSpec.serialized(q).withThreads(1)).close(), "parameters", i);
        }
        // kinds are not interchangeable
        assertThrows(HeFormatException.class, () -> session.readCiphertext(pk));
        assertThrows(HeFormatException.class, () -> session.importSecretKey(ct));
        assertThrows(HeFormatException.class, () -> session.evaluator(sk, null));
    }

    @Test
    void useAfterCloseIsRefusedAndCiphertextsStayReadable() {
        try (HeSession s = backend.open(HeParameterSpec.serialized(session.exportParameters()).withThreads(1))) {
            HeKeyOwner k = s.generateKeys();
            HeEvaluator ev = k.localEvaluator();
            HeCiphertext c = k.encrypt(new long[] {42});
            k.close();
            k.close(); // idempotent
            assertThrows(IllegalStateException.class, () -> k.decrypt(c));
            assertThrows(IllegalStateException.class, () -> k.encrypt(new long[] {1}));
            assertThrows(IllegalStateException.class, k::exportSecretKeyForLocalStorage);
            s.close();
            s.close();
            assertThrows(IllegalStateException.class, () -> ev.add(c, c));
            assertThrows(IllegalStateException.class, s::generateKeys);
            // handles stay valid as data
            HeCiphertext back = session.readCiphertext(c.serialize());
            assertEquals(c.level(), back.level());
        }
    }
}

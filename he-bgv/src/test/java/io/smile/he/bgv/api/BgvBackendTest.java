package io.smile.he.bgv.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeException;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeParameterSpec;
import io.smile.he.api.HePlaintext;
import io.smile.he.api.HeSession;
import io.smile.he.bgv.BgvPreset;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.ring.Modulus;
import io.smile.he.ring.RandomSource;
import io.smile.he.ring.RingContext;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API used in memory (no bytes): every operation is checked against the same computation on
 * plaintext vectors mod t. Insecure N=4096 parameters with a deterministic randomness source keep
 * it fast and reproducible.
 */
class BgvBackendTest {
    private static final int TRIES = Integer.getInteger("smile.tries", 60);
    static final HeParameterSpec TEST_SPEC = HeParameterSpec.explicit(4096, 65537, new int[] {45, 40, 40, 40}, new int[] {50})
            .withThreads(2).allowingInsecureForTestsOnly();

    private static HeSession session;
    private static HeKeyOwner owner;
    private static HeEvaluator ev;
    private static int n;
    private static int row;
    private static long t;
    private static int top;

    @BeforeAll
    static void setUp() {
        session = new BgvBackend().open(TEST_SPEC, RandomSource.deterministicForTestsOnly(20240501));
        owner = session.generateKeys();
        ev = owner.localEvaluator();
        n = session.slotCount();
        row = session.rowSize();
        t = session.plainModulus();
        top = session.maxLevel();
    }

    @AfterAll
    static void tearDown() {
        owner.close();
        session.close();
    }

    // ------------------------------------------------------------------ reference arithmetic

    /** x mod t, centred in (-t/2, t/2] like decryption. */
    static long centred(long x, long t) {
        long r = Math.floorMod(x, t);
        return r > t / 2 ? r - t : r;
    }

    private static long c(long x) {
        return centred(x, t);
    }

    /** values padded with zeros to n slots, centred. */
    private static long[] expected(long[] values) {
        long[] out = new long[n];
        for (int i = 0; i < values.length; i++) {
            out[i] = c(values[i]);
        }
        return out;
    }

    private static long mulMod(long a, long b) {
        return c(Math.floorMod(a, t) * Math.floorMod(b, t));
    }

    private static long[] randomSlots(Random r, int length) {
        long[] v = new long[length];
        for (int i = 0; i < length; i++) {
            v[i] = r.nextInt((int) t) - t / 2;
        }
        return v;
    }

    // ------------------------------------------------------------------ backend selection

    @Test
    void serviceLoaderFindsTheBackendByName() {
        HeBackend b = HeBackend.byName("bgv-java");
        assertTrue(b instanceof BgvBackend);
        assertEquals(BgvBackend.NAME, b.name());
        assertTrue(HeBackend.byName("BGV-Java") instanceof BgvBackend);
        assertTrue(HeBackend.available().stream().anyMatch(x -> x.name().equals(BgvBackend.NAME)));
        HeException e = assertThrows(HeException.class, () -> HeBackend.byName("helib"));
        assertTrue(e.getMessage().contains(BgvBackend.NAME), e.getMessage());
    }

    @Test
    void presetSessionReportsItsShape() {
        HeBackend b = HeBackend.byName(BgvBackend.NAME);
        assertEquals(BgvPreset.values().length, b.presetNames().size());
        assertEquals("N4096_DEPTH1", b.presetNames().get(0));
        try (HeSession s = b.open(HeParameterSpec.preset("n4096_depth1").withThreads(1))) {
            assertEquals(4096, s.slotCount());
            assertEquals(2048, s.rowSize());
            assertEquals(65537, s.plainModulus());
            assertEquals(BgvPreset.N4096_DEPTH1.depth(), s.maxLevel());
            assertEquals(BgvPreset.N4096_DEPTH1.parameters().fingerprint(), s.parameterFingerprint());
            assertFalse(s.isInsecure());
            assertEquals(BgvBackend.NAME, s.backendName());
            // a preset session works end to end
            try (HeKeyOwner k = s.generateKeys(new int[0])) {
                long[] v = {1, -2, 3, 32768, -32768};
                HeCiphertext x = k.encrypt(v);
                assertEquals(1, x.level());
                assertArrayEquals(new long[] {2, -4, 6, -1, 1}, Arrays.copyOf(k.decrypt(k.localEvaluator().add(x, x)), 5));
            }
        }
        HeException e = assertThrows(HeException.class, () -> b.open(HeParameterSpec.preset("N4096_DEPTH9")));
        assertTrue(e.getMessage().contains("N8192_DEPTH3"), e.getMessage());
    }

    @Test
    void explicitParametersAreValidatedByTheEngine() {
        BgvBackend b = new BgvBackend();
        HeParameterSpec big = HeParameterSpec.explicit(4096, 65537, new int[] {45, 40, 40, 40}, new int[] {50}).withThreads(1);
        HeException e = assertThrows(HeException.class, () -> b.open(big));
        assertTrue(e.getMessage().contains("128-bit"), e.getMessage());
        // 65539 is prime but not 1 mod 2N = 8192: no batching, refused even for tests
        HeException noBatching = assertThrows(HeException.class, () -> b.open(HeParameterSpec.explicit(4096, 65539,
                new int[] {36}, new int[] {37}).allowingInsecureForTestsOnly()));
        assertTrue(noBatching.getMessage().contains("plaintext modulus"), noBatching.getMessage());
        try (HeSession s = b.open(HeParameterSpec.explicit(2048, 65537, new int[] {30}, new int[] {31})
                .withThreads(1).allowingInsecureForTestsOnly())) {
            assertTrue(s.isInsecure());
            assertEquals(2048, s.slotCount());
            assertEquals(0, s.maxLevel());
        }
        assertTrue(session.isInsecure());
    }

    @Test
    void deterministicRandomnessNeedsTheInsecureFlag() {
        BgvBackend b = new BgvBackend();
        HeException e = assertThrows(HeException.class,
                () -> b.open(HeParameterSpec.preset("N4096_DEPTH1"), RandomSource.deterministicForTestsOnly(1)));
        assertTrue(e.getMessage().contains("tests only"), e.getMessage());
    }

    @Test
    void deterministicSessionsAreReproducible() {
        long[] v = randomSlots(new Random(5), 100);
        long[][] first = new long[2][];
        for (int k = 0; k < 2; k++) {
            try (HeSession s = new BgvBackend().open(TEST_SPEC, RandomSource.deterministicForTestsOnly(77));
                 HeKeyOwner o = s.generateKeys(new int[0])) {
                first[k] = ((BgvHeCiphertext) o.encrypt(v, 0)).engine().component(0)[0].clone();
            }
        }
        assertArrayEquals(first[0], first[1]);
    }

    // ------------------------------------------------------------------ edge side

    @Test
    void encryptDecryptRoundTripsAtEveryLevel() {
        Random r = new Random(1);
        for (int k = 0; k < TRIES; k++) {
            int len = r.nextInt(4) == 0 ? n : r.nextInt(n + 1);
            long[] v = new long[len];
            for (int i = 0; i < len; i++) {
                v[i] = r.nextBoolean() ? r.nextLong() : r.nextInt(201) - 100;
            }
            int level = r.nextInt(top + 1);
            HeCiphertext x = r.nextBoolean() ? owner.encrypt(v, level) : null;
            if (x == null) {
                level = top;
                x = owner.encrypt(v);
            }
            assertEquals(level, x.level());
            assertEquals(session.parameterFingerprint(), x.parameterFingerprint());
            assertTrue(((BgvHeCiphertext) x).engine().isSeeded(), "fresh encryptions are seed-compressed");
            assertArrayEquals(expected(v), owner.decrypt(x), "case " + k);
            assertTrue(owner.noiseBudget(x) > 10);
        }
    }

    @Test
    void noiseBudgetShrinksWithMultiplicationAndDecryptCheckedAgrees() {
        long[] v = randomSlots(new Random(2), n);
        HeCiphertext x = owner.encrypt(v);
        int fresh = owner.noiseBudget(x);
        HeCiphertext sq = ev.multiply(x, x);
        int afterMul = owner.noiseBudget(sq);
        assertTrue(afterMul < fresh - 10, fresh + " -> " + afterMul);
        long[] exp = new long[n];
        for (int i = 0; i < n; i++) {
            exp[i] = mulMod(v[i], v[i]);
        }
        assertArrayEquals(exp, owner.decryptChecked(sq));
        assertArrayEquals(owner.decrypt(sq), owner.decryptChecked(sq));
    }

    // ------------------------------------------------------------------ cloud side

    @Test
    void arithmeticMatchesPlaintextArithmetic() {
        Random r = new Random(3);
        for (int k = 0; k < TRIES; k++) {
            long[] a = randomSlots(r, n);
            long[] b = randomSlots(r, 1 + r.nextInt(n));
            long s = r.nextLong();
            HeCiphertext x = owner.encrypt(a, 1 + r.nextInt(top));
            HeCiphertext y = k % 5 == 0 ? x : owner.encrypt(b, 1 + r.nextInt(top));
            long[] bb = k % 5 == 0 ? a : Arrays.copyOf(b, n);
            long[] sum = new long[n];
            long[] diff = new long[n];
            long[] plus = new long[n];
            long[] plusS = new long[n];
            long[] prod = new long[n];
            long[] prodS = new long[n];
            for (int i = 0; i < n; i++) {
                sum[i] = c(a[i] + bb[i]);
                diff[i] = c(a[i] - bb[i]);
                plus[i] = c(a[i] + (i < b.length ? b[i] : 0));
                plusS[i] = c(a[i] + Math.floorMod(s, t));
                prod[i] = mulMod(a[i], bb[i]);
                prodS[i] = mulMod(a[i], s);
            }
            long[] pb = new long[n];
            for (int i = 0; i < n; i++) {
                pb[i] = mulMod(a[i], i < b.length ? b[i] : 0);
            }
            String at = "case " + k;
            assertArrayEquals(sum, owner.decrypt(ev.add(x, y)), at);
            assertArrayEquals(diff, owner.decrypt(ev.sub(x, y)), at);
            assertArrayEquals(plus, owner.decrypt(ev.addPlain(x, b)), at);
            assertArrayEquals(plusS, owner.decrypt(ev.addScalar(x, s)), at);
            assertArrayEquals(pb, owner.decrypt(ev.multiplyPlain(x, b)), at);
            HePlaintext prepared = ev.encode(b, top);
            assertEquals(top, prepared.level());
            assertArrayEquals(pb, owner.decrypt(ev.multiplyPlain(x, prepared)), at);
            assertArrayEquals(prodS, owner.decrypt(ev.multiplyScalar(x, s)), at);
            HeCiphertext xy = ev.multiply(x, y);
            assertEquals(Math.min(x.level(), y.level()), xy.level());
            assertArrayEquals(prod, owner.decrypt(xy), at);
            assertArrayEquals(prod, owner.decrypt(ev.modSwitchToLowest(xy)), at);
        }
    }

    @Test
    void mixedLevelsAndFactorsStayExact() {
        Random r = new Random(4);
        for (int k = 0; k < Math.max(3, TRIES / 6); k++) {
            long[] a = randomSlots(r, n);
            long[] b = randomSlots(r, n);
            HeCiphertext x = ev.modSwitchTo(owner.encrypt(a), r.nextInt(top + 1));
            HeCiphertext y = owner.encrypt(b, r.nextInt(top + 1));
            long[] exp = new long[n];
            for (int i = 0; i < n; i++) {
                exp[i] = c(mulMod(a[i], 3) - b[i] + 5);
            }
            HeCiphertext z = ev.addScalar(ev.sub(ev.multiplyScalar(x, 3), y), 5);
            assertEquals(Math.min(x.level(), y.level()), z.level());
            assertArrayEquals(exp, owner.decrypt(z), "case " + k);
        }
    }

    @Test
    void rotationsActOnEachRow() {
        Random r = new Random(5);
        long[] v = randomSlots(r, n);
        HeCiphertext x = owner.encrypt(v, 1);
        int[] fixed = {0, 1, -1, row - 1, row, row + 3, -row - 2, 1000};
        int cases = Math.max(fixed.length, TRIES / 6);
        for (int k = 0; k < cases; k++) {
            int step = k < fixed.length ? fixed[k] : r.nextInt(4 * row) - 2 * row;
            long[] got = owner.decrypt(ev.rotate(x, step));
            for (int j = 0; j < row; j++) {
                int src = Math.floorMod(j + step, row);
                assertEquals(c(v[src]), got[j], "step " + step + " slot " + j);
                assertEquals(c(v[row + src]), got[row + j], "step " + step + " slot " + (row + j));
            }
        }
    }

    @Test
    void sumSlotsAndSumBlocks() {
        Random r = new Random(6);
        long[] v = randomSlots(r, n);
        HeCiphertext x = owner.encrypt(v, 1);
        long total = 0;
        for (long a : v) {
            total += a;
        }
        long[] all = owner.decrypt(ev.sumSlots(x));
        long[] exp = new long[n];
        Arrays.fill(exp, c(total));
        assertArrayEquals(exp, all);
        int cases = Math.max(4, TRIES / 15);
        for (int k = 0; k < cases; k++) {
            int logBlock = k == 0 ? 0 : k == 1 ? Integer.numberOfTrailingZeros(row) : r.nextInt(Integer.numberOfTrailingZeros(row) + 1);
            int block = 1 << logBlock;
            long[] got = owner.decrypt(ev.sumBlocks(x, logBlock));
            for (int half = 0; half < 2; half++) {
                for (int j = 0; j < row; j++) {
                    long s = 0;
                    for (int d = 0; d < block; d++) {
                        s += v[half * row + (j + d) % row];
                    }
                    assertEquals(c(s), got[half * row + j], "logBlock " + logBlock + " slot " + (half * row + j));
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> ev.sumBlocks(x, Integer.numberOfTrailingZeros(row) + 1));
        assertThrows(IllegalArgumentException.class, () -> ev.sumBlocks(x, -1));
    }

    @Test
    void modulusSwitchingKeepsTheMessage() {
        long[] v = randomSlots(new Random(7), n);
        HeCiphertext x = owner.encrypt(v);
        for (int level = top; level >= 0; level--) {
            HeCiphertext y = ev.modSwitchTo(x, level);
            assertEquals(level, y.level());
            assertArrayEquals(expected(v), owner.decrypt(y));
        }
        HeCiphertext low = ev.modSwitchToLowest(x);
        assertEquals(0, low.level());
        assertArrayEquals(expected(v), owner.decrypt(low));
        assertEquals(0, ev.modSwitchToLowest(low).level());
        assertThrows(IllegalArgumentException.class, () -> ev.modSwitchTo(low, 1));
        assertThrows(IllegalArgumentException.class, () -> ev.modSwitchTo(x, -1));
    }

    @Test
    void polynomialEvaluationMatchesHorner() {
        Random r = new Random(8);
        int cases = Math.max(8, TRIES / 4);
        for (int k = 0; k < cases; k++) {
            int degree = k < 8 ? k : r.nextInt(8);
            long[] coeffs = new long[degree + 1];
            for (int i = 0; i <= degree; i++) {
                coeffs[i] = r.nextBoolean() ? r.nextInt(21) - 10 : r.nextLong();
            }
            long[] v = new long[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextInt((int) t);
            }
            HeCiphertext x = owner.encrypt(v);
            HeCiphertext p = ev.evaluatePolynomial(x, coeffs);
            int effective = degree;
            while (effective > 0 && Math.floorMod(coeffs[effective], t) == 0) {
                effective--;
            }
            int levels = effective <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(effective - 1);
            assertEquals(top - levels, p.level(), "degree " + effective);
            long[] got = owner.decrypt(p);
            for (int i = 0; i < n; i++) {
                long acc = 0;
                for (int d = degree; d >= 0; d--) {
                    acc = c(mulMod(acc, v[i]) + Math.floorMod(coeffs[d], t));
                }
                assertEquals(acc, got[i], "degree " + degree + " slot " + i + " coeffs " + Arrays.toString(coeffs));
            }
        }
        // degree 9 needs 4 levels, the test parameters have 3
        long[] deg9 = new long[10];
        deg9[9] = 1;
        HeCiphertext x = owner.encrypt(new long[] {2});
        assertThrows(HeException.class, () -> ev.evaluatePolynomial(x, deg9));
        // trailing zero coefficients (mod t) do not count
        long[] padded = {1, 1, 0, t, -t};
        HeCiphertext lin = ev.evaluatePolynomial(x, padded);
        assertEquals(top, lin.level());
        assertEquals(3, owner.decrypt(lin)[0]);
        assertThrows(IllegalArgumentException.class, () -> ev.evaluatePolynomial(x, new long[0]));
    }

    // ------------------------------------------------------------------ re-randomization

    /** The noise e of a level-0 ciphertext: c0 + c1*s = m + t*e (mod q_0), e centred. */
    private static long[] noiseAtLevel0(HeCiphertext h) {
        Ciphertext ct = ((BgvHeCiphertext) h).engine();
        assertEquals(0, ct.level());
        assertEquals(1, ct.factor());
        RingContext ring = ((BgvSession) session).context().ring();
        Modulus q0 = ring.modulus(0);
        long[] s = ((BgvKeyOwner) owner).secretKey().nttView()[0];
        long[] c0 = ct.component(0)[0];
        long[] c1 = ct.component(1)[0];
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = q0.add(c0[i], q0.mul(c1[i], s[i]));
        }
        ring.ntt(0).inverse(v);
        long[] e = new long[n];
        for (int i = 0; i < n; i++) {
            long x = q0.center(v[i]);
            e[i] = (x - centred(x, t)) / t;
        }
        return e;
    }

    @Test
    void rerandomizeFloodsWithUniformNoiseOfTheRequestedWidth() {
        int floodBits = 20;
        long bound = 1L << floodBits;
        long[] v = randomSlots(new Random(9), n);
        HeCiphertext x = owner.encrypt(v, 0);
        long before = Arrays.stream(noiseAtLevel0(x)).map(Math::abs).max().orElseThrow();
        assertTrue(before < 1000, "fresh noise " + before);
        HeCiphertext y = ev.rerandomize(x, floodBits);
        assertEquals(0, y.level());
        assertArrayEquals(expected(v), owner.decrypt(y));
        long[] e = noiseAtLevel0(y);
        long max = 0;
        double sumAbs = 0;
        int negative = 0;
        for (long ei : e) {
            max = Math.max(max, Math.abs(ei));
            sumAbs += Math.abs(ei);
            negative += ei < 0 ? 1 : 0;
        }
        // uniform in [-2^20, 2^20] plus public-key encryption noise of a few hundred
        assertTrue(max <= bound + 4096, "max " + max);
        assertTrue(max >= bound * 99 / 100, "max " + max);
        double meanAbs = sumAbs / n;
        assertTrue(Math.abs(meanAbs / (bound / 2.0) - 1) < 0.05, "mean |e| " + meanAbs);
        assertTrue(Math.abs(negative / (double) n - 0.5) < 0.05, "negative fraction " + negative);
    }

    @Test
    void multiplySumEqualsTheSumOfProducts() {
        Random r = new Random(12);
        java.util.List<HeCiphertext> left = new java.util.ArrayList<>();
        java.util.List<HeCiphertext> right = new java.util.ArrayList<>();
        long[] want = new long[n];
        for (int k = 0; k < 3; k++) {
            long[] a = randomSlots(r, n);
            long[] b = randomSlots(r, n);
            left.add(owner.encrypt(a));
            right.add(k == 1 ? ev.rotate(owner.encrypt(b), 0) : owner.encrypt(b));
            for (int i = 0; i < n; i++) {
                want[i] = c(want[i] + mulMod(a[i], b[i]));
            }
        }
        assertArrayEquals(want, owner.decrypt(ev.multiplySum(left, right)));
        assertThrows(IllegalArgumentException.class, () -> ev.multiplySum(left, right.subList(0, 2)));
    }

    @Test
    void floodingWiderThanAWordFitsAHighLevelAndStillDecrypts() {
        long[] v = randomSlots(new Random(13), n);
        HeCiphertext x = owner.encrypt(v); // level 3: 165-bit modulus
        int before = owner.noiseBudget(x);
        HeCiphertext y = ev.rerandomize(x, 90);
        int after = owner.noiseBudget(y);
        assertArrayEquals(expected(v), owner.decrypt(y));
        // the flood dominates: about 90 + log2(t) bits of noise, so the budget drops accordingly
        assertTrue(after <= 165 - 2 - 90 - 17 + 1 && after >= 165 - 2 - 90 - 17 - 3, "budget " + before + " -> " + after);
        assertArrayEquals(expected(v), owner.decrypt(ev.modSwitchToLowest(y)));
    }

    @Test
    void rerandomizeChangesEveryComponentButNotTheMessage() {
        long[] v = randomSlots(new Random(10), n);
        HeCiphertext x = ev.multiply(owner.encrypt(v), owner.encrypt(v));
        HeCiphertext y1 = ev.rerandomize(x, 30);
        HeCiphertext y2 = ev.rerandomize(x, 30);
        assertEquals(x.level(), y1.level());
        long[] sq = new long[n];
        for (int i = 0; i < n; i++) {
            sq[i] = mulMod(v[i], v[i]);
        }
        assertArrayEquals(sq, owner.decrypt(y1));
        assertArrayEquals(sq, owner.decrypt(y2));
        Ciphertext cx = ((BgvHeCiphertext) x).engine();
        Ciphertext c1 = ((BgvHeCiphertext) y1).engine();
        Ciphertext c2 = ((BgvHeCiphertext) y2).engine();
        for (int comp = 0; comp < 2; comp++) {
            for (int limb = 0; limb <= x.level(); limb++) {
                assertFalse(Arrays.equals(cx.component(comp)[limb], c1.component(comp)[limb]));
                assertFalse(Arrays.equals(c1.component(comp)[limb], c2.component(comp)[limb]));
            }
        }
        assertTrue(owner.noiseBudget(y1) < owner.noiseBudget(x));
    }

    @Test
    void rerandomizeRejectsOutOfRangeFloodAndExhaustedBudgetIsDetected() {
        HeCiphertext x = owner.encrypt(new long[] {1, 2, 3}, 0);
        assertThrows(IllegalArgumentException.class, () -> ev.rerandomize(x, 0));
        // q_0 has 45 bits and t 17: t * 2^flood must stay below q_0 / 4, so at most 2^26
        assertThrows(IllegalArgumentException.class, () -> ev.rerandomize(x, 27));
        assertThrows(IllegalArgumentException.class, () -> ev.rerandomize(x, 43));
        HeCiphertext widest = ev.rerandomize(x, 26);
        assertArrayEquals(java.util.Arrays.copyOf(new long[] {1, 2, 3}, n), owner.decryptChecked(widest));
    }

    // ------------------------------------------------------------------ keys and misuse

    @Test
    void restrictedRotationKeysReportMissingKeys() {
        try (HeKeyOwner k = session.generateKeys(new int[] {1, 5})) {
            HeEvaluator e = k.localEvaluator();
            assertSame(e, k.localEvaluator());
            long[] v = randomSlots(new Random(11), n);
            HeCiphertext x = k.encrypt(v, 1);
            assertEquals(c(v[1]), k.decrypt(e.rotate(x, 1))[0]);
            assertEquals(c(v[5]), k.decrypt(e.rotate(x, 5))[0]);
            assertEquals(c(v[0]), k.decrypt(e.rotate(x, 0))[0]);
            assertEquals(mulMod(v[0], v[0]), k.decrypt(e.multiply(x, x))[0]);
            // 6 = 2 + 4: neither a direct key nor the power-of-two keys were generated
            HeException missing = assertThrows(HeException.class, () -> e.rotate(x, 6));
            assertTrue(missing.getMessage().contains("Galois key"), missing.getMessage());
            assertThrows(HeException.class, () -> e.sumSlots(x));
            // the default owner's keys cover every step
            assertEquals(c(v[6]), owner.decrypt(ev.rotate(owner.encrypt(v, 1), 6))[0]);
        }
    }

    @Test
    void misuseIsReportedAsIllegalArgument() {
        HeCiphertext x = owner.encrypt(new long[] {1});
        assertThrows(IllegalArgumentException.class, () -> owner.encrypt(new long[n + 1]));
        assertThrows(IllegalArgumentException.class, () -> owner.encrypt(new long[1], top + 1));
        assertThrows(IllegalArgumentException.class, () -> owner.encrypt(new long[1], -1));
        assertThrows(IllegalArgumentException.class, () -> ev.addPlain(x, new long[n + 1]));
        assertThrows(IllegalArgumentException.class, () -> ev.multiplyPlain(x, new long[n + 1]));
        assertThrows(IllegalArgumentException.class, () -> ev.encode(new long[1], top + 1));
        HePlaintext low = ev.encode(new long[] {2}, 1);
        assertThrows(IllegalArgumentException.class, () -> ev.multiplyPlain(x, low));
        assertEquals(2, owner.decrypt(ev.multiplyPlain(ev.modSwitchTo(x, 1), low))[0]);
        assertEquals(2, owner.decrypt(ev.multiplyPlain(ev.modSwitchTo(x, 0), low))[0]);
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
        assertThrows(IllegalArgumentException.class, () -> owner.decrypt(foreign));
        assertThrows(IllegalArgumentException.class, () -> ev.add(x, foreign));
        assertThrows(NullPointerException.class, () -> ev.add(x, null));
        HePlaintext foreignPt = () -> 0;
        assertThrows(IllegalArgumentException.class, () -> ev.multiplyPlain(x, foreignPt));
        try (HeSession other = new BgvBackend().open(HeParameterSpec.explicit(4096, 65537, new int[] {45, 40}, new int[] {50})
                .withThreads(1).allowingInsecureForTestsOnly(), RandomSource.deterministicForTestsOnly(3));
             HeKeyOwner o = other.generateKeys(new int[0])) {
            HeCiphertext y = o.encrypt(new long[] {1});
            assertThrows(IllegalArgumentException.class, () -> owner.decrypt(y));
            assertThrows(IllegalArgumentException.class, () -> ev.add(x, y));
            assertThrows(IllegalArgumentException.class, () -> o.localEvaluator().add(x, x));
        }
    }

    @Test
    void sameParametersInAnotherSessionInteroperate() {
        try (HeSession other = new BgvBackend().open(TEST_SPEC, RandomSource.deterministicForTestsOnly(4));
             HeKeyOwner o = other.generateKeys(new int[0])) {
            assertEquals(session.parameterFingerprint(), other.parameterFingerprint());
            HeCiphertext x = owner.encrypt(new long[] {7, 8});
            // an evaluator of another session with the same parameters may compute on it
            HeCiphertext y = o.localEvaluator().multiplyScalar(x, 3);
            assertArrayEquals(new long[] {21, 24}, Arrays.copyOf(owner.decrypt(y), 2));
        }
    }

    @Test
    void closedKeyOwnerAndSessionRefuseWork() {
        HeSession s = new BgvBackend().open(TEST_SPEC, RandomSource.deterministicForTestsOnly(5));
        HeKeyOwner k = s.generateKeys(new int[0]);
        HeEvaluator e = k.localEvaluator();
        HeCiphertext x = k.encrypt(new long[] {4});
        k.close();
        k.close();
        assertThrows(IllegalStateException.class, () -> k.decrypt(x));
        assertThrows(IllegalStateException.class, () -> k.encrypt(new long[] {1}));
        assertThrows(IllegalStateException.class, () -> k.noiseBudget(x));
        assertThrows(IllegalStateException.class, k::localEvaluator);
        // evaluation needs only public material and still works while the session is open
        assertNotSame(x, e.add(x, x));
        s.close();
        s.close();
        assertThrows(IllegalStateException.class, () -> e.add(x, x));
        assertThrows(IllegalStateException.class, s::generateKeys);
    }
}

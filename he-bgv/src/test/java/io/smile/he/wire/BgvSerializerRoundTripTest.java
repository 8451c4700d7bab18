package io.smile.he.wire;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.he.bgv.BatchEncoder;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.BgvPreset;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Decryptor;
import io.smile.he.bgv.Encryptor;
import io.smile.he.bgv.EvaluationKeys;
import io.smile.he.bgv.Evaluator;
import io.smile.he.rlwe.KeySwitchKey;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every object type survives encode/decode, decrypts as before and re-encodes byte for byte. */
class BgvSerializerRoundTripTest {
    private static final int N = 4096;
    private static final int TRIES = Integer.getInteger("smile.tries", 60);
    private static WireFixture f;
    private static BatchEncoder be;
    private static Decryptor dec;
    private static Evaluator ev;

    @BeforeAll
    static void setUp() {
        BgvParameters p = WireFixture.explicitPrimes(N, 65537, new int[] {50, 40, 40}, new int[] {58});
        f = new WireFixture(p, 7, new int[] {1, 5, -3}, true);
        be = f.ctx.encoder();
        dec = new Decryptor(f.ctx, f.sk);
        ev = new Evaluator(f.ctx, f.ek);
    }

    @AfterAll
    static void tearDown() {
        f.close();
    }

    private static long[] randomSlots(Random r) {
        long[] v = new long[N];
        for (int i = 0; i < N; i++) {
            v[i] = r.nextInt(301) - 150; // products stay below t/2
        }
        return v;
    }

    private static long[] decrypt(Ciphertext ct) {
        return be.decode(dec.decryptChecked(ct));
    }

    /** Encode, decode, check equality of every field and byte-identical re-encoding; returns the copy. */
    private static Ciphertext roundTrip(Ciphertext ct) {
        byte[] bytes = f.ser.writeCiphertext(ct);
        assertEquals(f.ser.ciphertextBytes(ct.level(), ct.size(), ct.isSeeded()), bytes.length);
        Ciphertext back = f.ser.readCiphertext(bytes);
        assertEquals(ct.level(), back.level());
        assertEquals(ct.size(), back.size());
        assertEquals(ct.factor(), back.factor());
        assertEquals(ct.fingerprint(), back.fingerprint());
        assertEquals(ct.isSeeded(), back.isSeeded());
        assertArrayEquals(ct.seed(), back.seed());
        for (int c = 0; c < ct.size(); c++) {
            assertTrue(Arrays.deepEquals(ct.component(c), back.component(c)), "component " + c);
        }
        assertArrayEquals(bytes, f.ser.writeCiphertext(back), "re-encoding must be byte-identical");
        return back;
    }

    @Test
    void publicKeyCiphertext() {
        Random r = new Random(1);
        long[] m = randomSlots(r);
        Ciphertext ct = Encryptor.withPublicKey(f.ctx, f.pk).encrypt(be.encode(m));
        assertFalse(ct.isSeeded());
        assertArrayEquals(m, decrypt(roundTrip(ct)));
    }

    @Test
    void secretKeyCiphertextIsSeededAndRemembersItsSeed() {
        Random r = new Random(2);
        Encryptor enc = Encryptor.withSecretKey(f.ctx, f.sk);
        for (int level = f.params.maxLevel(); level >= 0; level--) {
            long[] m = randomSlots(r);
            Ciphertext ct = enc.encrypt(be.encode(m), level);
            assertTrue(ct.isSeeded());
            Ciphertext back = roundTrip(ct);
            assertTrue(back.isSeeded());
            assertArrayEquals(m, decrypt(back));
        }
    }

    @Test
    void seededCiphertextIsAboutHalfTheSize() {
        Random r = new Random(3);
        Ciphertext seeded = Encryptor.withSecretKey(f.ctx, f.sk).encrypt(be.encode(randomSlots(r)));
        Ciphertext full = Encryptor.withPublicKey(f.ctx, f.pk).encrypt(be.encode(randomSlots(r)));
        int s = f.ser.writeCiphertext(seeded).length;
        int u = f.ser.writeCiphertext(full).length;
        assertTrue(s < u, s + " vs " + u);
        // c0 alone plus a 32-byte seed: twice the seeded size exceeds the full one by fixed fields + 2 seeds only
        assertTrue(Math.abs(2L * s - u) <= BgvSerializer.CIPHERTEXT_FIXED_BYTES + 2 * BgvSerializer.SEED_BYTES,
                "seeded " + s + " bytes, unseeded " + u);
    }

    @Test
    void productWithoutRelinearizationHasThreeComponents() {
        Random r = new Random(4);
        long[] a = randomSlots(r);
        long[] b = randomSlots(r);
        Ciphertext ca = Encryptor.withPublicKey(f.ctx, f.pk).encrypt(be.encode(a));
        Ciphertext cb = Encryptor.withSecretKey(f.ctx, f.sk).encrypt(be.encode(b));
        Ciphertext prod = ev.multiplyNoRelin(ca, cb);
        assertEquals(3, prod.size());
        Ciphertext back = roundTrip(prod);
        long[] expect = new long[N];
        for (int i = 0; i < N; i++) {
            expect[i] = a[i] * b[i];
        }
        assertArrayEquals(expect, decrypt(back));
        // and it is still usable by the evaluator
        assertArrayEquals(expect, decrypt(ev.relinearize(back)));
    }

    @Test
    void modSwitchedToLowestLevelWithFactor() {
        Random r = new Random(5);
        long[] a = randomSlots(r);
        long[] b = randomSlots(r);
        Ciphertext ca = Encryptor.withSecretKey(f.ctx, f.sk).encrypt(be.encode(a));
        Ciphertext cb = Encryptor.withSecretKey(f.ctx, f.sk).encrypt(be.encode(b));
        Ciphertext low = ev.modSwitchToLowest(ev.multiply(ca, cb));
        assertEquals(0, low.level());
        assertNotEquals(1, low.factor(), "these primes are not 1 mod t, so a factor must remain");
        Ciphertext back = roundTrip(low);
        long[] expect = new long[N];
        for (int i = 0; i < N; i++) {
            expect[i] = a[i] * b[i];
        }
        assertArrayEquals(expect, decrypt(back));
    }

    @Test
    void deserializedCiphertextsComposeWithFreshOnes() {
        Random r = new Random(6);
        long[] a = randomSlots(r);
        long[] b = randomSlots(r);
        Ciphertext ca = roundTrip(Encryptor.withSecretKey(f.ctx, f.sk).encrypt(be.encode(a)));
        Ciphertext cb = Encryptor.withPublicKey(f.ctx, f.pk).encrypt(be.encode(b));
        long[] sum = decrypt(ev.add(ca, cb));
        for (int i = 0; i < N; i++) {
            assertEquals(a[i] + b[i], sum[i]);
        }
    }

    @Test
    void publicKey() {
        byte[] bytes = f.ser.writePublicKey(f.pk);
        assertEquals(f.ser.publicKeyBytes(), bytes.length);
        PublicKey back = f.ser.readPublicKey(bytes);
        assertTrue(Arrays.deepEquals(f.pk.b(), back.b()));
        assertTrue(Arrays.deepEquals(f.pk.a(), back.a()));
        assertArrayEquals(f.pk.seed(), back.seed());
        assertArrayEquals(bytes, f.ser.writePublicKey(back));
        long[] m = randomSlots(new Random(7));
        assertArrayEquals(m, decrypt(Encryptor.withPublicKey(f.ctx, back).encrypt(be.encode(m))));
    }

    private static void assertSameKey(KeySwitchKey x, KeySwitchKey y) {
        assertEquals(x.digits(), y.digits());
        assertArrayEquals(x.seed(), y.seed());
        for (int d = 0; d < x.digits(); d++) {
            assertTrue(Arrays.deepEquals(x.b(d), y.b(d)), "b digit " + d);
            assertTrue(Arrays.deepEquals(x.a(d), y.a(d)), "a digit " + d);
        }
    }

    @Test
    void evaluationKeys() {
        byte[] bytes = f.ser.writeEvaluationKeys(f.ek);
        assertEquals(f.ser.evaluationKeysBytes(true, f.ek.galois().size()), bytes.length);
        EvaluationKeys back = f.ser.readEvaluationKeys(bytes);
        assertEquals(f.ek.fingerprint(), back.fingerprint());
        assertSameKey(f.ek.relinearization(), back.relinearization());
        assertEquals(f.ek.galois().keySet(), back.galois().keySet());
        for (Map.Entry<Long, KeySwitchKey> e : f.ek.galois().entrySet()) {
            assertSameKey(e.getValue(), back.galois().get(e.getKey()));
        }
        assertArrayEquals(bytes, f.ser.writeEvaluationKeys(back));

        // the deserialized keys work: multiply, rotate, swap
        Evaluator ev2 = new Evaluator(f.ctx, back);
        Random r = new Random(8);
        long[] a = randomSlots(r);
        long[] b = randomSlots(r);
        Ciphertext ca = Encryptor.withPublicKey(f.ctx, f.pk).encrypt(be.encode(a));
        Ciphertext cb = Encryptor.withPublicKey(f.ctx, f.pk).encrypt(be.encode(b));
        long[] prod = decrypt(ev2.multiply(ca, cb));
        long[] rot = decrypt(ev2.rotateRows(ca, 5));
        long[] swapped = decrypt(ev2.swapRows(ca));
        int half = N / 2;
        for (int i = 0; i < N; i++) {
            assertEquals(a[i] * b[i], prod[i]);
            int row = i / half;
            int j = i % half;
            assertEquals(a[row * half + (j + 5) % half], rot[i]);
            assertEquals(a[(1 - row) * half + j], swapped[i]);
        }
    }

    @Test
    void evaluationKeysWithoutRelinearizationKeyOrGaloisKeys() {
        EvaluationKeys onlyGalois = new EvaluationKeys(f.params.fingerprint(), null, f.ek.galois());
        byte[] b1 = f.ser.writeEvaluationKeys(onlyGalois);
        EvaluationKeys back1 = f.ser.readEvaluationKeys(b1);
        assertNull(back1.relinearization());
        assertEquals(onlyGalois.galois().keySet(), back1.galois().keySet());
        assertArrayEquals(b1, f.ser.writeEvaluationKeys(back1));

        EvaluationKeys onlyRelin = new EvaluationKeys(f.params.fingerprint(), f.ek.relinearization(), Map.of());
        byte[] b2 = f.ser.writeEvaluationKeys(onlyRelin);
        EvaluationKeys back2 = f.ser.readEvaluationKeys(b2);
        assertTrue(back2.galois().isEmpty());
        assertSameKey(f.ek.relinearization(), back2.relinearization());
        assertArrayEquals(b2, f.ser.writeEvaluationKeys(back2));

        EvaluationKeys none = new EvaluationKeys(f.params.fingerprint(), null, Map.of());
        byte[] b3 = f.ser.writeEvaluationKeys(none);
        assertEquals(BgvSerializer.EVALUATION_KEYS_FIXED_BYTES, b3.length);
        EvaluationKeys back3 = f.ser.readEvaluationKeys(b3);
        assertNull(back3.relinearization());
        assertTrue(back3.galois().isEmpty());
    }

    @Test
    void secretKey() {
        byte[] bytes = f.ser.writeSecretKey(f.sk);
        assertEquals(BgvSerializer.HEADER_BYTES + N / 4, bytes.length);
        SecretKey back = f.ser.readSecretKey(bytes);
        assertArrayEquals(f.sk.coefficients(), back.coefficients());
        assertTrue(Arrays.deepEquals(f.sk.nttView(), back.nttView()));
        assertArrayEquals(bytes, f.ser.writeSecretKey(back));
        long[] m = randomSlots(new Random(9));
        Ciphertext ct = Encryptor.withPublicKey(f.ctx, f.pk).encrypt(be.encode(m));
        assertArrayEquals(m, be.decode(new Decryptor(f.ctx, back).decrypt(ct)));
    }

    @Test
    void secretKeysOfRandomTernaryCoefficients() {
        Random r = new Random(10);
        for (int i = 0; i < TRIES; i++) {
            byte[] s = new byte[N];
            for (int j = 0; j < N; j++) {
                s[j] = (byte) (r.nextInt(3) - 1);
            }
            SecretKey key = SecretKey.fromCoefficients(f.ctx.ring(), s);
            assertArrayEquals(s, f.ser.readSecretKey(f.ser.writeSecretKey(key)).coefficients());
        }
    }

    @Test
    void parametersOfEveryPreset() {
        for (BgvPreset preset : BgvPreset.values()) {
            BgvParameters p = preset.parameters();
            byte[] bytes = BgvSerializer.writeParameters(p);
            assertEquals(BgvSerializer.parametersBytes(p.ciphertextPrimes().length + p.specialPrimes().length), bytes.length);
            BgvParameters back = BgvSerializer.readParameters(bytes, false);
            assertEquals(p, back);
            assertEquals(p.fingerprint(), back.fingerprint());
            assertFalse(back.isInsecure());
            assertArrayEquals(bytes, BgvSerializer.writeParameters(back));
            // allowing insecure parameters does not mark a secure set insecure
            assertFalse(BgvSerializer.readParameters(bytes, true).isInsecure());
        }
    }

    @Test
    void insecureParametersNeedPermission() {
        byte[] bytes = BgvSerializer.writeParameters(f.params);
        BgvParameters back = BgvSerializer.readParameters(bytes, true);
        assertEquals(f.params, back);
        assertTrue(back.isInsecure());
        assertArrayEquals(bytes, BgvSerializer.writeParameters(back));
        WireFormatException e = assertThrows(WireFormatException.class, () -> BgvSerializer.readParameters(bytes, false));
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
    }
}

package io.smile.he.wire;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Encryptor;
import io.smile.he.bgv.EvaluationKeys;
import io.smile.he.bgv.Evaluator;
import io.smile.he.bgv.InvalidParametersException;
import io.smile.he.rlwe.KeySwitchKey;
import io.smile.he.rlwe.SecretKey;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each validation rule of docs/wire-format.md, one malformed input at a time. */
class WireNegativeTest {
    private static final int N = 1024;
    private static final long T = 65537;
    /** Offsets of the ciphertext fields. */
    private static final int LEVEL = 14;
    private static final int SIZE = 15;
    private static final int FLAGS = 16;
    private static final int FACTOR = 17;
    private static final int SEED = 25;

    private static WireFixture f;
    private static WireFixture other;
    private static Ciphertext seeded;
    private static Ciphertext unseeded;
    private static Ciphertext three;
    private static byte[] seededBytes;
    private static byte[] unseededBytes;
    private static byte[] threeBytes;
    private static byte[] pkBytes;
    private static byte[] ekBytes;
    private static byte[] skBytes;
    private static byte[] paramBytes;

    @BeforeAll
    static void setUp() {
        // widths 58, 40, 33 | 61: both packing paths, limbs of different sizes
        f = new WireFixture(WireFixture.explicitPrimes(N, T, new int[] {58, 40, 33}, new int[] {61}), 11, new int[] {1}, true);
        other = new WireFixture(WireFixture.explicitPrimes(N, T, new int[] {50, 40}, new int[] {55}), 12, null, false);
        Encryptor encS = Encryptor.withSecretKey(f.ctx, f.sk);
        Encryptor encP = Encryptor.withPublicKey(f.ctx, f.pk);
        seeded = encS.encrypt(f.ctx.encoder().encodeConstant(5));
        unseeded = encP.encrypt(f.ctx.encoder().encodeConstant(6));
        three = new Evaluator(f.ctx, f.ek).multiplyNoRelin(seeded, unseeded);
        seededBytes = f.ser.writeCiphertext(seeded);
        unseededBytes = f.ser.writeCiphertext(unseeded);
        threeBytes = f.ser.writeCiphertext(three);
        pkBytes = f.ser.writePublicKey(f.pk);
        ekBytes = f.ser.writeEvaluationKeys(f.ek);
        skBytes = f.ser.writeSecretKey(f.sk);
        paramBytes = BgvSerializer.writeParameters(f.params);
    }

    @AfterAll
    static void tearDown() {
        f.close();
        other.close();
    }

    private static void rejects(Executable decode, String... messageParts) {
        WireFormatException e = assertThrows(WireFormatException.class, decode);
        for (String part : messageParts) {
            assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should mention '" + part + "'");
        }
    }

    private static byte[] set(byte[] in, int offset, int value) {
        byte[] b = in.clone();
        b[offset] = (byte) value;
        return b;
    }

    private static byte[] putLong(byte[] in, int offset, long v, int bytes) {
        byte[] b = in.clone();
        for (int i = 0; i < bytes; i++) {
            b[offset + i] = (byte) (v >>> (8 * (bytes - 1 - i)));
        }
        return b;
    }

    /** Overwrites the bits [bitOffset, bitOffset + width) of b, most significant bit first. */
    private static byte[] putBits(byte[] in, long bitOffset, int width, long v) {
        byte[] b = in.clone();
        for (int k = 0; k < width; k++) {
            long bit = (v >>> (width - 1 - k)) & 1;
            long pos = bitOffset + k;
            int idx = (int) (pos >>> 3);
            int shift = 7 - (int) (pos & 7);
            b[idx] = (byte) ((b[idx] & ~(1 << shift)) | (bit << shift));
        }
        return b;
    }

    private static Map<String, byte[]> allObjects() {
        return Map.of("parameters", paramBytes, "ciphertext", seededBytes, "public key", pkBytes,
                "evaluation keys", ekBytes, "secret key", skBytes);
    }

    private static Map<String, Function<byte[], Object>> allDecoders() {
        return Map.of("parameters", b -> BgvSerializer.readParameters(b, true), "ciphertext", f.ser::readCiphertext,
                "public key", f.ser::readPublicKey, "evaluation keys", f.ser::readEvaluationKeys,
                "secret key", f.ser::readSecretKey);
    }

    @Test
    void nullEmptyAndShortInputs() {
        for (Function<byte[], Object> d : allDecoders().values()) {
            rejects(() -> d.apply(null), "null");
            rejects(() -> d.apply(new byte[0]), "truncated");
            rejects(() -> d.apply(Arrays.copyOf(seededBytes, 13)), "truncated");
        }
    }

    @Test
    void wrongMagic() {
        for (Map.Entry<String, byte[]> o : allObjects().entrySet()) {
            Function<byte[], Object> d = allDecoders().get(o.getKey());
            for (int i = 0; i < 4; i++) {
                byte[] b = set(o.getValue(), i, o.getValue()[i] ^ 0x20);
                rejects(() -> d.apply(b), "magic");
            }
        }
    }

    @Test
    void unknownVersion() {
        for (int v : new int[] {0, 2, 0x80, 0xff}) {
            for (Map.Entry<String, byte[]> o : allObjects().entrySet()) {
                byte[] b = set(o.getValue(), 4, v);
                rejects(() -> allDecoders().get(o.getKey()).apply(b), "version " + v);
            }
        }
    }

    @Test
    void wrongObjectType() {
        for (Map.Entry<String, byte[]> o : allObjects().entrySet()) {
            for (Map.Entry<String, Function<byte[], Object>> d : allDecoders().entrySet()) {
                if (!d.getKey().equals(o.getKey())) {
                    rejects(() -> d.getValue().apply(o.getValue()), "expected a");
                }
            }
            for (int type : new int[] {0, 6, 0xff}) {
                byte[] b = set(o.getValue(), 5, type);
                rejects(() -> allDecoders().get(o.getKey()).apply(b), "unknown object type " + type);
            }
        }
    }

    @Test
    void wrongFingerprint() {
        Ciphertext foreign = Encryptor.withSecretKey(other.ctx, other.sk).encrypt(other.ctx.encoder().encodeConstant(1));
        rejects(() -> f.ser.readCiphertext(other.ser.writeCiphertext(foreign)), "another parameter set");
        rejects(() -> f.ser.readPublicKey(other.ser.writePublicKey(other.pk)), "another parameter set");
        rejects(() -> f.ser.readSecretKey(other.ser.writeSecretKey(other.sk)), "another parameter set");
        for (Map.Entry<String, byte[]> o : allObjects().entrySet()) {
            for (int i = 6; i < 14; i++) {
                byte[] b = set(o.getValue(), i, o.getValue()[i] ^ 1);
                rejects(() -> allDecoders().get(o.getKey()).apply(b), "fingerprint");
            }
        }
        // parameters carry their own fingerprint: one that does not match the fields is refused
        byte[] swapped = putLong(paramBytes, 6, other.params.fingerprint(), 8);
        rejects(() -> BgvSerializer.readParameters(swapped, true), "fingerprint");
    }

    @Test
    void levelOutOfRange() {
        for (int level : new int[] {3, 4, 63, 255}) {
            rejects(() -> f.ser.readCiphertext(set(seededBytes, LEVEL, level)), "level " + level);
        }
        // a level that is valid but does not match the length
        rejects(() -> f.ser.readCiphertext(set(seededBytes, LEVEL, 1)), "trailing");
    }

    @Test
    void sizeAndFlags() {
        for (int size : new int[] {0, 1, 4, 255}) {
            rejects(() -> f.ser.readCiphertext(set(unseededBytes, SIZE, size)), "size " + size);
        }
        rejects(() -> f.ser.readCiphertext(set(threeBytes, FLAGS, 1)), "seeded", "size 3");
        for (int flags : new int[] {2, 3, 0x80, 0xff}) {
            rejects(() -> f.ser.readCiphertext(set(seededBytes, FLAGS, flags)), "flags");
        }
        // clearing the seeded flag or changing the size makes the length wrong
        rejects(() -> f.ser.readCiphertext(set(seededBytes, FLAGS, 0)), "truncated");
        rejects(() -> f.ser.readCiphertext(set(unseededBytes, SIZE, 3)), "truncated");
        rejects(() -> f.ser.readCiphertext(set(threeBytes, SIZE, 2)), "trailing");
    }

    @Test
    void factorOutOfRange() {
        for (long factor : new long[] {0, T, T + 1, Long.MAX_VALUE, Long.MIN_VALUE, -1}) {
            rejects(() -> f.ser.readCiphertext(putLong(seededBytes, FACTOR, factor, 8)), "factor");
        }
        Ciphertext ok = f.ser.readCiphertext(putLong(seededBytes, FACTOR, T - 1, 8));
        assertEquals(T - 1, ok.factor());
    }

    @Test
    void coefficientNotBelowItsPrime() {
        long[] q = f.params.ciphertextPrimes();
        long[] bitsPerLimb = new long[q.length];
        long start = 0;
        for (int i = 0; i < q.length; i++) {
            bitsPerLimb[i] = 64 - Long.numberOfLeadingZeros(q[i]);
        }
        // c0 of the seeded ciphertext starts after the seed; first and last coefficient of every limb
        long bit = (SEED + 32) * 8L;
        for (int i = 0; i < q.length; i++) {
            int w = (int) bitsPerLimb[i];
            for (long value : new long[] {q[i], q[i] + 1, (1L << w) - 1}) {
                byte[] first = putBits(seededBytes, bit, w, value);
                rejects(() -> f.ser.readCiphertext(first), "limb " + i, "coefficient 0", "not below");
                byte[] last = putBits(seededBytes, bit + (long) (N - 1) * w, w, value);
                rejects(() -> f.ser.readCiphertext(last), "limb " + i, "coefficient " + (N - 1));
            }
            // q - 1 is still a valid residue
            assertEquals(q[i] - 1, f.ser.readCiphertext(putBits(seededBytes, bit, w, q[i] - 1)).component(0)[i][0]);
            bit += (long) N * w;
            start++;
        }
        assertEquals(q.length, start);
        // the public key and evaluation keys check their limbs too (special prime rows included)
        rejects(() -> f.ser.readPublicKey(putBits(pkBytes, (14 + 32) * 8L, 58, (1L << 58) - 1)), "not below");
        long keyStart = (BgvSerializer.EVALUATION_KEYS_FIXED_BYTES + 32) * 8L;
        long specialRow = keyStart + (long) N * (58 + 40 + 33);
        rejects(() -> f.ser.readEvaluationKeys(putBits(ekBytes, specialRow, 61, (1L << 61) - 1)), "not below");
    }

    @Test
    void trailingBytes() {
        for (Map.Entry<String, byte[]> o : allObjects().entrySet()) {
            for (int extra : new int[] {1, 7, 32}) {
                byte[] b = Arrays.copyOf(o.getValue(), o.getValue().length + extra);
                rejects(() -> allDecoders().get(o.getKey()).apply(b), "trailing");
            }
        }
        rejects(() -> f.ser.readCiphertext(Arrays.copyOf(threeBytes, threeBytes.length + 1)), "trailing");
    }

    @Test
    void truncated() {
        for (Map.Entry<String, byte[]> o : allObjects().entrySet()) {
            byte[] full = o.getValue();
            for (int len : new int[] {14, 15, 20, 40, full.length / 2, full.length - 8, full.length - 1}) {
                if (len < full.length) {
                    byte[] b = Arrays.copyOf(full, len);
                    rejects(() -> allDecoders().get(o.getKey()).apply(b), "truncated");
                }
            }
        }
    }

    private static int galoisElementOffset(int index) {
        long key = f.ser.keySwitchKeyBytes();
        return (int) (BgvSerializer.EVALUATION_KEYS_FIXED_BYTES + key + index * (4 + key));
    }

    @Test
    void galoisElements() {
        assertEquals(2, f.ek.galois().size());
        long[] elements = f.ek.galois().keySet().stream().mapToLong(Long::longValue).toArray();
        int first = galoisElementOffset(0);
        int second = galoisElementOffset(1);
        assertEquals(elements[0], f.ser.readEvaluationKeys(ekBytes).galois().keySet().iterator().next());
        rejects(() -> f.ser.readEvaluationKeys(putLong(ekBytes, second, elements[0], 4)), "duplicated Galois element " + elements[0]);
        rejects(() -> f.ser.readEvaluationKeys(putLong(ekBytes, first, elements[1], 4)), "duplicated Galois element " + elements[1]);
        rejects(() -> f.ser.readEvaluationKeys(putLong(ekBytes, second, elements[0] - 2, 4)), "ascending");
        for (long bad : new long[] {0, 2, 4, 2 * N, 2 * N + 1, 0x7fffffffL, 0xffffffffL}) {
            rejects(() -> f.ser.readEvaluationKeys(putLong(ekBytes, first, bad, 4)), "Galois element " + bad);
        }
    }

    @Test
    void evaluationKeyCountsAndFlags() {
        int count = BgvSerializer.HEADER_BYTES + 1;
        for (long huge : new long[] {0xffffffffL, 0x80000000L, N + 1}) {
            rejects(() -> f.ser.readEvaluationKeys(putLong(ekBytes, count, huge, 4)), "count " + huge);
        }
        rejects(() -> f.ser.readEvaluationKeys(putLong(ekBytes, count, N, 4)), "truncated");
        rejects(() -> f.ser.readEvaluationKeys(putLong(ekBytes, count, 3, 4)), "truncated");
        rejects(() -> f.ser.readEvaluationKeys(putLong(ekBytes, count, 1, 4)), "trailing");
        rejects(() -> f.ser.readEvaluationKeys(putLong(ekBytes, count, 0, 4)), "trailing");
        rejects(() -> f.ser.readEvaluationKeys(set(ekBytes, BgvSerializer.HEADER_BYTES, 0)), "trailing");
        rejects(() -> f.ser.readEvaluationKeys(set(ekBytes, BgvSerializer.HEADER_BYTES, 3)), "flags");
    }

    @Test
    void nonTernarySecretKey() {
        rejects(() -> f.ser.readSecretKey(set(skBytes, 14, 0xc0)), "coefficient 0", "not ternary");
        rejects(() -> f.ser.readSecretKey(set(skBytes, skBytes.length - 1, 0x03)), "coefficient " + (N - 1), "not ternary");
        // every valid code decodes: 00 01 10 00 -> 0, 1, -1, 0
        SecretKey s = f.ser.readSecretKey(set(skBytes, 14, 0x18));
        assertArrayEquals(new byte[] {0, 1, -1, 0}, Arrays.copyOf(s.coefficients(), 4));
    }

    @Test
    void malformedParameters() {
        int qc = 26;
        int pc = 27;
        rejects(() -> BgvSerializer.readParameters(set(paramBytes, qc, 0), true), "prime counts");
        rejects(() -> BgvSerializer.readParameters(set(paramBytes, pc, 0), true), "prime counts");
        rejects(() -> BgvSerializer.readParameters(set(paramBytes, qc, 0xff), true), "prime counts");
        rejects(() -> BgvSerializer.readParameters(set(paramBytes, qc, 64), true), "prime counts");
        rejects(() -> BgvSerializer.readParameters(set(paramBytes, qc, 4), true), "truncated");
        rejects(() -> BgvSerializer.readParameters(set(paramBytes, qc, 2), true), "trailing");
        rejects(() -> BgvSerializer.readParameters(putLong(paramBytes, 14, 0xffffffffL, 4), true), "degree");
        rejects(() -> BgvSerializer.readParameters(putLong(paramBytes, 14, 65536, 4), true), "degree");
        // engine validation failures arrive wrapped, with the engine's reason
        WireFormatException e = assertThrows(WireFormatException.class,
                () -> BgvSerializer.readParameters(putLong(paramBytes, 14, 1000, 4), true));
        assertInstanceOf(InvalidParametersException.class, e.getCause());
        rejects(() -> BgvSerializer.readParameters(putLong(paramBytes, 18, 65539, 8), true), "refused");
        rejects(() -> BgvSerializer.readParameters(putLong(paramBytes, 28, -1L, 8), true), "refused");
        rejects(() -> BgvSerializer.readParameters(putLong(paramBytes, 28, f.params.ciphertextPrimes()[1], 8), true), "twice");
        // a different valid prime: the parameters are fine but no longer match the fingerprint
        long[] q = f.params.ciphertextPrimes();
        long otherPrime = WireFixture.explicitPrimes(N, T, new int[] {57}, new int[] {61}).ciphertextPrimes()[0];
        assertNotEquals(q[0], otherPrime);
        rejects(() -> BgvSerializer.readParameters(putLong(paramBytes, 28, otherPrime, 8), true), "fingerprint");
    }

    @Test
    void writerRefusesForeignOrInconsistentObjects() {
        Ciphertext foreign = Encryptor.withSecretKey(other.ctx, other.sk).encrypt(other.ctx.encoder().encodeConstant(1));
        assertThrows(IllegalArgumentException.class, () -> f.ser.writeCiphertext(foreign));
        byte[] wrongSeed = seeded.seed();
        wrongSeed[0] ^= 1;
        Ciphertext lying = new Ciphertext(seeded.fingerprint(), new long[][][] {seeded.component(0), seeded.component(1)},
                seeded.level(), 1, wrongSeed);
        assertThrows(IllegalArgumentException.class, () -> f.ser.writeCiphertext(lying));
        long[][] c0 = Arrays.stream(unseeded.component(0)).map(long[]::clone).toArray(long[][]::new);
        c0[0][0] = f.params.ciphertextPrimes()[0];
        Ciphertext unreduced = new Ciphertext(unseeded.fingerprint(), new long[][][] {c0, unseeded.component(1)},
                unseeded.level(), 1, null);
        assertThrows(IllegalArgumentException.class, () -> f.ser.writeCiphertext(unreduced));
        Map<Long, KeySwitchKey> evenElement = new TreeMap<>(f.ek.galois());
        evenElement.put(4L, f.ek.relinearization());
        assertThrows(IllegalArgumentException.class,
                () -> f.ser.writeEvaluationKeys(new EvaluationKeys(f.params.fingerprint(), null, evenElement)));
        assertThrows(IllegalArgumentException.class,
                () -> f.ser.writeEvaluationKeys(new EvaluationKeys(other.params.fingerprint(), null, Map.of())));
    }

    @Test
    void refusedParametersAreNotSilentlyInsecure() {
        BgvParameters back = BgvSerializer.readParameters(paramBytes, true);
        assertTrue(back.isInsecure());
        rejects(() -> BgvSerializer.readParameters(paramBytes, false), "refused");
    }
}

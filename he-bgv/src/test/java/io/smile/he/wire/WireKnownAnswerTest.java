package io.smile.he.wire;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.BgvKeyGenerator;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.BgvPreset;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Encryptor;
import io.smile.he.ring.RandomSource;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins format version 1: SHA-256 of objects built deterministically from
 * {@code RandomSource.deterministicForTestsOnly(42)} on a fixed small parameter set. A change of
 * these hashes is a change of the wire format (or of the engine's deterministic sampling) and must
 * come with a new format version.
 */
class WireKnownAnswerTest {
    // N = 1024, t = 65537; primes of 59 and 37 bits (q) and 61 bits (P): both packing paths (<= 56 and > 56 bits)
    static final long[] Q = {576460752303421441L, 137438939137L};
    static final long[] P = {2305843009213683713L};

    static final String PARAMETERS_SHA256 = "7be7b50a61f12435fad110e1f068232c8595f5ade89cc0425a6554ff57d42e8a";
    static final String SEEDED_CIPHERTEXT_SHA256 = "65c2d3a8e805383b9b89ee6295d2d0508495e4fc222bdcdda4144751ac503cd9";
    static final String PUBLIC_KEY_SHA256 = "f1a3874fa554846c417b50c165fa7addb8bb8e7358efb44c42fff2b7da8d2385";
    static final String SECRET_KEY_SHA256 = "4b4be45a451a02d50ed787db349f4aee99ad7449328a144193116fc7d5e6b10d";

    private static BgvParameters params() {
        return BgvParameters.of(1024, 65537, Q, P, true);
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Exactly this order of draws from the deterministic source: secret key, public key, one encryption. */
    private static byte[][] build(int threads) {
        BgvParameters p = params();
        try (BgvContext ctx = BgvContext.create(p, threads, RandomSource.deterministicForTestsOnly(42))) {
            BgvSerializer ser = new BgvSerializer(ctx);
            BgvKeyGenerator kg = new BgvKeyGenerator(ctx);
            SecretKey sk = kg.secretKey();
            PublicKey pk = kg.publicKey(sk);
            long[] m = new long[1024];
            for (int i = 0; i < m.length; i++) {
                m[i] = (i * 37L) % 1001 - 500;
            }
            Ciphertext ct = Encryptor.withSecretKey(ctx, sk).encrypt(ctx.encoder().encode(m));
            return new byte[][] {BgvSerializer.writeParameters(p), ser.writeCiphertext(ct), ser.writePublicKey(pk),
                ser.writeSecretKey(sk)};
        }
    }

    @Test
    void pinnedHashes() {
        byte[][] objects = build(1);
        assertEquals(PARAMETERS_SHA256, sha256(objects[0]), "parameters");
        assertEquals(SEEDED_CIPHERTEXT_SHA256, sha256(objects[1]), "seeded ciphertext");
        assertEquals(PUBLIC_KEY_SHA256, sha256(objects[2]), "public key");
        assertEquals(SECRET_KEY_SHA256, sha256(objects[3]), "secret key");
        // the bytes do not depend on the number of threads
        byte[][] again = build(2);
        for (int i = 0; i < objects.length; i++) {
            assertArrayEquals(objects[i], again[i], "object " + i + " with 2 threads");
        }
    }

    /** The header layout of docs/wire-format.md, field by field. */
    @Test
    void headerLayout() {
        BgvParameters p = params();
        try (BgvContext ctx = BgvContext.create(p, 1, RandomSource.deterministicForTestsOnly(42))) {
            BgvSerializer ser = new BgvSerializer(ctx);
            BgvKeyGenerator kg = new BgvKeyGenerator(ctx);
            SecretKey sk = kg.secretKey();
            PublicKey pk = kg.publicKey(sk);
            Ciphertext ct = Encryptor.withSecretKey(ctx, sk).encrypt(ctx.encoder().encodeConstant(3), 1);
            byte[][] objects = {BgvSerializer.writeParameters(p), ser.writeCiphertext(ct), ser.writePublicKey(pk),
                ser.writeEvaluationKeys(kg.evaluationKeys(sk, new int[] {1}, false)), ser.writeSecretKey(sk)};
            int[] types = {1, 2, 3, 4, 5};
            for (int i = 0; i < objects.length; i++) {
                ByteBuffer b = ByteBuffer.wrap(objects[i]);
                byte[] magic = new byte[4];
                b.get(magic);
                assertEquals("SMLE", new String(magic, StandardCharsets.US_ASCII));
                assertEquals(1, b.get(), "version");
                assertEquals(types[i], b.get(), "type");
                assertEquals(p.fingerprint(), b.getLong(), "fingerprint, big-endian");
            }
            // parameters: degree u32, t u64, counts u8 u8, primes u64
            ByteBuffer pb = ByteBuffer.wrap(objects[0], 14, objects[0].length - 14);
            assertEquals(1024, pb.getInt());
            assertEquals(65537, pb.getLong());
            assertEquals(2, pb.get());
            assertEquals(1, pb.get());
            assertEquals(Q[0], pb.getLong());
            assertEquals(Q[1], pb.getLong());
            assertEquals(P[0], pb.getLong());
            assertFalse(pb.hasRemaining());
            // ciphertext: level, size, flags, factor, seed, then c0 limbs at 59 and 37 bits
            ByteBuffer cb = ByteBuffer.wrap(objects[1], 14, objects[1].length - 14);
            assertEquals(1, cb.get(), "level");
            assertEquals(2, cb.get(), "size");
            assertEquals(1, cb.get(), "flags: seeded");
            assertEquals(1, cb.getLong(), "factor");
            byte[] seed = new byte[32];
            cb.get(seed);
            assertArrayEquals(ct.seed(), seed);
            assertEquals(1024 * 59 / 8 + 1024 * 37 / 8, cb.remaining());
            // first coefficient of c0 limb 0 = the top 59 bits, most significant bit first
            long first = ByteBuffer.wrap(objects[1], 14 + 11 + 32, 8).getLong() >>> (64 - 59);
            assertEquals(ct.component(0)[0][0], first);
            // secret key: 2 bits per coefficient, MSB first, 00 = 0, 01 = 1, 10 = -1
            byte[] s = sk.coefficients();
            byte[] sb = objects[4];
            assertEquals(14 + 1024 / 4, sb.length);
            for (int j = 0; j < 1024; j++) {
                int code = (sb[14 + j / 4] >>> (6 - 2 * (j % 4))) & 3;
                assertEquals(s[j] == -1 ? 2 : s[j], code, "coefficient " + j);
            }
            // public key: seed then b; evaluation keys: flags, count, element, seed, digits
            assertArrayEquals(pk.seed(), Arrays.copyOfRange(objects[2], 14, 46));
            ByteBuffer eb = ByteBuffer.wrap(objects[3], 14, objects[3].length - 14);
            assertEquals(1, eb.get(), "flags: relinearization key present");
            assertEquals(1, eb.getInt(), "one Galois key");
        }
    }

    /** The documented size of a fresh seeded ciphertext at N16384_DEPTH5: 25 + 32 + 6 x 16384 x 60 / 8 bytes. */
    @Test
    void documentedPresetSize() {
        BgvParameters p = BgvPreset.N16384_DEPTH5.parameters();
        try (BgvContext ctx = BgvContext.create(p, 2, RandomSource.deterministicForTestsOnly(5))) {
            BgvSerializer ser = new BgvSerializer(ctx);
            SecretKey sk = new BgvKeyGenerator(ctx).secretKey();
            Ciphertext ct = Encryptor.withSecretKey(ctx, sk).encrypt(ctx.encoder().encodeConstant(1));
            byte[] bytes = ser.writeCiphertext(ct);
            assertEquals(737_337, bytes.length);
            assertEquals(25 + 32 + 6 * 16384 * 60 / 8, bytes.length);
        }
    }

    /** The size table of docs/wire-format.md (pinned: a change is a format change or a doc error). */
    @Test
    void documentedSizeTable() {
        // preset: parameters, seeded, pk-encrypted, size 3, level 0, public key, key-switch key, evaluation keys, secret key
        Object[][] table = {
            {BgvPreset.N4096_DEPTH1, 52L, 36_921L, 73_753L, 110_617L, 36_889L, 36_910L, 111_648L, 1_451_491L, 1_038L},
            {BgvPreset.N8192_DEPTH3, 68L, 165_945L, 331_801L, 497_689L, 92_185L, 165_934L, 888_864L, 12_444_167L, 2_062L},
            {BgvPreset.N16384_DEPTH5, 84L, 737_337L, 1_474_585L, 2_211_865L, 245_785L, 737_326L, 5_173_280L, 77_599_275L, 4_110L},
            {BgvPreset.N16384_DEPTH8, 108L, 745_529L, 1_490_969L, 2_236_441L, 180_249L, 745_518L, 7_815_200L, 117_228_075L, 4_110L},
            {BgvPreset.N32768_DEPTH19, 196L, 3_297_337L, 6_594_585L, 9_891_865L, 368_665L, 3_297_326L, 70_942_752L,
                1_135_084_111L, 8_206L},
        };
        for (Object[] row : table) {
            BgvPreset preset = (BgvPreset) row[0];
            BgvParameters p = preset.parameters();
            int top = p.maxLevel();
            try (BgvContext ctx = BgvContext.create(p, 1, RandomSource.deterministicForTestsOnly(1))) {
                BgvSerializer ser = new BgvSerializer(ctx);
                int galois = BgvKeyGenerator.powerOfTwoSteps(p.degree()).length + 1;
                long[] actual = {BgvSerializer.writeParameters(p).length, ser.ciphertextBytes(top, 2, true),
                    ser.ciphertextBytes(top, 2, false), ser.ciphertextBytes(top, 3, false), ser.ciphertextBytes(0, 2, false),
                    ser.publicKeyBytes(), ser.keySwitchKeyBytes(), ser.evaluationKeysBytes(true, galois), ser.secretKeyBytes()};
                for (int i = 0; i < actual.length; i++) {
                    assertEquals((long) row[i + 1], actual[i], preset + " column " + (i + 1));
                }
            }
        }
    }
}

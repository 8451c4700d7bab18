package io.smile.he.bgv;

import io.smile.he.ring.RandomSource;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One parameter set with keys and the objects around them. Shared fixtures are cached for the
 * whole test JVM (surefire runs every class in one fork) so key generation is paid once.
 */
final class Fixture {
    /** Deep insecure test set: N=4096, t=65537, q = {45,40,40,40,40}, P = {50}; L = 4. */
    static final String DEEP = "deep";
    /** Same sizes, but chain primes that are NOT 1 mod t, so modulus switching changes the plaintext factor. */
    static final String FACTOR = "factor";
    /** The secure preset N8192_DEPTH3 with rotation keys. */
    static final String SECURE = "secure";

    private static final Map<String, Fixture> CACHE = new ConcurrentHashMap<>();

    final BgvParameters params;
    final BgvContext ctx;
    final SecretKey sk;
    final PublicKey pk;
    final EvaluationKeys keys;
    final Encryptor encPk;
    final Encryptor encSk;
    final Decryptor dec;
    final Evaluator ev;
    final BatchEncoder encoder;
    final long t;
    final int n;
    final int half;

    Fixture(BgvParameters params, int threads, long seed, EvaluationKeysFactory keyFactory) {
        this.params = params;
        this.ctx = BgvContext.create(params, threads, RandomSource.deterministicForTestsOnly(seed));
        BgvKeyGenerator kg = new BgvKeyGenerator(ctx);
        this.sk = kg.secretKey();
        this.pk = kg.publicKey(sk);
        this.keys = keyFactory == null ? kg.evaluationKeys(sk) : keyFactory.create(kg, sk);
        this.encPk = Encryptor.withPublicKey(ctx, pk);
        this.encSk = Encryptor.withSecretKey(ctx, sk);
        this.dec = new Decryptor(ctx, sk);
        this.ev = new Evaluator(ctx, keys);
        this.encoder = ctx.encoder();
        this.t = params.plainModulus();
        this.n = params.degree();
        this.half = n / 2;
    }

    interface EvaluationKeysFactory {
        EvaluationKeys create(BgvKeyGenerator kg, SecretKey sk);
    }

    static BgvParameters deepParameters() {
        return BgvParameters.builder().degree(4096).plainModulus(65537)
                .ciphertextPrimeBits(45, 40, 40, 40, 40).specialPrimeBits(50)
                .allowInsecureForTestsOnly().build();
    }

    static BgvParameters factorParameters() {
        return PrimeHelper.parametersWithFactor(4096, 65537, new int[] {45, 40, 40, 40, 40}, 50);
    }

    static Fixture deep() {
        return CACHE.computeIfAbsent(DEEP, k -> new Fixture(deepParameters(), 2, 11, null));
    }

    static Fixture factor() {
        return CACHE.computeIfAbsent(FACTOR, k -> new Fixture(factorParameters(), 2, 12, null));
    }

    static Fixture secure() {
        return CACHE.computeIfAbsent(SECURE, k -> new Fixture(BgvPreset.N8192_DEPTH3.parameters(), 2, 13, null));
    }

    int maxLevel() {
        return params.maxLevel();
    }

    /** Decrypts and decodes (centred). */
    long[] decrypt(Ciphertext c) {
        return encoder.decode(dec.decrypt(c));
    }

    Plaintext encode(long[] v) {
        return encoder.encode(v);
    }

    Ciphertext encrypt(long[] v, boolean publicKey, int level) {
        return (publicKey ? encPk : encSk).encrypt(encoder.encode(v), level);
    }

    Ciphertext encrypt(long[] v) {
        return encPk.encrypt(encoder.encode(v));
    }

    PlainModel model() {
        return new PlainModel(t, n);
    }

    /** Decrypts with the noise check (so the budget must be positive) and compares every slot. */
    void assertDecrypts(long[] expected, Ciphertext c, String what) {
        long[] actual = encoder.decode(dec.decryptChecked(c));
        if (!java.util.Arrays.equals(expected, actual)) {
            int i = 0;
            while (expected[i] == actual[i]) {
                i++;
            }
            org.junit.jupiter.api.Assertions.fail(what + ": slot " + i + " expected " + expected[i] + " but decrypted "
                    + actual[i] + " (level " + c.level() + ", size " + c.size() + ", budget " + dec.noiseBudget(c) + ")");
        }
    }

    static long[][][] snapshot(Ciphertext c) {
        long[][][] out = new long[c.size()][][];
        for (int i = 0; i < c.size(); i++) {
            out[i] = io.smile.he.ring.RnsOps.copy(c.component(i));
        }
        return out;
    }

    static void assertSameComponents(long[][][] expected, Ciphertext c, String what) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.length, c.size(), what + ": size");
        for (int i = 0; i < expected.length; i++) {
            org.junit.jupiter.api.Assertions.assertEquals(expected[i].length, c.component(i).length, what + ": limbs");
            for (int r = 0; r < expected[i].length; r++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected[i][r], c.component(i)[r],
                        what + ": component " + i + " limb " + r);
            }
        }
    }
}

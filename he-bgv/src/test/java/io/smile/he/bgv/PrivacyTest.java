package io.smile.he.bgv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.ring.RandomSource;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Key hygiene: no coefficients in strings, fresh keys from SecureRandom, reproducible test keys. */
class PrivacyTest {
    private static final BgvParameters SMALL = BgvParameters.builder().degree(1024).plainModulus(12289)
            .ciphertextPrimeBits(40, 40).specialPrimeBits(45).allowInsecureForTestsOnly().build();

    @Test
    void secretKeyToStringDoesNotPrintCoefficients() {
        Fixture f = Fixture.deep();
        String s = f.sk.toString();
        byte[] c = f.sk.coefficients();
        assertFalse(s.contains(Arrays.toString(c)));
        // no run of coefficients in any common rendering
        StringBuilder csv = new StringBuilder();
        StringBuilder plain = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            csv.append(c[i]).append(i < 5 ? ", " : "");
            plain.append(c[i]);
        }
        assertFalse(s.contains(csv.toString()), s);
        assertFalse(s.contains(plain.toString()), s);
        assertFalse(s.contains(Long.toString(f.sk.nttView()[0][0])), s);
        assertTrue(s.length() < 64, s);
        // and string concatenation / logging of holders does not reveal it either
        assertFalse(("key=" + f.sk).contains(csv.toString()));
    }

    @Test
    void secureRandomContextsProduceDifferentSecretKeys() {
        byte[][] keys = new byte[3][];
        for (int i = 0; i < keys.length; i++) {
            try (BgvContext ctx = BgvContext.create(SMALL, 1, RandomSource.secure())) {
                assertFalse(ctx.random().isDeterministic());
                keys[i] = new BgvKeyGenerator(ctx).secretKey().coefficients();
            }
        }
        assertFalse(Arrays.equals(keys[0], keys[1]));
        assertFalse(Arrays.equals(keys[1], keys[2]));
        assertFalse(Arrays.equals(keys[0], keys[2]));
        // the convenience factories use SecureRandom as well
        try (BgvContext a = BgvContext.create(SMALL); BgvContext b = BgvContext.create(SMALL, 1)) {
            assertFalse(a.random().isDeterministic());
            assertFalse(b.random().isDeterministic());
            assertFalse(Arrays.equals(new BgvKeyGenerator(a).secretKey().coefficients(),
                    new BgvKeyGenerator(b).secretKey().coefficients()));
        }
        // two keys from one context differ too
        try (BgvContext ctx = BgvContext.create(SMALL, 1, RandomSource.secure())) {
            BgvKeyGenerator kg = new BgvKeyGenerator(ctx);
            assertFalse(Arrays.equals(kg.secretKey().coefficients(), kg.secretKey().coefficients()));
        }
    }

    private static Object[] keysFrom(long seed) {
        try (BgvContext ctx = BgvContext.create(SMALL, 1, RandomSource.deterministicForTestsOnly(seed))) {
            BgvKeyGenerator kg = new BgvKeyGenerator(ctx);
            SecretKey sk = kg.secretKey();
            PublicKey pk = kg.publicKey(sk);
            EvaluationKeys ek = kg.evaluationKeys(sk, new int[] {1}, true);
            return new Object[] {sk, pk, ek};
        }
    }

    @Test
    void deterministicSourceReproducesKeys() {
        Object[] a = keysFrom(5);
        Object[] b = keysFrom(5);
        Object[] c = keysFrom(6);
        SecretKey skA = (SecretKey) a[0];
        SecretKey skB = (SecretKey) b[0];
        assertArrayEquals(skA.coefficients(), skB.coefficients());
        assertFalse(Arrays.equals(skA.coefficients(), ((SecretKey) c[0]).coefficients()));
        PublicKey pkA = (PublicKey) a[1];
        PublicKey pkB = (PublicKey) b[1];
        assertArrayEquals(pkA.seed(), pkB.seed());
        for (int r = 0; r < pkA.b().length; r++) {
            assertArrayEquals(pkA.b()[r], pkB.b()[r]);
        }
        EvaluationKeys ekA = (EvaluationKeys) a[2];
        EvaluationKeys ekB = (EvaluationKeys) b[2];
        assertArrayEquals(ekA.relinearization().seed(), ekB.relinearization().seed());
        assertArrayEquals(ekA.relinearization().b(1)[0], ekB.relinearization().b(1)[0]);
        assertTrue(ekA.galois().keySet().equals(ekB.galois().keySet()));
        for (Map.Entry<Long, io.smile.he.rlwe.KeySwitchKey> e : ekA.galois().entrySet()) {
            assertArrayEquals(e.getValue().b(0)[1], ekB.galois().get(e.getKey()).b(0)[1]);
        }
    }
}

package io.smile.he.bench;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.BgvKeyGenerator;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Encryptor;
import io.smile.he.bgv.EvaluationKeys;
import io.smile.he.bgv.Evaluator;
import io.smile.he.ring.RandomSource;
import io.smile.he.rlwe.KeySwitchKey;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SerializedSizesTest {
    /** N = 1024, q = 40 + 2 x 30 bits, p = 41 bits: limbs of 5120, 3840, 3840 and 5248 bytes. */
    private static BgvParameters params() {
        return BgvParameters.builder().degree(1024).plainModulus(65537).ciphertextPrimeBits(40, 30, 30)
                .specialPrimeBits(41).allowInsecureForTestsOnly().build();
    }

    @Test
    void sizesFollowTheBitPackedLayout() {
        BgvParameters p = params();
        try (BgvContext ctx = BgvContext.create(p, 1, RandomSource.deterministicForTestsOnly(5))) {
            SerializedSizes sizes = new SerializedSizes(ctx);
            assertEquals(5120, sizes.limbBytes(0));
            assertEquals(3840, sizes.limbBytes(1));
            assertEquals(5248, sizes.limbBytes(3));
            long q = 5120 + 3840 + 3840;
            long qp = q + 5248;

            BgvKeyGenerator kg = new BgvKeyGenerator(ctx);
            SecretKey sk = kg.secretKey();
            PublicKey pk = kg.publicKey(sk);
            Ciphertext viaPk = Encryptor.withPublicKey(ctx, pk).encrypt(ctx.encoder().encode(new long[] {1, 2, 3}));
            Ciphertext viaSk = Encryptor.withSecretKey(ctx, sk).encrypt(ctx.encoder().encode(new long[] {1, 2, 3}));
            Ciphertext lowest = new Evaluator(ctx, null).modSwitchToLowest(viaPk);
            assertFalse(viaPk.isSeeded());
            assertTrue(viaSk.isSeeded());

            assertEquals(32 + 2 * q, sizes.ciphertext(viaPk));
            assertEquals(32 + q + 32, sizes.ciphertext(viaSk));
            assertEquals(32 + 2 * 5120, sizes.ciphertext(lowest));
            assertEquals(32 + q + 32, sizes.publicKey(pk));

            long fp = p.fingerprint();
            KeySwitchKey rk = kg.relinearizationKey(sk);
            long ksk = 3 * qp + 32; // 3 digits over the 4 primes of QP, plus the seed of every a_i
            assertEquals(32 + 8 + ksk, sizes.evaluationKeys(new EvaluationKeys(fp, rk, Map.of())));
            long g = ctx.rotationElement(1);
            assertEquals(32 + 8 + ksk, sizes.evaluationKeys(new EvaluationKeys(fp, null, Map.of(g, kg.galoisKey(sk, g)))));

            EvaluationKeys all = kg.evaluationKeys(sk);
            // rotations 1, 2, ..., 256 (9 keys) and the row swap
            assertEquals(10, all.galois().size());
            assertEquals(32 + 11 * (8 + ksk), sizes.evaluationKeys(all));
            assertEquals(32 + 8 * (4 + 4), SerializedSizes.parameters(p));
        }
    }
}

package io.smile.federation;

import static io.smile.federation.SecureSumRuntimeTest.CTX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.bgv.BgvKeyGenerator;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Decryptor;
import io.smile.he.bgv.Encryptor;
import io.smile.he.ring.RandomSource;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;
import io.smile.he.wire.BgvSerializer;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What each attempt decrypts: derived by everyone alike from public data, a different c1 per attempt, the same plaintext. */
class AttemptCiphertextsTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void theAttemptSeedIsTheDocumentedHash() {
        byte[] h = new byte[32];
        for (int i = 0; i < 32; i++) {
            h[i] = (byte) (i + 1);
        }
        // Python: hashlib.sha256(b'smile-federation retry' + bytes(range(1, 33)) + struct.pack('>iii', 3, 1, 2))
        assertEquals("c75ed60be37dd8a7ad5992e4b2e461ffc040cdb506af7473808b1727dc682337",
                HEX.formatHex(AttemptCiphertexts.seed(h, 3, 1, 2)));
        assertFalse(HEX.formatHex(AttemptCiphertexts.seed(h, 3, 2, 2)).equals(HEX.formatHex(AttemptCiphertexts.seed(h, 3, 1, 2))));
        assertThrows(IllegalArgumentException.class, () -> AttemptCiphertexts.seed(new byte[31], 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> AttemptCiphertexts.seed(h, 0, -1, 0));
    }

    @Test
    void thePublicSeedExpanderIsAes256CtrUnderItsLabel() {
        byte[] seed = new byte[32];
        for (int i = 0; i < 32; i++) {
            seed[i] = (byte) (0x40 + i);
        }
        // Python (cryptography): AES-256-CTR, key = seed, IV = struct.pack('>Q', PUBLIC_SEED_LABEL) + bytes(8), on zeros
        RandomSource r = RandomSource.expandPublicSeed(seed);
        assertEquals("d12ac0c89529712320ea7e8a3b310f52ecf4442b6e84e942c09df2307c64c487", HEX.formatHex(r.freshSeed()));
        assertEquals("e656af24aaea7bb185ceb21dac3d86663e19cadef9844548b424f113b02343d1", HEX.formatHex(r.freshSeed()));
        assertTrue(r.isDeterministic());
        assertThrows(IllegalArgumentException.class, () -> RandomSource.expandPublicSeed(new byte[16]));
    }

    @Test
    void everyPartyDerivesTheSameCiphertextOfTheSamePlaintextAndEachAttemptHasAnotherC1() {
        BgvKeyGenerator gen = new BgvKeyGenerator(CTX);
        SecretKey sk = gen.secretKey();
        PublicKey pk = gen.publicKey(sk);
        long[] values = new Random(3).longs(CTX.parameters().slotCount(), 0, 1000).toArray();
        Ciphertext aggregate = Encryptor.withPublicKey(CTX, pk).encrypt(CTX.encoder().encode(values));
        byte[] hash = new byte[32];
        hash[0] = 7;
        BgvSerializer ser = new BgvSerializer(CTX);
        List<Ciphertext> member = AttemptCiphertexts.of(CTX, pk, List.of(aggregate), hash, 4, 1);
        List<Ciphertext> coordinator = AttemptCiphertexts.of(CTX, pk, List.of(aggregate), hash, 4, 1);
        assertArrayEquals(ser.writeCiphertext(member.get(0)), ser.writeCiphertext(coordinator.get(0)), "derived alike");
        List<Ciphertext> attempt0 = AttemptCiphertexts.of(CTX, pk, List.of(aggregate), hash, 4, 0);
        byte[] otherHash = hash.clone();
        otherHash[31] = 1;
        List<Ciphertext> otherAggregate = AttemptCiphertexts.of(CTX, pk, List.of(aggregate), otherHash, 4, 1);
        Decryptor dec = new Decryptor(CTX, sk);
        for (Ciphertext ct : List.of(member.get(0), attempt0.get(0), otherAggregate.get(0))) {
            assertArrayEquals(values, CTX.encoder().decode(dec.decrypt(ct)), "the same plaintext");
            assertFalse(java.util.Arrays.deepEquals(aggregate.component(1), ct.component(1)), "another c1 than the aggregate");
        }
        assertFalse(java.util.Arrays.deepEquals(member.get(0).component(1), attempt0.get(0).component(1)), "attempts differ");
        assertFalse(java.util.Arrays.deepEquals(member.get(0).component(1), otherAggregate.get(0).component(1)),
                "bound to the aggregate hash");
        assertThrows(IllegalArgumentException.class, () -> AttemptCiphertexts.of(CTX, pk, List.of(aggregate), hash, 4,
                FederationParameters.MAX_DECRYPTION_ATTEMPTS));
    }
}

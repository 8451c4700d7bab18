package io.smile.he.multiparty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.BgvKeyGenerator;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Decryptor;
import io.smile.he.bgv.Encryptor;
import io.smile.he.bgv.Evaluator;
import io.smile.he.ring.RandomSource;
import io.smile.he.ring.RingContext;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** End-to-end multiparty BGV against the plaintext computation. */
class MultipartyBgvTest {
    private static final BgvContext CTX = MpFixture.CTX;
    private static final long T = MpFixture.PARAMS.plainModulus();
    private static final int SLOTS = MpFixture.PARAMS.degree();
    private static final int HALF = SLOTS / 2;

    /** Random slots in [0, t) with zeros and t-1 at fixed places. */
    static long[] randomVector(long seed) {
        Random r = new Random(seed);
        long[] v = new long[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            v[i] = Math.floorMod(r.nextLong(), T);
        }
        v[0] = 0;
        v[1] = T - 1;
        v[2] = T - 1;
        v[3] = 0;
        v[HALF] = T - 1;
        v[HALF + 1] = 0;
        v[SLOTS - 1] = T - 1;
        return v;
    }

    static Ciphertext encrypt(PublicKey pk, long[] v) {
        return Encryptor.withPublicKey(CTX, pk).encrypt(CTX.encoder().encode(v));
    }

    static long[] plainRotate(long[] v, int step) {
        long[] out = new long[SLOTS];
        for (int row = 0; row < 2; row++) {
            for (int j = 0; j < HALF; j++) {
                out[row * HALF + j] = v[row * HALF + (j + step) % HALF];
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0} parties")
    @ValueSource(ints = {3, 5})
    void collectiveKeysEncryptComputeAndDecrypt(int n) {
        MpFixture f = MpFixture.of(n);
        long[] x = randomVector(n);
        long[] y = randomVector(100 + n);
        Ciphertext cx = encrypt(f.pk, x);
        Ciphertext cy = encrypt(f.pk, y);
        Evaluator ev = new Evaluator(CTX, f.keys);

        assertArrayEquals(x, f.decrypt(cx), "fresh encryption under the collective key");

        long[] sum = new long[SLOTS];
        long[] prod = new long[SLOTS];
        long[] prodPlusX = new long[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            sum[i] = (x[i] + y[i]) % T;
            prod[i] = x[i] * y[i] % T;
            prodPlusX[i] = (prod[i] + x[i]) % T;
        }
        assertArrayEquals(sum, f.decrypt(ev.add(cx, cy)), "add");
        Ciphertext cp = ev.multiply(cx, cy);
        assertEquals(2, cp.size());
        assertArrayEquals(prod, f.decrypt(cp), "multiply + collective relinearization");
        Ciphertext rotated = ev.rotateRows(ev.add(cp, cx), 1);
        assertArrayEquals(plainRotate(prodPlusX, 1), f.decrypt(rotated), "rotate with the collective Galois key");
        Ciphertext lower = ev.modSwitch(rotated);
        assertEquals(MpFixture.PARAMS.maxLevel() - 1, lower.level());
        assertArrayEquals(plainRotate(prodPlusX, 1), f.decrypt(lower), "collective decryption at a lower level");
    }

    @Test
    void pcksToRecipientDecryptsOnlyWithRecipientKey() {
        MpFixture f = MpFixture.of(3);
        BgvContext recipientCtx = BgvContext.create(MpFixture.PARAMS, 1, RandomSource.deterministicForTestsOnly(9));
        BgvKeyGenerator kg = new BgvKeyGenerator(recipientCtx);
        SecretKey recipientSk = kg.secretKey();
        PublicKey recipientPk = kg.publicKey(recipientSk);

        long[] x = randomVector(5);
        long[] y = randomVector(6);
        Evaluator ev = new Evaluator(CTX, f.keys);
        Ciphertext ct = ev.multiply(encrypt(f.pk, x), encrypt(f.pk, y));
        long[] expected = new long[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            expected[i] = x[i] * y[i] % T;
        }
        int bits = Smudging.maxBits(CTX, ct.level(), f.n);
        long pid = f.protocol();
        ShareAggregator agg = new ShareAggregator(CTX, ShareType.PCKS, ct.level(), pid, 0, f.ids);
        for (Party p : f.parties) {
            agg.add(p.id(), f.codec.encode(p.pcksShare(pid, ct, recipientPk, bits)));
        }
        Ciphertext switched = Collective.switchedCiphertext(CTX, ct, agg.combine());

        Decryptor recipient = new Decryptor(CTX, recipientSk);
        assertArrayEquals(expected, CTX.encoder().decodeUnsigned(recipient.decrypt(switched)),
                "the recipient decrypts with its own secret key");
        RingContext ring = CTX.ring();
        for (Party p : f.parties) {
            SecretKey share = SecretKey.fromCoefficients(ring, p.secretForTestsOnly());
            long[] got = CTX.encoder().decodeUnsigned(new Decryptor(CTX, share).decrypt(switched));
            assertFalse(Arrays.equals(expected, got), "party " + p.id() + "'s share alone must not decrypt");
            long[] gotOrig = CTX.encoder().decodeUnsigned(new Decryptor(CTX, share).decrypt(ct));
            assertFalse(Arrays.equals(expected, gotOrig), "party " + p.id() + "'s share alone must not decrypt the input");
        }
        // the parties together cannot decrypt the switched ciphertext either (it is under the recipient's key)
        assertFalse(Arrays.equals(expected, f.decrypt(switched)), "the parties' collective key no longer decrypts");
    }

    @Test
    void decryptionWithAMissingShareIsRefused() {
        MpFixture f = MpFixture.of(3);
        Ciphertext ct = encrypt(f.pk, randomVector(7));
        long pid = f.protocol();
        ShareAggregator agg = new ShareAggregator(CTX, ShareType.DECRYPT, ct.level(), pid, 0, f.ids);
        int bits = Smudging.maxBits(CTX, ct.level(), f.n);
        agg.add(10, f.codec.encode(f.parties.get(0).decryptionShare(pid, ct, bits)));
        agg.add(12, f.codec.encode(f.parties.get(2).decryptionShare(pid, ct, bits)));
        assertFalse(agg.isComplete());
        MultipartyProtocolException e = assertThrows(MultipartyProtocolException.class, agg::combine);
        assertEquals(List.of(11), e.parties());
        assertTrue(e.getMessage().contains("[11]"), e.getMessage());
    }

    @Test
    void garbageShareIsAFormatErrorNamingTheParty() {
        MpFixture f = MpFixture.of(3);
        Ciphertext ct = encrypt(f.pk, randomVector(8));
        long pid = f.protocol();
        ShareAggregator agg = new ShareAggregator(CTX, ShareType.DECRYPT, ct.level(), pid, 0, f.ids);
        byte[] garbage = new byte[f.codec.encodedBytes(ShareType.DECRYPT, ct.level())];
        new Random(1).nextBytes(garbage);
        MultipartyFormatException e = assertThrows(MultipartyFormatException.class, () -> agg.add(11, garbage));
        assertEquals(11, e.partyId());
        assertTrue(e.getMessage().contains("party 11"), e.getMessage());
    }

    @Test
    void wellFormedWrongShareGivesAWrongResultUndetected() {
        MpFixture f = MpFixture.of(3);
        long[] x = randomVector(9);
        Ciphertext ct = encrypt(f.pk, x);
        long pid = f.protocol();
        int bits = Smudging.maxBits(CTX, ct.level(), f.n);
        ShareAggregator agg = new ShareAggregator(CTX, ShareType.DECRYPT, ct.level(), pid, 0, f.ids);
        agg.add(10, f.codec.encode(f.parties.get(0).decryptionShare(pid, ct, bits)));
        agg.add(11, f.codec.encode(f.parties.get(1).decryptionShare(pid, ct, bits)));
        // party 12 cheats: a share of the right shape and header but computed on another ciphertext
        Ciphertext other = encrypt(f.pk, randomVector(10));
        Share wrong = f.parties.get(2).decryptionShare(pid, other, bits);
        agg.add(12, f.codec.encode(wrong)); // accepted: nothing to detect it with
        long[] got = CTX.encoder().decodeUnsigned(Collective.decrypt(CTX, ct, agg.combine()));
        assertFalse(Arrays.equals(x, got), "a wrong share silently corrupts the result");
    }

    @Test
    void aggregatorRefusesMisplacedShares() {
        MpFixture f = MpFixture.of(3);
        Ciphertext ct = encrypt(f.pk, randomVector(11));
        int level = ct.level();
        long pid = f.protocol();
        int bits = Smudging.maxBits(CTX, level, f.n);
        Party p10 = f.parties.get(0);
        Share good = p10.decryptionShare(pid, ct, bits);
        ShareAggregator agg = new ShareAggregator(CTX, ShareType.DECRYPT, level, pid, 0, f.ids);

        assertRefused(() -> agg.add(11, good), 11, "claims to be from party 10");
        assertRefused(() -> agg.add(99, good), 99, "not a participant");
        Share wrongProtocol = p10.decryptionShare(pid + 1, ct, bits);
        assertRefused(() -> agg.add(10, wrongProtocol), 10, "protocol id");
        Share wrongType = p10.ckgShare(pid, f.crs);
        assertRefused(() -> agg.add(10, f.codec.encode(wrongType)), 10, "type CKG");
        Ciphertext lower = new Evaluator(CTX, null).modSwitch(ct);
        Share wrongLevel = p10.decryptionShare(pid, lower, bits - 40);
        assertRefused(() -> agg.add(10, f.codec.encode(wrongLevel)), 10, "level");
        Share wrongFingerprint = new Share(ShareType.DECRYPT, good.fingerprint() ^ 1, level, pid, 10, 0, good.polys());
        assertRefused(() -> agg.add(10, wrongFingerprint), 10, "fingerprint");
        MultipartyFormatException fe = assertThrows(MultipartyFormatException.class, () -> agg.add(10, withFingerprint(f.codec.encode(good))));
        assertTrue(fe.getMessage().contains("party 10") && fe.getMessage().contains("parameter set"), fe.getMessage());
        byte[] badRound = f.codec.encode(good);
        badRound[15] = 2; // the round byte
        fe = assertThrows(MultipartyFormatException.class, () -> agg.add(10, badRound));
        assertTrue(fe.getMessage().contains("round"), fe.getMessage());

        agg.add(10, f.codec.encode(good));
        assertRefused(() -> agg.add(10, f.codec.encode(good)), 10, "duplicate");
        assertEquals(java.util.Set.of(11, 12), agg.missing());

        // RTG: the Galois element must match
        ShareAggregator rtg = ShareAggregator.forKeys(CTX, ShareType.RTG, pid, f.rot1, f.ids);
        Share otherElement = p10.rtgShare(pid, f.crs, CTX.rotationElement(2));
        assertRefused(() -> rtg.add(10, f.codec.encode(otherElement)), 10, "Galois element");
        // RKG: a round-2 share is not a round-1 share
        ShareAggregator r1 = ShareAggregator.forKeys(CTX, ShareType.RKG_ROUND1, pid, 0, f.ids);
        Share fakeRound2 = new Share(ShareType.RKG_ROUND2, good.fingerprint(), MpFixture.PARAMS.maxLevel(), pid, 10, 0,
                new long[2 * CTX.ring().qCount()][CTX.ring().qCount() + 1][SLOTS]);
        assertRefused(() -> r1.add(10, fakeRound2), 10, "type RKG_ROUND2");
    }

    private static byte[] withFingerprint(byte[] msg) {
        byte[] out = msg.clone();
        out[6] ^= 0x40; // first byte of the parameter fingerprint
        return out;
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable action, int party, String fragment) {
        MultipartyProtocolException e = assertThrows(MultipartyProtocolException.class, action);
        assertEquals(List.of(party), e.parties(), e.getMessage());
        assertTrue(e.getMessage().contains("party " + party), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should mention " + fragment);
    }
}

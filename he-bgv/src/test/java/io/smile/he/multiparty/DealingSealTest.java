package io.smile.he.multiparty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.ring.RandomSource;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The X25519 / HKDF-SHA256 / AES-256-GCM channel for dealings. */
class DealingSealTest {
    private static final SecureRandom RNG = new SecureRandom();
    private static final long FP = MpFixture.PARAMS.fingerprint();

    @Test
    void hkdfMatchesRfc5869TestCase1() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] ikm = new byte[22];
        Arrays.fill(ikm, (byte) 0x0b);
        byte[] okm = DealingSeal.hkdf(hex.parseHex("000102030405060708090a0b0c"), ikm,
                hex.parseHex("f0f1f2f3f4f5f6f7f8f9"), 42);
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                hex.formatHex(okm));
    }

    @Test
    void rawKeysRoundTrip() throws Exception {
        for (int i = 0; i < 8; i++) {
            KeyPair kp = DealingSeal.generate(RNG);
            byte[] raw = DealingSeal.raw(kp.getPublic());
            assertEquals(32, raw.length);
            assertArrayEquals(raw, DealingSeal.raw(DealingSeal.fromRaw(raw)));
        }
    }

    @Test
    void sealOpensOnlyForItsRecipientAndOnlyUntampered() {
        KeyPair dealer = DealingSeal.generate(RNG);
        KeyPair recipient = DealingSeal.generate(RNG);
        KeyPair other = DealingSeal.generate(RNG);
        byte[] d = DealingSeal.raw(dealer.getPublic());
        byte[] r = DealingSeal.raw(recipient.getPublic());
        byte[] o = DealingSeal.raw(other.getPublic());
        byte[] aad = "header".getBytes();
        byte[] msg = new byte[1000];
        new Random(3).nextBytes(msg);
        byte[] sealed = DealingSeal.seal(FP, 9, 1, 2, dealer.getPrivate(), d, r, aad, msg, RNG);
        assertEquals(msg.length + DealingSeal.overhead(), sealed.length);
        assertFalse(Arrays.equals(msg, Arrays.copyOfRange(sealed, 12, 12 + msg.length)), "encrypted");
        assertArrayEquals(msg, DealingSeal.open(FP, 9, 1, 2, recipient.getPrivate(), d, r, aad, sealed));
        // two seals of the same message differ (fresh nonce)
        assertFalse(Arrays.equals(sealed, DealingSeal.seal(FP, 9, 1, 2, dealer.getPrivate(), d, r, aad, msg, RNG)));

        // the wrong recipient (its own key), the wrong direction, another session or parameter set
        expectFailure(() -> DealingSeal.open(FP, 9, 1, 3, other.getPrivate(), d, o, aad, sealed));
        MultipartyFormatException reversed = assertThrows(MultipartyFormatException.class,
                () -> DealingSeal.open(FP, 9, 2, 1, recipient.getPrivate(), d, r, aad, sealed));
        assertEquals(2, reversed.partyId(), "the claimed dealer is named");
        expectFailure(() -> DealingSeal.open(FP, 10, 1, 2, recipient.getPrivate(), d, r, aad, sealed));
        expectFailure(() -> DealingSeal.open(FP ^ 1, 9, 1, 2, recipient.getPrivate(), d, r, aad, sealed));
        // tampered associated data, nonce, ciphertext, tag; truncated
        expectFailure(() -> DealingSeal.open(FP, 9, 1, 2, recipient.getPrivate(), d, r, "Header".getBytes(), sealed));
        for (int pos : new int[] {0, 11, 12, 500, sealed.length - 16, sealed.length - 1}) {
            byte[] t = sealed.clone();
            t[pos] ^= (byte) 0x80;
            expectFailure(() -> DealingSeal.open(FP, 9, 1, 2, recipient.getPrivate(), d, r, aad, t));
        }
        expectFailure(() -> DealingSeal.open(FP, 9, 1, 2, recipient.getPrivate(), d, r, aad, Arrays.copyOf(sealed, 20)));
        // a small-order (all-zero) peer key is refused rather than giving a predictable key
        expectFailure(() -> DealingSeal.open(FP, 9, 1, 2, recipient.getPrivate(), new byte[32], r, aad, sealed));
    }

    private static void expectFailure(org.junit.jupiter.api.function.Executable action) {
        MultipartyFormatException e = assertThrows(MultipartyFormatException.class, action);
        assertEquals(1, e.partyId(), e.getMessage());
    }

    /** A correctly sealed dealing whose plaintext has a coefficient >= its prime is a format error. */
    @Test
    void openedDealingIsRangeChecked() {
        List<Integer> ids = List.of(0, 1);
        ShareCodec codec = new ShareCodec(MpFixture.CTX);
        ThresholdParty victim = new ThresholdParty(new Party(MpFixture.CTX, 0, RandomSource.deterministicForTestsOnly(8)),
                2, ids, 44, RNG);
        KeyPair attacker = DealingSeal.generate(RNG);
        byte[] a = DealingSeal.raw(attacker.getPublic());
        victim.acceptTransportKey(1, codec.encodeTransportKey(44, 1, a));
        byte[] v = Arrays.copyOfRange(victim.transportKeyMessage(), ShareCodec.HEADER_BYTES, ShareCodec.HEADER_BYTES + 32);
        int plainBytes = codec.encodedBytes(ShareType.DEALING, MpFixture.PARAMS.maxLevel())
                - ShareCodec.HEADER_BYTES - DealingSeal.overhead();
        byte[] header = codec.dealingHeader(44, 1, 0);

        byte[] plain = new byte[plainBytes];
        Arrays.fill(plain, 0, 6, (byte) 0xFF); // first coefficient = 2^45 - 1 >= q_0 (45 bits)
        byte[] bad = codec.encodeDealing(header,
                DealingSeal.seal(FP, 44, 1, 0, attacker.getPrivate(), a, v, header, plain, RNG));
        ThresholdBgvTest.assertFormat(() -> victim.receiveDealing(1, bad), 1, "not below its prime");

        byte[] ok = codec.encodeDealing(header,
                DealingSeal.seal(FP, 44, 1, 0, attacker.getPrivate(), a, v, header, new byte[plainBytes], RNG));
        victim.receiveDealing(1, ok); // well-formed: accepted (no VSS, see the docs)
        assertEquals(List.of(0), List.copyOf(victim.missingDealings()));
        assertTrue(victim.deal().containsKey(1));
        assertTrue(victim.isSetupComplete());
    }
}

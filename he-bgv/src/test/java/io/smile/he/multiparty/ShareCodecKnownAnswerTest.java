package io.smile.he.multiparty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.ring.RingContext;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Pins version 1 of the share format: SHA-256 of messages whose coefficients follow a fixed
 * formula (no sampling involved), so a change of these hashes is a change of the byte layout and
 * must come with a new {@link ShareCodec#VERSION}.
 */
class ShareCodecKnownAnswerTest {
    // N = 1024, t = 65537; primes of 59 and 37 bits (q) and 61 bits (P): rows at more and at
    // fewer than 56 bits, and 37 * 1024 bits is a whole number of bytes while 59 * 5 is not
    static final long[] Q = {576460752303421441L, 137438939137L};
    static final long[] P = {2305843009213683713L};

    static final String DECRYPT_LEVEL0_SHA256 = "0d994783b1b98de3cd99dbc6c5ffd608f690429ef12a7c4c5bffc20e70dc84bd";
    static final String CKG_SHA256 = "ebdeba8daa78f049fe0f87bd5520088d4f50b18542a93046a52fb140ecee0a3a";
    static final String DEALING_PLAINTEXT_SHA256 = "f486691012a8fc120402f4c316edb6bc919e56ef89343c9ff66dec679b191a3b";

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** Coefficient i of row r of poly k: a fixed odd-multiplier walk reduced below the row's prime, with 0 and q-1 at the ends. */
    private static long[][] poly(RingContext ring, int[] idx, int k) {
        int n = ring.degree();
        long[][] poly = new long[idx.length][n];
        for (int r = 0; r < idx.length; r++) {
            long q = ring.modulus(idx[r]).value();
            for (int i = 0; i < n; i++) {
                long x = (i + 1L + 1000L * r + 100000L * k) * 0x9E3779B97F4A7C15L;
                poly[r][i] = Long.remainderUnsigned(x, q);
            }
            poly[r][0] = 0;
            poly[r][n - 1] = q - 1;
        }
        return poly;
    }

    private static Share share(BgvContext ctx, ShareType type, int level, int partyId, long aux) {
        RingContext ring = ctx.ring();
        int[] idx = type.indices(ring, level);
        long[][][] polys = new long[type.polyCount(ring)][][];
        for (int k = 0; k < polys.length; k++) {
            polys[k] = poly(ring, idx, k);
        }
        return new Share(type, ctx.parameters().fingerprint(), level, 0x0123456789abcdefL, partyId, aux, polys);
    }

    @Test
    void pinnedHashes() {
        try (BgvContext ctx = BgvContext.create(BgvParameters.of(1024, 65537, Q, P, true), 1)) {
            ShareCodec codec = new ShareCodec(ctx);
            Share decrypt = share(ctx, ShareType.DECRYPT, 0, 3, 0);
            Share ckg = share(ctx, ShareType.CKG, ctx.parameters().maxLevel(), Share.COMBINED, 0);
            long[][] dealing = poly(ctx.ring(), ShareType.DEALING.indices(ctx.ring(), ctx.parameters().maxLevel()), 0);

            byte[] decryptBytes = codec.encode(decrypt);
            byte[] ckgBytes = codec.encode(ckg);
            byte[] dealingBytes = codec.packDealing(dealing);
            assertEquals(DECRYPT_LEVEL0_SHA256, sha256(decryptBytes), "decryption share at level 0");
            assertEquals(CKG_SHA256, sha256(ckgBytes), "combined CKG share");
            assertEquals(DEALING_PLAINTEXT_SHA256, sha256(dealingBytes), "dealing plaintext");

            // least significant bit first: the first payload byte holds the low 8 bits of coefficient 0 (= 0)
            // and then of coefficient 1
            long c1 = decrypt.poly(0)[0][1];
            assertEquals(0, decryptBytes[ShareCodec.HEADER_BYTES]);
            assertEquals((byte) (c1 << 3), decryptBytes[ShareCodec.HEADER_BYTES + 7], "bits 56..63: 3 of c0, 5 of c1");

            assertArrayEquals(decryptBytes, codec.encode(codec.decode(decryptBytes)));
            assertArrayEquals(ckgBytes, codec.encode(codec.decode(ckgBytes)));
            long[][] back = codec.unpackDealing(dealingBytes);
            for (int r = 0; r < dealing.length; r++) {
                assertArrayEquals(dealing[r], back[r], "dealing row " + r);
            }
        }
    }
}

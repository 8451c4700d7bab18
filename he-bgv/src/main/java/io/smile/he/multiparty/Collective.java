package io.smile.he.multiparty;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Decryptor;
import io.smile.he.bgv.Plaintext;
import io.smile.he.ring.RingContext;
import io.smile.he.ring.RnsOps;
import io.smile.he.rlwe.KeySwitchKey;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;

/**
 * Turns combined shares into ordinary engine objects: the collective public key, Galois and
 * relinearization keys (usable by {@code bgv.Encryptor}, {@code bgv.EvaluationKeys} and
 * {@code bgv.Evaluator} exactly like single-party keys), a ciphertext re-encrypted under a
 * recipient's key, or a plaintext. Runs on public data only.
 */
public final class Collective {
    private Collective() {
    }

    private static void expect(BgvContext ctx, Share s, ShareType type) {
        if (s.type() != type || s.partyId() != Share.COMBINED) {
            throw new IllegalArgumentException("expected the combined " + type + " shares, got " + s);
        }
        new ShareCodec(ctx).checkShape(s);
    }

    /** pk = (&Sigma; p_i, a) for the collective secret s = &Sigma; s_i; a and its seed from the CRS. */
    public static PublicKey publicKey(BgvContext ctx, CommonReferenceString crs, Share combinedCkg) {
        expect(ctx, combinedCkg, ShareType.CKG);
        return new PublicKey(RnsOps.copy(combinedCkg.poly(0)), crs.ckgA(ctx.ring()), crs.ckgSeed());
    }

    /** The Galois key (&Sigma; b_ij, a_i) switching sigma_g(s) to s, g = the share's aux field. */
    public static KeySwitchKey galoisKey(BgvContext ctx, CommonReferenceString crs, Share combinedRtg) {
        expect(ctx, combinedRtg, ShareType.RTG);
        long g = combinedRtg.aux();
        RingContext ring = ctx.ring();
        int digits = ring.qCount();
        long[][][] b = new long[digits][][];
        long[][][] a = new long[digits][][];
        for (int d = 0; d < digits; d++) {
            b[d] = RnsOps.copy(combinedRtg.poly(d));
            a[d] = crs.rtgA(ring, g, d);
        }
        return new KeySwitchKey(b, a, crs.rtgSeed(g));
    }

    /**
     * The relinearization key from the two combined rounds: digit d is
     * (H0'[d] + H1'[d], H1[d]). Its a-part H1 is not the expansion of a seed, so this key cannot be
     * sent through {@code wire.BgvSerializer} (which transmits a as a seed); ship the combined
     * shares instead (they are public) and rebuild it with this method.
     */
    public static KeySwitchKey relinearizationKey(BgvContext ctx, CommonReferenceString crs, Share combinedRound1,
                                                  Share combinedRound2) {
        expect(ctx, combinedRound1, ShareType.RKG_ROUND1);
        expect(ctx, combinedRound2, ShareType.RKG_ROUND2);
        if (combinedRound1.protocolId() != combinedRound2.protocolId()) {
            throw new IllegalArgumentException("round 1 and round 2 belong to different protocol runs ("
                    + combinedRound1.protocolId() + ", " + combinedRound2.protocolId() + ")");
        }
        RingContext ring = ctx.ring();
        int digits = ring.qCount();
        int[] idx = ring.qpIndices(digits - 1);
        long[][][] b = new long[digits][][];
        long[][][] a = new long[digits][][];
        for (int d = 0; d < digits; d++) {
            b[d] = new long[idx.length][ring.degree()];
            RnsOps.add(ring, combinedRound2.poly(d), combinedRound2.poly(digits + d), b[d], idx);
            a[d] = RnsOps.copy(combinedRound1.poly(digits + d));
        }
        return new KeySwitchKey(b, a, crs.rkgSeed());
    }

    /** (c0 + &Sigma; h0_i, &Sigma; h1_i): the same message under the recipient's key. */
    public static Ciphertext switchedCiphertext(BgvContext ctx, Ciphertext ct, Share combinedPcks) {
        expect(ctx, combinedPcks, ShareType.PCKS);
        checkLevel(ct, combinedPcks);
        RingContext ring = ctx.ring();
        int[] idx = ring.qIndices(ct.level());
        long[][] c0 = new long[idx.length][ring.degree()];
        RnsOps.add(ring, ct.component(0), combinedPcks.poly(0), c0, idx);
        return new Ciphertext(ct.fingerprint(), new long[][][] {c0, RnsOps.copy(combinedPcks.poly(1))},
                ct.level(), ct.factor(), null);
    }

    /** m = c0 + &Sigma; (s_i*c1 + t*f_i) = c0 + s*c1 + t*(&Sigma; f_i), then mod q, mod t. */
    public static Plaintext decrypt(BgvContext ctx, Ciphertext ct, Share combinedDecryption) {
        expect(ctx, combinedDecryption, ShareType.DECRYPT);
        checkLevel(ct, combinedDecryption);
        RingContext ring = ctx.ring();
        int level = ct.level();
        int[] idx = ring.qIndices(level);
        long[][] v = new long[idx.length][ring.degree()];
        RnsOps.add(ring, ct.component(0), combinedDecryption.poly(0), v, idx);
        // v is the phase under the zero key: let the engine's decryptor (mod-switch to q_0,
        // centre, reduce mod t, divide by the factor) finish with s = 0.
        SecretKey zero = SecretKey.fromCoefficients(ring, new byte[ring.degree()]);
        Ciphertext phase = new Ciphertext(ct.fingerprint(), new long[][][] {v, new long[idx.length][ring.degree()]},
                level, ct.factor(), null);
        return new Decryptor(ctx, zero).decrypt(phase);
    }

    private static void checkLevel(Ciphertext ct, Share s) {
        if (ct.size() != 2) {
            throw new IllegalArgumentException("ciphertext must have 2 components");
        }
        if (ct.level() != s.level()) {
            throw new IllegalArgumentException("shares are for level " + s.level() + ", ciphertext is at level " + ct.level());
        }
    }
}

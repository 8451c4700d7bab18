package io.smile.he.multiparty;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.ring.Automorphism;
import io.smile.he.ring.Modulus;
import io.smile.he.ring.Prng;
import io.smile.he.ring.RandomSource;
import io.smile.he.ring.RingContext;
import io.smile.he.ring.RnsOps;
import io.smile.he.ring.Sampler;
import io.smile.he.rlwe.PublicKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One party of the n-out-of-n multiparty BGV protocols (Mouchet, Troncoso-Pastoriza, Bossuat,
 * Hubaux, PETS 2021). It holds its ternary secret share s_i (the collective secret is
 * s = &Sigma; s_i) and only ever emits {@link Share}s computed from it; there is no method that
 * returns s_i. All randomness (s_i, errors, ephemeral u_i, smudging) comes from the party's own
 * {@link RandomSource}.
 *
 * <p>Errors are multiplied by t (BGV convention) so every key and share stays a valid BGV object.
 */
public final class Party {
    private final int id;
    private final BgvContext ctx;
    private final RingContext ring;
    private final RandomSource random;
    private final long t;
    private final byte[] secret;
    /** s_i in NTT form over every prime of Q*P. */
    private final long[][] secretNtt;
    /** Ephemeral u_i of unfinished RKG runs, by protocol id (used once in round 2, then wiped). */
    private final Map<Long, byte[]> rkgEphemeral = new HashMap<>();

    /** A party drawing its secret and noise from the context's randomness source. */
    public Party(BgvContext ctx, int id) {
        this(ctx, id, ctx.random());
    }

    public Party(BgvContext ctx, int id, RandomSource random) {
        if (id < 0) {
            throw new IllegalArgumentException("party ids are non-negative, got " + id);
        }
        this.id = id;
        this.ctx = ctx;
        this.ring = ctx.ring();
        this.random = random;
        this.t = ctx.parameters().plainModulus();
        Prng prng = new Prng(random.freshSeed(), 0);
        this.secret = Sampler.ternaryPoly(prng, ring.degree());
        prng.wipe();
        this.secretNtt = ring.smallToNtt(secret, allIndices());
    }

    public int id() {
        return id;
    }

    private int maxLevel() {
        return ring.qCount() - 1;
    }

    private int[] allIndices() {
        return ring.qpIndices(ring.qCount() - 1);
    }

    private long fingerprint() {
        return ctx.parameters().fingerprint();
    }

    /** s_i restricted to the given rows: rows 0..level, or all of Q*P. */
    private long[][] s(int rows) {
        return RnsOps.prefix(secretNtt, rows);
    }

    private long[][] errorTimesT(int[] idx) {
        Prng prng = new Prng(random.freshSeed(), 0);
        byte[] e = Sampler.gaussianPoly(prng, ring.degree());
        prng.wipe();
        long[][] out = ring.smallToNtt(e, idx);
        Arrays.fill(e, (byte) 0);
        RnsOps.mulScalar(ring, out, t, out, idx);
        return out;
    }

    private byte[] ternary() {
        Prng prng = new Prng(random.freshSeed(), 0);
        byte[] u = Sampler.ternaryPoly(prng, ring.degree());
        prng.wipe();
        return u;
    }

    /** P mod q_digit. */
    private long pModQ(int digit) {
        Modulus qi = ring.modulus(digit);
        long p = 1;
        for (int k = 0; k < ring.pCount(); k++) {
            p = qi.mul(p, qi.reduce(ring.modulus(ring.qCount() + k).value()));
        }
        return p;
    }

    /** row[digit] += [P mod q_digit] * x[digit] (the gadget term P*g_digit*x). */
    private void addGadget(long[][] poly, int digit, long[] x) {
        Modulus qi = ring.modulus(digit);
        long w = pModQ(digit);
        long[] row = poly[digit];
        for (int j = 0; j < row.length; j++) {
            row[j] = qi.add(row[j], qi.mul(w, x[j]));
        }
    }

    // ---------------------------------------------------------------- CKG

    /** Collective public key share p_i = -a*s_i + t*e_i over Q (a from the CRS). */
    public Share ckgShare(long protocolId, CommonReferenceString crs) {
        int[] idx = ring.qIndices(maxLevel());
        long[][] a = crs.ckgA(ring);
        long[][] p = errorTimesT(idx);
        long[][] as = new long[idx.length][ring.degree()];
        RnsOps.mul(ring, a, s(idx.length), as, idx);
        RnsOps.sub(ring, p, as, p, idx);
        return new Share(ShareType.CKG, fingerprint(), maxLevel(), protocolId, id, 0, new long[][][] {p});
    }

    // ---------------------------------------------------------------- RTG

    /**
     * Galois key share for X -> X^g, one polynomial per digit over Q*P:
     * b_i = -a_i*s_j + t*e_ij + [P mod q_i]*sigma_g(s_j) on row i.
     */
    public Share rtgShare(long protocolId, CommonReferenceString crs, long galoisElement) {
        int[] idx = allIndices();
        byte[] rotated = Automorphism.applySmall(secret, galoisElement);
        long[][] rotatedNtt = ring.smallToNtt(rotated, ring.qIndices(maxLevel()));
        Arrays.fill(rotated, (byte) 0);
        int digits = ring.qCount();
        long[][][] out = new long[digits][][];
        for (int d = 0; d < digits; d++) {
            long[][] a = crs.rtgA(ring, galoisElement, d);
            long[][] b = errorTimesT(idx);
            long[][] as = new long[idx.length][ring.degree()];
            RnsOps.mul(ring, a, secretNtt, as, idx);
            RnsOps.sub(ring, b, as, b, idx);
            addGadget(b, d, rotatedNtt[d]);
            out[d] = b;
        }
        wipe(rotatedNtt);
        return new Share(ShareType.RTG, fingerprint(), maxLevel(), protocolId, id, galoisElement, out);
    }

    // ---------------------------------------------------------------- RKG

    /**
     * Relinearization key, round 1. Draws an ephemeral ternary u_i (kept until round 2 of the same
     * protocol id) and outputs, per digit d over Q*P:
     * h0_i[d] = -u_i*a_d + [P mod q_d]*s_i (row d) + t*e0, h1_i[d] = s_i*a_d + t*e1.
     */
    public Share rkgRound1(long protocolId, CommonReferenceString crs) {
        if (rkgEphemeral.containsKey(protocolId)) {
            throw new IllegalStateException("party " + id + " already ran RKG round 1 of protocol " + protocolId);
        }
        int[] idx = allIndices();
        byte[] u = ternary();
        long[][] uNtt = ring.smallToNtt(u, idx);
        int digits = ring.qCount();
        long[][][] out = new long[2 * digits][][];
        for (int d = 0; d < digits; d++) {
            long[][] a = crs.rkgA(ring, d);
            long[][] h0 = errorTimesT(idx);
            long[][] ua = new long[idx.length][ring.degree()];
            RnsOps.mul(ring, a, uNtt, ua, idx);
            RnsOps.sub(ring, h0, ua, h0, idx);
            addGadget(h0, d, secretNtt[d]);
            long[][] h1 = errorTimesT(idx);
            RnsOps.mulAdd(ring, a, secretNtt, h1, idx);
            out[d] = h0;
            out[digits + d] = h1;
        }
        wipe(uNtt);
        rkgEphemeral.put(protocolId, u);
        return new Share(ShareType.RKG_ROUND1, fingerprint(), maxLevel(), protocolId, id, 0, out);
    }

    /**
     * Relinearization key, round 2, from the combined round-1 shares (H0, H1): per digit
     * h0'_i[d] = s_i*H0[d] + t*e2, h1'_i[d] = (u_i - s_i)*H1[d] + t*e3. Consumes u_i.
     */
    public Share rkgRound2(Share combinedRound1) {
        if (combinedRound1.type() != ShareType.RKG_ROUND1 || combinedRound1.partyId() != Share.COMBINED) {
            throw new IllegalArgumentException("round 2 needs the combined round-1 shares, got " + combinedRound1);
        }
        new ShareCodec(ctx).checkShape(combinedRound1);
        long protocolId = combinedRound1.protocolId();
        byte[] u = rkgEphemeral.remove(protocolId);
        if (u == null) {
            throw new IllegalStateException("party " + id + " has no RKG round 1 state for protocol " + protocolId
                    + " (round 1 not run, or round 2 already done)");
        }
        int[] idx = allIndices();
        byte[] uMinusS = new byte[u.length];
        for (int i = 0; i < u.length; i++) {
            uMinusS[i] = (byte) (u[i] - secret[i]);
        }
        Arrays.fill(u, (byte) 0);
        long[][] umsNtt = ring.smallToNtt(uMinusS, idx);
        Arrays.fill(uMinusS, (byte) 0);
        int digits = ring.qCount();
        long[][][] out = new long[2 * digits][][];
        for (int d = 0; d < digits; d++) {
            long[][] h0 = errorTimesT(idx);
            RnsOps.mulAdd(ring, combinedRound1.poly(d), secretNtt, h0, idx);
            long[][] h1 = errorTimesT(idx);
            RnsOps.mulAdd(ring, combinedRound1.poly(digits + d), umsNtt, h1, idx);
            out[d] = h0;
            out[digits + d] = h1;
        }
        wipe(umsNtt);
        return new Share(ShareType.RKG_ROUND2, fingerprint(), maxLevel(), protocolId, id, 0, out);
    }

    // ---------------------------------------------------------------- key switching

    private static void checkCiphertext(BgvContext ctx, Ciphertext ct) {
        ctx.checkSame(ct.fingerprint(), "ciphertext");
        if (ct.size() != 2) {
            throw new IllegalArgumentException("relinearize the ciphertext before key switching (size " + ct.size() + ")");
        }
    }

    /**
     * Public-key switching share towards the recipient's public key (b, a):
     * h0_i = s_i*c1 + u_i*b + t*f_i (f_i smudging, uniform in [-2^B, 2^B)), h1_i = u_i*a + t*e1_i.
     */
    public Share pcksShare(long protocolId, Ciphertext ct, PublicKey recipient, int smudgingBits) {
        checkCiphertext(ctx, ct);
        return pcksShare(protocolId, ct, recipient, smudgingBits, s(ct.level() + 1), 0);
    }

    /**
     * PCKS share with an explicit secret (rows over Q_level, NTT form) and aux field: the threshold
     * variant passes its Lagrange-weighted Shamir share and the active-set digest. The ephemeral
     * u_i, e1_i and the smudging f_i stay this party's own small/flooding noise.
     */
    Share pcksShare(long protocolId, Ciphertext ct, PublicKey recipient, int smudgingBits, long[][] secretRows, long aux) {
        checkCiphertext(ctx, ct);
        int level = ct.level();
        Smudging.check(ctx, level, smudgingBits);
        int[] idx = ring.qIndices(level);
        int rows = idx.length;
        byte[] u = ternary();
        long[][] uNtt = ring.smallToNtt(u, idx);
        Arrays.fill(u, (byte) 0);
        long[][] h0 = Smudging.floodTimesT(ring, t, random, idx, smudgingBits);
        RnsOps.mulAdd(ring, ct.component(1), RnsOps.prefix(secretRows, rows), h0, idx);
        RnsOps.mulAdd(ring, RnsOps.prefix(recipient.b(), rows), uNtt, h0, idx);
        long[][] h1 = errorTimesT(idx);
        RnsOps.mulAdd(ring, RnsOps.prefix(recipient.a(), rows), uNtt, h1, idx);
        wipe(uNtt);
        return new Share(ShareType.PCKS, fingerprint(), level, protocolId, id, aux, new long[][][] {h0, h1});
    }

    /**
     * Collective decryption share (key switching to the zero key): s_i*c1 + t*f_i with f_i
     * uniform in [-2^B, 2^B).
     */
    public Share decryptionShare(long protocolId, Ciphertext ct, int smudgingBits) {
        checkCiphertext(ctx, ct);
        return decryptionShare(protocolId, ct, smudgingBits, s(ct.level() + 1), 0);
    }

    /**
     * Decryption share with an explicit secret (rows over Q_level) and aux field. The smudging
     * t*f_i is added after the multiplication by the secret, so a Lagrange weight on the secret
     * does not scale the noise.
     */
    Share decryptionShare(long protocolId, Ciphertext ct, int smudgingBits, long[][] secretRows, long aux) {
        checkCiphertext(ctx, ct);
        int level = ct.level();
        Smudging.check(ctx, level, smudgingBits);
        int[] idx = ring.qIndices(level);
        long[][] h = Smudging.floodTimesT(ring, t, random, idx, smudgingBits);
        RnsOps.mulAdd(ring, ct.component(1), RnsOps.prefix(secretRows, idx.length), h, idx);
        return new Share(ShareType.DECRYPT, fingerprint(), level, protocolId, id, aux, new long[][][] {h});
    }

    BgvContext context() {
        return ctx;
    }

    RandomSource random() {
        return random;
    }

    /** A copy of s_i in NTT form over Q*P, for the threshold dealing (same package only). */
    long[][] secretNttCopy() {
        long[][] out = new long[secretNtt.length][];
        for (int r = 0; r < out.length; r++) {
            out[r] = secretNtt[r].clone();
        }
        return out;
    }

    /** Test support only (same package): the ternary share, so tests can show what it cannot decrypt. */
    byte[] secretForTestsOnly() {
        return secret.clone();
    }

    /** Best effort: overwrite s_i and pending ephemeral values. The party is unusable afterwards. */
    public void destroy() {
        Arrays.fill(secret, (byte) 0);
        wipe(secretNtt);
        for (byte[] u : rkgEphemeral.values()) {
            Arrays.fill(u, (byte) 0);
        }
        rkgEphemeral.clear();
    }

    private static void wipe(long[][] poly) {
        for (long[] row : poly) {
            Arrays.fill(row, 0);
        }
    }

    @Override
    public String toString() {
        return "Party(" + id + ", secret redacted)";
    }
}

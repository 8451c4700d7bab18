package io.smile.he.multiparty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Encryptor;
import io.smile.he.bgv.Evaluator;
import io.smile.he.ring.RandomSource;
import io.smile.he.ring.RingContext;
import io.smile.he.rlwe.PublicKey;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The threshold-share reuse attack, played by a coordinator that holds no key share, against the
 * real {@link ThresholdParty} at the federation's parameters (N = 8192, t = 274877562881, three
 * 54-bit primes and a 54-bit special prime, smudging B = 30 + 40 + 13 = 83 bits; the builder call
 * of smile-federation's FederationParameters, repeated here).
 *
 * <p>A share of party i for active set S is y_S = lambda_S * X + t * f_S (mod Q) with X = sh_i * c1
 * and f_S uniform in [-2^B, 2^B). lambda_S = P_S / R_S is a rational with small numerator and
 * denominator (products of the points x = id + 1), so for two sets S, S' the combination
 * (P_S' R_S * y_S - P_S R_S' * y_S') / t cancels X and is, centred, the exact integer
 * alpha * f_S - beta * f_S'. Each such relation fixes f_S modulo beta / gcd(alpha, beta); by CRT
 * over several sets the flood is fixed modulo M, unique in the box once M &gt; 2^(B+1). Then X and
 * the Shamir share sh_i = X / c1 follow, and t recovered shares give the collective secret.
 *
 * <p>Note what this does NOT need: the 2-D closest-vector step one might expect. Because
 * lambda_S' / lambda_S is a small rational, the lattice {(a, b): b = (lambda_S'/lambda_S) a mod Q}
 * always contains the short vector (P_S R_S', P_S' R_S) / g, so with small ids the solutions form a
 * long line and the attack learns only about log2(M) bits of each 84-bit flood; with ids spread over
 * [0, 2^31) M is the product of the differences and three sets suffice.
 */
class ShareReuseAttackTest {
    static final BgvParameters PARAMS = BgvParameters.builder().degree(8192).plainModulus(274_877_562_881L)
            .ciphertextPrimeBits(54, 54, 54).specialPrimeBits(54).build();
    static final BgvContext CTX = BgvContext.create(PARAMS, 2, RandomSource.deterministicForTestsOnly(8192));
    static final RingContext RING = CTX.ring();
    static final int LEVEL = PARAMS.maxLevel();
    static final int[] IDX = RING.qIndices(LEVEL);
    static final BigInteger Q = product();
    static final BigInteger T = BigInteger.valueOf(PARAMS.plainModulus());
    /** Smudging.bits(ctx, maxLevel, members, 30, 40), as the federation computes it for 4 members. */
    static final int B = Smudging.bits(CTX, LEVEL, 4, 30, 40);

    /** Four parties that ran CKG and the Shamir setup (t = 2), plus the collective public key. */
    static final class Group {
        final Map<Integer, ThresholdParty> parties = new TreeMap<>();
        final PublicKey pk;

        Group(List<Integer> ids, long seed) {
            for (int id : ids) {
                Party p = new Party(CTX, id, RandomSource.deterministicForTestsOnly(seed + id));
                parties.put(id, new ThresholdParty(p, 2, ids, 77, new SecureRandom()));
            }
            CommonReferenceString crs = CommonReferenceString.fresh(RandomSource.deterministicForTestsOnly(seed));
            ShareCodec codec = new ShareCodec(CTX);
            ShareAggregator ckg = ShareAggregator.forKeys(CTX, ShareType.CKG, 1, 0, ids);
            for (ThresholdParty p : parties.values()) {
                ckg.add(p.id(), codec.encode(p.party().ckgShare(1, crs)));
            }
            pk = Collective.publicKey(CTX, crs, ckg.combine());
            ThresholdFixture.setup(parties);
        }

        ThresholdParty party(int id) {
            return parties.get(id);
        }

        Ciphertext encryptRandom(long seed) {
            Random r = new Random(seed);
            long[] v = new long[PARAMS.degree()];
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.floorMod(r.nextLong(), PARAMS.plainModulus());
            }
            return Encryptor.withPublicKey(CTX, pk).encrypt(CTX.encoder().encode(v));
        }
    }

    /** Ids spread over [0, 2^31 - 2], as the engine allows; the points are their id + 1. */
    static final List<Integer> SPREAD = List.of(1_197_136_576, 1_213_244_250, 1_806_940_021, 2_132_167_115);

    @Test
    void reusedSharesOfOneCiphertextRevealTheCollectiveSecret() {
        Group g = new Group(SPREAD, 4100);
        int a = SPREAD.get(0);
        int b = SPREAD.get(1);
        g.party(a).disableShareReuseGuardForTestsOnly();
        g.party(b).disableShareReuseGuardForTestsOnly();
        Ciphertext ct = g.encryptRandom(1);
        long pid = 900;
        // the coordinator asks for "retries" with other active sets, all for the same ciphertext
        Map<ActiveSet, long[][]> sharesOfA = new LinkedHashMap<>();
        Map<ActiveSet, long[][]> sharesOfB = new LinkedHashMap<>();
        for (int other : SPREAD) {
            if (other != a) {
                ActiveSet s = new ActiveSet(List.of(a, other));
                sharesOfA.put(s, g.party(a).decryptionShare(pid++, ct, B, s).poly(0));
            }
            if (other != b) {
                ActiveSet s = new ActiveSet(List.of(b, other));
                sharesOfB.put(s, g.party(b).decryptionShare(pid++, ct, B, s).poly(0));
            }
        }
        Recovery ra = recover(a, sharesOfA, ct);
        Recovery rb = recover(b, sharesOfB, ct);
        assertTrue(ra.modulusBits > B + 1, "three sets pin the flood down: M = 2^" + ra.modulusBits);
        System.out.printf("share reuse, spread ids, B = %d: flood fixed modulo 2^%.1f (party %d), 2^%.1f (party %d)%n",
                B, ra.modulusBits, a, rb.modulusBits, b);

        // the recovered Shamir shares are the parties' real ones (over Q_level)
        assertShamirShare(g.party(a), ra.shamirShareNtt);
        assertShamirShare(g.party(b), rb.shamirShareNtt);

        // two of them give the collective secret s = sum of every party's ternary s_i
        ActiveSet ab = new ActiveSet(List.of(a, b));
        long[] la = ab.lagrangeAtZero(RING, a, IDX);
        long[] lb = ab.lagrangeAtZero(RING, b, IDX);
        long[][] s = new long[IDX.length][];
        for (int r = 0; r < IDX.length; r++) {
            var m = RING.modulus(r);
            s[r] = new long[PARAMS.degree()];
            for (int c = 0; c < s[r].length; c++) {
                s[r][c] = m.add(m.mul(la[r], ra.shamirShareNtt[r][c]), m.mul(lb[r], rb.shamirShareNtt[r][c]));
            }
        }
        BigInteger[] sCoeffs = centred(toCoefficients(s));
        int[] expected = new int[PARAMS.degree()];
        for (ThresholdParty p : g.parties.values()) {
            byte[] si = p.party().secretForTestsOnly();
            for (int c = 0; c < expected.length; c++) {
                expected[c] += si[c];
            }
        }
        for (int c = 0; c < expected.length; c++) {
            assertEquals(BigInteger.valueOf(expected[c]), sCoeffs[c], "coefficient " + c + " of the collective secret");
        }
    }

    @Test
    void withSmallIdsTheSameAttackLeavesAHugeCandidateSet() {
        List<Integer> ids = List.of(0, 1, 2, 3);
        Group g = new Group(ids, 5100);
        g.party(0).disableShareReuseGuardForTestsOnly();
        Ciphertext ct = g.encryptRandom(2);
        // every active set that contains party 0: the most a coordinator can ask for
        Map<ActiveSet, long[][]> shares = new LinkedHashMap<>();
        long pid = 1;
        for (List<Integer> set : List.of(List.of(0, 1), List.of(0, 2), List.of(0, 3), List.of(0, 1, 2),
                List.of(0, 1, 3), List.of(0, 2, 3), List.of(0, 1, 2, 3))) {
            ActiveSet s = new ActiveSet(set);
            shares.put(s, g.party(0).decryptionShare(pid++, ct, B, s).poly(0));
        }
        Recovery twoSets = relations(0, firstN(shares, 2));
        Recovery all = relations(0, shares);
        // the true flood (computed from the real Shamir share) satisfies every recovered congruence
        BigInteger[] trueFlood = trueFlood(g.party(0), shares.keySet().iterator().next(),
                shares.values().iterator().next(), ct);
        for (int c = 0; c < trueFlood.length; c++) {
            assertEquals(all.residues[c], trueFlood[c].mod(all.modulus), "coefficient " + c);
            assertEquals(twoSets.residues[c], trueFlood[c].mod(twoSets.modulus), "coefficient " + c);
        }
        double candidatesTwo = B + 1 - twoSets.modulusBits;
        double candidatesAll = B + 1 - all.modulusBits;
        System.out.printf("share reuse, ids 0..3, B = %d: 2 sets fix the flood mod 2^%.2f (2^%.1f candidates per"
                + " coefficient), all 7 sets mod 2^%.2f (2^%.1f candidates)%n", B, twoSets.modulusBits, candidatesTwo,
                all.modulusBits, candidatesAll);
        assertTrue(candidatesAll > 70, "with small ids the flood keeps > 70 of its " + (B + 1) + " bits");
    }

    @Test
    void theGuardRefusesASecondActiveSetForTheSameCiphertext() {
        Group g = new Group(SPREAD, 4100);
        int a = SPREAD.get(0);
        ThresholdParty victim = g.party(a);
        Ciphertext ct = g.encryptRandom(3);
        ActiveSet first = new ActiveSet(List.of(a, SPREAD.get(1)));
        ActiveSet second = new ActiveSet(List.of(a, SPREAD.get(2)));
        assertNotNull(victim.decryptionShare(10, ct, B, first));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> victim.decryptionShare(11, ct, B, second));
        assertTrue(e.getMessage().contains("already answered") && e.getMessage().contains("share reuse"), e.getMessage());
        // PCKS of the same c1 under another set is refused too
        assertThrows(IllegalStateException.class, () -> victim.pcksShare(12, ct, g.pk, B, second));
        // the same set again (a retransmission, another protocol id) is one more smudged decryption
        assertNotNull(victim.decryptionShare(13, ct, B, first));
        // a re-randomized ciphertext (fresh encryption of zero added) is a new c1
        Ciphertext fresh = new Evaluator(CTX, null).add(ct, Encryptor.withPublicKey(CTX, g.pk).encryptZero(LEVEL));
        assertNotNull(victim.decryptionShare(14, fresh, B, second));
        // the memory is bounded: after ANSWERED_MEMORY other ciphertexts the first is forgotten
        assertEquals(4096, ThresholdParty.ANSWERED_MEMORY);
    }

    // ------------------------------------------------------------------ the attacker's algebra

    static final class Recovery {
        BigInteger modulus;
        double modulusBits;
        BigInteger[] residues;
        long[][] shamirShareNtt;
    }

    /** The flood of the first share modulo M, from the exact relations with every other share. */
    static Recovery relations(int id, Map<ActiveSet, long[][]> shares) {
        List<BigInteger[]> lambdas = new ArrayList<>();
        List<BigInteger[]> ys = new ArrayList<>();
        BigInteger tInv = T.modInverse(Q);
        for (Map.Entry<ActiveSet, long[][]> e : shares.entrySet()) {
            lambdas.add(rationalLagrange(e.getKey(), id));
            BigInteger[] y = toCoefficients(e.getValue());
            for (int c = 0; c < y.length; c++) {
                y[c] = y[c].multiply(tInv).mod(Q);
            }
            ys.add(y);
        }
        int n = PARAMS.degree();
        Recovery out = new Recovery();
        out.modulus = BigInteger.ONE;
        out.residues = new BigInteger[n];
        java.util.Arrays.fill(out.residues, BigInteger.ZERO);
        BigInteger p1 = lambdas.get(0)[0];
        BigInteger r1 = lambdas.get(0)[1];
        for (int k = 1; k < ys.size(); k++) {
            BigInteger alpha = lambdas.get(k)[0].multiply(r1);
            BigInteger beta = p1.multiply(lambdas.get(k)[1]);
            BigInteger gcd = alpha.gcd(beta);
            BigInteger a = alpha.divide(gcd);
            BigInteger m = beta.divide(gcd).abs();
            BigInteger aInv = a.mod(m).modInverse(m);
            BigInteger newModulus = lcm(out.modulus, m);
            for (int c = 0; c < n; c++) {
                // alpha * f1 - beta * fk, exactly (it is far below Q/2)
                BigInteger l = centre(alpha.multiply(ys.get(0)[c]).subtract(beta.multiply(ys.get(k)[c])).mod(Q));
                BigInteger[] qr = l.divideAndRemainder(gcd);
                if (qr[1].signum() != 0) {
                    throw new AssertionError("relation not divisible by gcd at coefficient " + c);
                }
                BigInteger rk = qr[0].multiply(aInv).mod(m);
                out.residues[c] = crt(out.residues[c], out.modulus, rk, m).mod(newModulus);
            }
            out.modulus = newModulus;
        }
        out.modulusBits = out.modulus.bitLength() == 0 ? 0 : Math.log(out.modulus.doubleValue()) / Math.log(2);
        return out;
    }

    /** relations(), then the unique flood in [-2^B, 2^B), X = (y - t f) / lambda and sh = X / c1. */
    static Recovery recover(int id, Map<ActiveSet, long[][]> shares, Ciphertext ct) {
        Recovery r = relations(id, shares);
        if (r.modulus.compareTo(BigInteger.ONE.shiftLeft(B + 1)) <= 0) {
            throw new AssertionError("flood only known modulo 2^" + r.modulusBits);
        }
        ActiveSet first = shares.keySet().iterator().next();
        BigInteger[] lambda = rationalLagrange(first, id);
        BigInteger lambdaModQ = lambda[0].multiply(lambda[1].modInverse(Q)).mod(Q);
        BigInteger lambdaInv = lambdaModQ.modInverse(Q);
        BigInteger[] y = toCoefficients(shares.get(first));
        BigInteger low = BigInteger.ONE.shiftLeft(B).negate();
        long[][] x = new long[IDX.length][PARAMS.degree()];
        for (int c = 0; c < y.length; c++) {
            // the representative of the residue class in [-2^B, 2^B)
            BigInteger f = low.add(r.residues[c].subtract(low).mod(r.modulus));
            BigInteger xc = y[c].subtract(T.multiply(f)).multiply(lambdaInv).mod(Q);
            for (int row = 0; row < IDX.length; row++) {
                x[row][c] = xc.mod(BigInteger.valueOf(RING.modulus(row).value())).longValue();
            }
        }
        RING.forward(x, IDX);
        long[][] c1 = ct.component(1);
        for (int row = 0; row < IDX.length; row++) {
            var m = RING.modulus(row);
            for (int c = 0; c < x[row].length; c++) {
                x[row][c] = m.mul(x[row][c], m.inv(c1[row][c]));
            }
        }
        r.shamirShareNtt = x;
        return r;
    }

    /** The flood of a share, computed with the party's real Shamir share (the test's knowledge only). */
    static BigInteger[] trueFlood(ThresholdParty p, ActiveSet set, long[][] share, Ciphertext ct) {
        long[][] sh = p.shamirShareForTestsOnly();
        long[] lambda = set.lagrangeAtZero(RING, p.id(), IDX);
        long[][] lx = new long[IDX.length][PARAMS.degree()];
        for (int row = 0; row < IDX.length; row++) {
            var m = RING.modulus(row);
            for (int c = 0; c < lx[row].length; c++) {
                lx[row][c] = m.sub(share[row][c], m.mul(lambda[row], m.mul(sh[row][c], ct.component(1)[row][c])));
            }
        }
        BigInteger[] f = toCoefficients(lx);
        BigInteger tInv = T.modInverse(Q);
        for (int c = 0; c < f.length; c++) {
            f[c] = centre(f[c].multiply(tInv).mod(Q));
        }
        return f;
    }

    static void assertShamirShare(ThresholdParty p, long[][] recovered) {
        long[][] real = p.shamirShareForTestsOnly();
        for (int row = 0; row < IDX.length; row++) {
            assertArrayEquals(real[row], recovered[row], "Shamir share of party " + p.id() + ", prime " + row);
        }
    }

    /** lambda_id^S(0) as the reduced fraction {P, R} with R &gt; 0. */
    static BigInteger[] rationalLagrange(ActiveSet set, int id) {
        BigInteger num = BigInteger.ONE;
        BigInteger den = BigInteger.ONE;
        BigInteger xi = BigInteger.valueOf(ActiveSet.point(id));
        for (int j : set.ids()) {
            if (j != id) {
                BigInteger xj = BigInteger.valueOf(ActiveSet.point(j));
                num = num.multiply(xj);
                den = den.multiply(xj.subtract(xi));
            }
        }
        if (den.signum() < 0) {
            num = num.negate();
            den = den.negate();
        }
        BigInteger g = num.gcd(den);
        return new BigInteger[] {num.divide(g), den.divide(g)};
    }

    static <K, V> Map<K, V> firstN(Map<K, V> m, int n) {
        Map<K, V> out = new LinkedHashMap<>();
        for (Map.Entry<K, V> e : m.entrySet()) {
            if (out.size() == n) {
                break;
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /** NTT rows over Q_level -> coefficients in [0, Q) by CRT. */
    static BigInteger[] toCoefficients(long[][] ntt) {
        long[][] rows = new long[ntt.length][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = ntt[r].clone();
        }
        RING.inverse(rows, IDX);
        BigInteger[] out = new BigInteger[rows[0].length];
        BigInteger[] basis = new BigInteger[rows.length];
        for (int r = 0; r < rows.length; r++) {
            BigInteger q = BigInteger.valueOf(RING.modulus(r).value());
            BigInteger qHat = Q.divide(q);
            basis[r] = qHat.multiply(qHat.modInverse(q));
        }
        for (int c = 0; c < out.length; c++) {
            BigInteger v = BigInteger.ZERO;
            for (int r = 0; r < rows.length; r++) {
                v = v.add(basis[r].multiply(BigInteger.valueOf(rows[r][c])));
            }
            out[c] = v.mod(Q);
        }
        return out;
    }

    static BigInteger[] centred(BigInteger[] v) {
        BigInteger[] out = new BigInteger[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = centre(v[i]);
        }
        return out;
    }

    static BigInteger centre(BigInteger v) {
        return v.compareTo(Q.shiftRight(1)) > 0 ? v.subtract(Q) : v;
    }

    static BigInteger lcm(BigInteger a, BigInteger b) {
        return a.divide(a.gcd(b)).multiply(b);
    }

    /** x = r1 mod m1 and x = r2 mod m2 (consistent), modulo lcm(m1, m2). */
    static BigInteger crt(BigInteger r1, BigInteger m1, BigInteger r2, BigInteger m2) {
        BigInteger g = m1.gcd(m2);
        if (!r2.subtract(r1).mod(g).equals(BigInteger.ZERO)) {
            throw new AssertionError("inconsistent congruences");
        }
        BigInteger m1g = m1.divide(g);
        BigInteger m2g = m2.divide(g);
        BigInteger k = m2g.equals(BigInteger.ONE) ? BigInteger.ZERO
                : r2.subtract(r1).divide(g).multiply(m1g.modInverse(m2g)).mod(m2g);
        return r1.add(m1.multiply(k));
    }

    private static BigInteger product() {
        BigInteger q = BigInteger.ONE;
        for (long p : PARAMS.ciphertextPrimes()) {
            q = q.multiply(BigInteger.valueOf(p));
        }
        return q;
    }
}

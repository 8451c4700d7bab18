package io.smile.he.rlwe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.ring.Automorphism;
import io.smile.he.ring.Modulus;
import io.smile.he.ring.Primes;
import io.smile.he.ring.RandomSource;
import io.smile.he.ring.RingContext;
import io.smile.he.ring.RnsOps;
import io.smile.he.ring.Sampler;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * RLWE layer: keys and encryptions of zero satisfy their defining equations (b + a*s = t*e with
 * small e, a expanded from the published seed), and hybrid key switching turns d*s' into a pair
 * under s up to a small multiple of t. Checked on N=1024 with three ciphertext primes.
 */
class RlweTest {
    private static final int N = 1024;
    private static final long T = 65537;
    private static final RingContext RING = ring(2);

    private static RingContext ring(int threads) {
        Set<Long> used = new HashSet<>();
        long[] q = new long[3];
        int[] bits = {50, 40, 40};
        for (int i = 0; i < q.length; i++) {
            q[i] = Primes.largestPrimesCongruentOne(bits[i], 2L * N, 1, used).get(0);
            used.add(q[i]);
        }
        long[] p = {Primes.largestPrimesCongruentOne(55, 2L * N, 1, used).get(0)};
        return new RingContext(N, q, p, threads);
    }

    @AfterAll
    static void close() {
        RING.close();
    }

    /** The centred coefficients of an NTT polynomial, one row per prime of idx. */
    private static long[][] centred(long[][] ntt, int[] idx) {
        long[][] c = RnsOps.copy(ntt);
        RING.inverse(c, idx);
        for (int r = 0; r < idx.length; r++) {
            Modulus m = RING.modulus(idx[r]);
            for (int i = 0; i < N; i++) {
                c[r][i] = m.center(c[r][i]);
            }
        }
        return c;
    }

    /**
     * Asserts that the polynomial (NTT rows over idx) is one small integer polynomial t*e, the
     * same in every row, with |e| &le; maxE; returns e.
     */
    private static long[] assertSmallMultipleOfT(long[][] ntt, int[] idx, long maxE, String what) {
        long[][] c = centred(ntt, idx);
        long[] e = new long[N];
        for (int i = 0; i < N; i++) {
            for (int r = 1; r < idx.length; r++) {
                assertEquals(c[0][i], c[r][i], what + ": rows disagree at coefficient " + i + " (not small)");
            }
            assertEquals(0, Math.floorMod(c[0][i], T), what + ": coefficient " + i + " is not a multiple of t");
            e[i] = c[0][i] / T;
            assertTrue(Math.abs(e[i]) <= maxE, what + ": |e| = " + Math.abs(e[i]) + " > " + maxE);
        }
        return e;
    }

    private static long[][] times(long[][] a, long[][] b, int[] idx) {
        long[][] out = new long[idx.length][N];
        RnsOps.mul(RING, a, b, out, idx);
        return out;
    }

    private static long[][] plus(long[][] a, long[][] b, int[] idx) {
        long[][] out = new long[idx.length][N];
        RnsOps.add(RING, a, b, out, idx);
        return out;
    }

    private static long[][] minus(long[][] a, long[][] b, int[] idx) {
        long[][] out = new long[idx.length][N];
        RnsOps.sub(RING, a, b, out, idx);
        return out;
    }

    private static long[][] rows(long[][] a, int[] idx) {
        // rows of a full Q*P polynomial for the primes idx (a has rows 0..qCount+pCount-1)
        long[][] out = new long[idx.length][];
        for (int r = 0; r < idx.length; r++) {
            out[r] = a[idx[r]];
        }
        return out;
    }

    private static KeyGenerator generator(long seed) {
        return new KeyGenerator(RING, T, RandomSource.deterministicForTestsOnly(seed));
    }

    @Test
    void secretKeyIsTernaryBalancedAndConsistent() {
        SecretKey sk = generator(1).secretKey();
        byte[] s = sk.coefficients();
        assertEquals(N, s.length);
        int[] counts = new int[3];
        for (byte b : s) {
            assertTrue(b >= -1 && b <= 1);
            counts[b + 1]++;
        }
        double sd = Math.sqrt(N * 2.0 / 9);
        for (int c : counts) {
            assertEquals(N / 3.0, c, 6 * sd);
        }
        int[] all = RING.qpIndices(RING.qCount() - 1);
        assertEquals(all.length, sk.nttView().length);
        long[][] c = centred(sk.nttView(), all);
        for (long[] row : c) {
            for (int i = 0; i < N; i++) {
                assertEquals(s[i], row[i]);
            }
        }
        // coefficients() is a copy
        s[0] = 5;
        assertTrue(sk.coefficients()[0] != 5);
    }

    @Test
    void secretKeyFromCoefficientsRoundTripsAndValidates() {
        SecretKey sk = generator(2).secretKey();
        SecretKey again = SecretKey.fromCoefficients(RING, sk.coefficients());
        assertArrayEquals(sk.coefficients(), again.coefficients());
        for (int r = 0; r < sk.nttView().length; r++) {
            assertArrayEquals(sk.nttView()[r], again.nttView()[r]);
        }
        assertThrows(IllegalArgumentException.class, () -> SecretKey.fromCoefficients(RING, new byte[N / 2]));
        byte[] bad = sk.coefficients();
        bad[7] = 2;
        assertThrows(IllegalArgumentException.class, () -> SecretKey.fromCoefficients(RING, bad));
        bad[7] = -2;
        assertThrows(IllegalArgumentException.class, () -> SecretKey.fromCoefficients(RING, bad));
    }

    @Test
    void secretKeyToStringRevealsNothingAndDestroyWipes() {
        SecretKey sk = generator(3).secretKey();
        String s = sk.toString();
        assertFalse(s.contains(Arrays.toString(sk.coefficients())));
        assertFalse(s.contains("-1"), s);
        assertFalse(s.contains("0, "), s);
        for (int i = 0; i < 8; i++) {
            assertFalse(s.contains(Long.toString(sk.nttView()[0][i])), "no NTT residue in " + s);
        }
        assertTrue(s.length() < 64, "short, fixed description: " + s);
        assertEquals(s, generator(4).secretKey().toString(), "does not depend on the key");
        sk.destroy();
        for (byte b : sk.coefficients()) {
            assertEquals(0, b);
        }
        for (long[] row : sk.nttView()) {
            for (long v : row) {
                assertEquals(0, v);
            }
        }
    }

    @Test
    void publicKeySatisfiesItsEquationAndExpandsFromItsSeed() {
        KeyGenerator kg = generator(5);
        SecretKey sk = kg.secretKey();
        PublicKey pk = kg.publicKey(sk);
        int[] idx = RING.qIndices(RING.qCount() - 1);
        long[][] a = RING.uniformFromSeed(pk.seed(), KeyGenerator.PUBLIC_KEY_DOMAIN, idx);
        for (int r = 0; r < idx.length; r++) {
            assertArrayEquals(a[r], pk.a()[r], "a is the seed's expansion");
        }
        long[][] s = rows(sk.nttView(), idx);
        long[] e = assertSmallMultipleOfT(plus(pk.b(), times(pk.a(), s, idx), idx), idx, Sampler.GAUSSIAN_BOUND, "b + a*s");
        assertTrue(Arrays.stream(e).anyMatch(x -> x != 0), "the error is not zero");
        // the seed accessor returns a copy
        byte[] seed = pk.seed();
        seed[0] ^= 1;
        assertFalse(Arrays.equals(seed, pk.seed()));
    }

    private void checkKeySwitchKey(KeySwitchKey key, SecretKey sk, long[][] sPrime) {
        int qc = RING.qCount();
        int[] idx = RING.qpIndices(qc - 1);
        assertEquals(qc, key.digits());
        long[][] s = sk.nttView();
        for (int digit = 0; digit < qc; digit++) {
            long[][] a = RING.uniformFromSeed(key.seed(), KeySwitchKey.seedDomain(digit), idx);
            for (int r = 0; r < idx.length; r++) {
                assertArrayEquals(a[r], key.a(digit)[r], "digit " + digit + " a expands from the seed");
            }
            // b_i + a_i*s - P*g_i*s' : P*g_i*s' is P*s' on row i and 0 elsewhere
            long[][] v = plus(key.b(digit), times(key.a(digit), s, idx), idx);
            Modulus qi = RING.modulus(digit);
            long pModQi = qi.reduce(RING.modulus(qc).value());
            for (int j = 0; j < N; j++) {
                v[digit][j] = qi.sub(v[digit][j], qi.mul(pModQi, sPrime[digit][j]));
            }
            assertSmallMultipleOfT(v, idx, Sampler.GAUSSIAN_BOUND, "key-switching digit " + digit);
        }
    }

    @Test
    void relinearizationAndGaloisKeysSatisfyTheirEquations() {
        KeyGenerator kg = generator(6);
        SecretKey sk = kg.secretKey();
        int[] q = RING.qIndices(RING.qCount() - 1);
        long[][] s = rows(sk.nttView(), q);
        checkKeySwitchKey(kg.relinearizationKey(sk), sk, times(s, s, q));
        for (long g : new long[] {3, 2L * N - 1, 25}) {
            byte[] rotated = Automorphism.applySmall(sk.coefficients(), g);
            checkKeySwitchKey(kg.galoisKey(sk, g), sk, RING.smallToNtt(rotated, q));
        }
        // distinct keys use distinct seeds
        assertFalse(Arrays.equals(kg.galoisKey(sk, 3).seed(), kg.galoisKey(sk, 3).seed()));
    }

    @Test
    void keySwitchingMapsDTimesSPrimeToAPairUnderS() {
        KeyGenerator kg = generator(7);
        SecretKey sk = kg.secretKey();
        int qc = RING.qCount();
        long g = 5;
        long[][] sPrimeAll = RING.smallToNtt(Automorphism.applySmall(sk.coefficients(), g), RING.qIndices(qc - 1));
        KeySwitchKey key = kg.galoisKey(sk, g);
        KeySwitcher ks = new KeySwitcher(RING, T);
        Random r = new Random(8);
        for (int level = qc - 1; level >= 0; level--) {
            int[] idx = RING.qIndices(level);
            long[][] d = new long[level + 1][N];
            for (int i = 0; i <= level; i++) {
                long qi = RING.modulus(i).value();
                for (int j = 0; j < N; j++) {
                    d[i][j] = j == 0 ? qi - 1 : Math.floorMod(r.nextLong(), qi);
                }
            }
            long[][] dCopy = RnsOps.copy(d);
            long[][][] k = ks.switchKey(d, level, key);
            for (int i = 0; i <= level; i++) {
                assertArrayEquals(dCopy[i], d[i], "input not modified");
            }
            assertEquals(level + 1, k[0].length);
            assertEquals(level + 1, k[1].length);
            long[][] s = RnsOps.prefix(sk.nttView(), level + 1);
            long[][] sp = RnsOps.prefix(sPrimeAll, level + 1);
            long[][] v = minus(plus(k[0], times(k[1], s, idx), idx), times(d, sp, idx), idx);
            // noise ~ t * (sum_i |d_i e_i| / P + rounding * |s|): far below q_0 / 2^10
            long maxE = (RING.modulus(0).value() >> 10) / T;
            assertSmallMultipleOfT(v, idx, maxE, "key switching at level " + level);
        }
    }

    @Test
    void secretKeyEncryptionOfZero() {
        KeyGenerator kg = generator(9);
        SecretKey sk = kg.secretKey();
        RandomSource rs = RandomSource.deterministicForTestsOnly(10);
        for (int level = RING.qCount() - 1; level >= 0; level--) {
            int[] idx = RING.qIndices(level);
            byte[] seed = rs.freshSeed();
            long[][][] c = RlweEncryptor.encryptZeroSecret(RING, T, rs, sk, level, seed);
            long[][] a = RING.uniformFromSeed(seed, RlweEncryptor.CIPHERTEXT_DOMAIN, idx);
            for (int i = 0; i <= level; i++) {
                assertArrayEquals(a[i], c[1][i], "c1 is the seed's expansion");
            }
            long[][] s = RnsOps.prefix(sk.nttView(), level + 1);
            assertSmallMultipleOfT(plus(c[0], times(c[1], s, idx), idx), idx, Sampler.GAUSSIAN_BOUND, "c0 + c1*s");
        }
    }

    @Test
    void publicKeyEncryptionOfZeroWithAndWithoutFlooding() {
        KeyGenerator kg = generator(11);
        SecretKey sk = kg.secretKey();
        PublicKey pk = kg.publicKey(sk);
        RandomSource rs = RandomSource.deterministicForTestsOnly(12);
        // e*u + e1*s + e0 with |e|, |e0|, |e1| <= 19 and ternary u, s: at most 19 * (2N + 1)
        long bound = 19L * (2 * N + 1);
        for (int level = RING.qCount() - 1; level >= 0; level--) {
            int[] idx = RING.qIndices(level);
            long[][] s = RnsOps.prefix(sk.nttView(), level + 1);
            long[][][] c = RlweEncryptor.encryptZeroPublic(RING, T, rs, pk, level, 0);
            assertSmallMultipleOfT(plus(c[0], times(c[1], s, idx), idx), idx, bound, "public c0 + c1*s");
            long flood = 1L << 20;
            long[][][] f = RlweEncryptor.encryptZeroPublic(RING, T, rs, pk, level, 20);
            long[] e = assertSmallMultipleOfT(plus(f[0], times(f[1], s, idx), idx), idx, bound + flood, "flooded");
            long max = Arrays.stream(e).map(Math::abs).max().orElse(0);
            assertTrue(max > flood / 2, "flooding noise is present: max " + max);
        }
    }

    @Test
    void deterministicSourceReproducesKeysAndDistinctSeedsDoNot() {
        SecretKey a = generator(20).secretKey();
        SecretKey b = generator(20).secretKey();
        SecretKey c = generator(21).secretKey();
        assertArrayEquals(a.coefficients(), b.coefficients());
        assertFalse(Arrays.equals(a.coefficients(), c.coefficients()));
        KeyGenerator secure1 = new KeyGenerator(RING, T, RandomSource.secure());
        KeyGenerator secure2 = new KeyGenerator(RING, T, RandomSource.secure());
        assertFalse(Arrays.equals(secure1.secretKey().coefficients(), secure2.secretKey().coefficients()));
    }
}

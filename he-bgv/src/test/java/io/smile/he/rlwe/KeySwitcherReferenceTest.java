package io.smile.he.rlwe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smile.he.ring.Modulus;
import io.smile.he.ring.Primes;
import io.smile.he.ring.RandomSource;
import io.smile.he.ring.RingContext;
import io.smile.he.ring.RnsOps;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The optimized {@link KeySwitcher} (lazy 128-bit sums, Montgomery chunks, in-place ModDown,
 * per-thread buffers) returns exactly the residues of a plain textbook implementation written with
 * one reduced {@link Modulus} operation per step, on random inputs, for prime layouts that
 * exercise every path: digits larger than twice a target prime, more digits than one 128-bit sum
 * can hold, several special primes, and more than one thread.
 */
class KeySwitcherReferenceTest {
    private static final long T = 65537;

    private static RingContext ring(int n, int[] qBits, int[] pBits, int threads) {
        Set<Long> used = new HashSet<>();
        long[] q = new long[qBits.length];
        long[] p = new long[pBits.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = Primes.largestPrimesCongruentOne(qBits[i], 2L * n, 1, used).get(0);
            used.add(q[i]);
        }
        for (int i = 0; i < p.length; i++) {
            p[i] = Primes.largestPrimesCongruentOne(pBits[i], 2L * n, 1, used).get(0);
            used.add(p[i]);
        }
        return new RingContext(n, q, p, threads);
    }

    /** Textbook key switching: extend each digit, NTT, multiply-add with the key, then divide by P. */
    private static long[][][] reference(RingContext ring, long[][] d, int level, KeySwitchKey key) {
        int n = ring.degree();
        int qRows = level + 1;
        int qc = ring.qCount();
        int pc = ring.pCount();
        int[] idx = ring.qpIndices(level);
        long[][] coeff = RnsOps.copy(d);
        ring.inverse(coeff, ring.qIndices(level));
        long[][][] x = new long[2][idx.length][n];
        for (int r = 0; r < idx.length; r++) {
            Modulus m = ring.modulus(idx[r]);
            int keyRow = r < qRows ? r : qc + (r - qRows);
            for (int i = 0; i < qRows; i++) {
                long[] e = new long[n];
                for (int j = 0; j < n; j++) {
                    e[j] = m.reduce(coeff[i][j]);
                }
                ring.ntt(idx[r]).forward(e);
                for (int j = 0; j < n; j++) {
                    x[0][r][j] = m.add(x[0][r][j], m.mul(e[j], key.b(i)[keyRow][j]));
                    x[1][r][j] = m.add(x[1][r][j], m.mul(e[j], key.a(i)[keyRow][j]));
                }
            }
        }
        long[][][] out = new long[2][qRows][n];
        for (int c = 0; c < 2; c++) {
            // y_k = [x * t^-1 * (P/p_k)^-1]_{p_k} in coefficient form; delta = t * sum_k y_k * (P/p_k)
            long[][] y = new long[pc][];
            for (int k = 0; k < pc; k++) {
                Modulus pk = ring.modulus(qc + k);
                long hat = 1;
                for (int o = 0; o < pc; o++) {
                    hat = o == k ? hat : pk.mul(hat, pk.reduce(ring.modulus(qc + o).value()));
                }
                long w = pk.mul(pk.inv(hat), pk.inv(T));
                y[k] = x[c][qRows + k].clone();
                ring.ntt(qc + k).inverse(y[k]);
                for (int j = 0; j < n; j++) {
                    y[k][j] = pk.mul(y[k][j], w);
                }
            }
            for (int j = 0; j < qRows; j++) {
                Modulus q = ring.modulus(j);
                long[] delta = new long[n];
                long pModQ = 1;
                for (int k = 0; k < pc; k++) {
                    long hat = 1;
                    for (int o = 0; o < pc; o++) {
                        hat = o == k ? hat : q.mul(hat, q.reduce(ring.modulus(qc + o).value()));
                    }
                    long h = q.mul(hat, q.reduce(T));
                    for (int i = 0; i < n; i++) {
                        delta[i] = q.add(delta[i], q.mul(q.reduce(y[k][i]), h));
                    }
                    pModQ = q.mul(pModQ, q.reduce(ring.modulus(qc + k).value()));
                }
                ring.ntt(j).forward(delta);
                long pInv = q.inv(pModQ);
                for (int i = 0; i < n; i++) {
                    out[c][j][i] = q.mul(q.sub(x[c][j][i], delta[i]), pInv);
                }
            }
        }
        return out;
    }

    private static void check(int n, int[] qBits, int[] pBits, int threads, long seed) {
        try (RingContext ring = ring(n, qBits, pBits, threads)) {
            KeyGenerator kg = new KeyGenerator(ring, T, RandomSource.deterministicForTestsOnly(seed));
            SecretKey sk = kg.secretKey();
            KeySwitchKey key = kg.relinearizationKey(sk);
            KeySwitcher ks = new KeySwitcher(ring, T);
            Random r = new Random(seed);
            for (int level = ring.qCount() - 1; level >= 0; level--) {
                long[][] d = new long[level + 1][n];
                for (int i = 0; i <= level; i++) {
                    long q = ring.modulus(i).value();
                    for (int j = 0; j < n; j++) {
                        // mostly uniform, some extreme values
                        d[i][j] = j % 17 == 0 ? q - 1 : j % 19 == 0 ? 0 : Math.floorMod(r.nextLong(), q);
                    }
                }
                long[][][] expected = reference(ring, d, level, key);
                long[][][] actual = ks.switchKey(d, level, key);
                for (int c = 0; c < 2; c++) {
                    assertEquals(level + 1, actual[c].length);
                    for (int i = 0; i <= level; i++) {
                        assertArrayEquals(expected[c][i], actual[c][i], "component " + c + ", row " + i + ", level " + level);
                    }
                }
            }
        }
    }

    @Test
    void mixedPrimeSizesOneSpecialPrime() {
        // digits of 50 bits extended to 40-bit primes: reduced before the NTT
        check(256, new int[] {50, 40, 40}, new int[] {55}, 1, 1);
    }

    @Test
    void manyLargeDigitsNeedSeveralMontgomeryChunks() {
        // a 61-bit special prime holds only 7 products per 128-bit sum; 10 digits need two chunks
        check(128, new int[] {60, 60, 60, 60, 60, 60, 60, 60, 60, 60}, new int[] {61}, 1, 2);
    }

    @Test
    void severalSpecialPrimesAndThreads() {
        check(256, new int[] {61, 30, 45, 58}, new int[] {50, 40}, 2, 3);
        check(512, new int[] {60, 60, 60, 60, 60, 60}, new int[] {61}, 2, 4);
    }
}

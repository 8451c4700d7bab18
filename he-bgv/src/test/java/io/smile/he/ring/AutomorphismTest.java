package io.smile.he.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class AutomorphismTest {
    /** sigma_g(a) = a(X^g) in coefficient form mod q, straight from the definition X^i -> X^(i*g mod 2N). */
    private static long[] applyCoefficients(long[] a, long g, long q) {
        int n = a.length;
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long e = Math.floorMod((long) i * g, 2L * n);
            if (e < n) {
                out[(int) e] = (out[(int) e] + a[i]) % q;
            } else {
                out[(int) (e - n)] = Math.floorMod(out[(int) (e - n)] - a[i], q);
            }
        }
        return out;
    }

    @Test
    void nttPermutationEqualsCoefficientAutomorphismFollowedByNtt() {
        Random r = new Random(20);
        for (int n : new int[] {4, 16, 64, 1024}) {
            long q = RingTestSupport.nttPrime(50, n);
            Ntt ntt = new Ntt(n, new Modulus(q));
            for (long g = 1; g < 2L * n; g += 2) {
                if (n > 64 && g > 41 && g != 2L * n - 1 && g % 3 != 0) {
                    continue; // a sample of elements for the larger degree
                }
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = Math.floorMod(r.nextLong(), q);
                }
                long[] expected = applyCoefficients(a, g, q);
                ntt.forward(expected);
                long[] f = a.clone();
                ntt.forward(f);
                int[] perm = Automorphism.nttPermutation(n, g);
                long[] actual = new long[n];
                Automorphism.applyNtt(f, perm, actual);
                assertArrayEquals(expected, actual, "n=" + n + " g=" + g);
            }
        }
    }

    @Test
    void permutationIsABijectionAndComposes() {
        int n = 256;
        long twoN = 2L * n;
        int[] identity = Automorphism.nttPermutation(n, 1);
        for (int k = 0; k < n; k++) {
            org.junit.jupiter.api.Assertions.assertEquals(k, identity[k]);
        }
        for (long g = 3; g < twoN; g += 6) {
            int[] p = Automorphism.nttPermutation(n, g);
            boolean[] seen = new boolean[n];
            for (int v : p) {
                org.junit.jupiter.api.Assertions.assertFalse(seen[v], "not a permutation");
                seen[v] = true;
            }
            long h = 5;
            int[] ph = Automorphism.nttPermutation(n, h);
            int[] pgh = Automorphism.nttPermutation(n, g * h % twoN);
            // sigma_h(sigma_g(a))[k] = sigma_g(a)[ph[k]] = a[p[ph[k]]] and sigma_h o sigma_g = sigma_gh
            for (int k = 0; k < n; k++) {
                org.junit.jupiter.api.Assertions.assertEquals(pgh[k], p[ph[k]]);
            }
        }
    }

    @Test
    void applySmallMatchesDefinition() {
        Random r = new Random(21);
        for (int n : new int[] {16, 128}) {
            for (long g = 1; g < 2L * n; g += 2) {
                byte[] a = new byte[n];
                long[] wide = new long[n];
                long q = 1_000_003; // any modulus > 2 works for the definition
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) (r.nextInt(39) - 19);
                    wide[i] = Math.floorMod(a[i], q);
                }
                byte[] out = Automorphism.applySmall(a, g);
                long[] expected = applyCoefficients(wide, g, q);
                long[] actual = new long[n];
                for (int i = 0; i < n; i++) {
                    actual[i] = Math.floorMod(out[i], q);
                }
                assertArrayEquals(expected, actual, "g=" + g);
            }
        }
    }

    @Test
    void rejectsInvalidElements() {
        assertThrows(IllegalArgumentException.class, () -> Automorphism.nttPermutation(16, 2));
        assertThrows(IllegalArgumentException.class, () -> Automorphism.nttPermutation(16, 33));
        assertThrows(IllegalArgumentException.class, () -> Automorphism.nttPermutation(16, -1));
        assertThrows(IllegalArgumentException.class, () -> Automorphism.nttPermutation(16, 0));
        assertThrows(IllegalArgumentException.class, () -> Automorphism.applySmall(new byte[16], 4));
    }
}

package io.smile.he.ring;

/**
 * The Galois automorphisms X -> X^g (g odd) of Z[X]/(X^N+1). In NTT form they permute the
 * evaluations: the value at psi^e moves to where psi^(e/g) was, so no transform is needed.
 */
public final class Automorphism {
    private Automorphism() {
    }

    /**
     * perm such that, for a in NTT form (bit-reversed, {@code a[k] = a(psi^(2 brv(k)+1))}),
     * {@code sigma_g(a)[k] = a[perm[k]]}.
     */
    public static int[] nttPermutation(int n, long g) {
        checkElement(n, g);
        int logN = Integer.numberOfTrailingZeros(n);
        long twoN = 2L * n;
        int[] perm = new int[n];
        for (int k = 0; k < n; k++) {
            long e = 2L * Ntt.bitReverse(k, logN) + 1;
            long eg = (e * g) % twoN;
            perm[k] = Ntt.bitReverse((int) ((eg - 1) >>> 1), logN);
        }
        return perm;
    }

    public static void applyNtt(long[] in, int[] perm, long[] out) {
        for (int k = 0; k < perm.length; k++) {
            out[k] = in[perm[k]];
        }
    }

    /** sigma_g applied to a small signed polynomial in coefficient form. */
    public static byte[] applySmall(byte[] a, long g) {
        int n = a.length;
        checkElement(n, g);
        long twoN = 2L * n;
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            long j = (i * g) % twoN;
            if (j < n) {
                out[(int) j] = a[i];
            } else {
                out[(int) (j - n)] = (byte) -a[i];
            }
        }
        return out;
    }

    private static void checkElement(int n, long g) {
        if ((g & 1) == 0 || g <= 0 || g >= 2L * n) {
            throw new IllegalArgumentException("Galois element must be odd in (0, 2N): " + g);
        }
    }
}

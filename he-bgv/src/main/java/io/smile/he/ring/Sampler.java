package io.smile.he.ring;

/**
 * The small distributions of RLWE: uniform ternary secrets and the discrete Gaussian error
 * (sigma = 3.2, truncated at 6 sigma as in the HomomorphicEncryption.org standard). The Gaussian
 * uses a cumulative distribution table scanned in full for every sample, so the time taken does
 * not depend on the value drawn.
 */
public final class Sampler {
    public static final double SIGMA = 3.2;
    public static final int GAUSSIAN_BOUND = 19; // floor(6 * sigma)

    /** CDT[i] = P(X <= i - BOUND) scaled to 2^63, for i in [0, 2*BOUND]. */
    private static final long[] CDT = buildTable();

    private Sampler() {
    }

    private static long[] buildTable() {
        int size = 2 * GAUSSIAN_BOUND + 1;
        double[] p = new double[size];
        double total = 0;
        for (int i = 0; i < size; i++) {
            int x = i - GAUSSIAN_BOUND;
            p[i] = Math.exp(-(double) x * x / (2 * SIGMA * SIGMA));
            total += p[i];
        }
        long[] cdt = new long[size];
        double acc = 0;
        for (int i = 0; i < size; i++) {
            acc += p[i] / total;
            cdt[i] = (long) Math.min(acc * 0x1p63, (double) Long.MAX_VALUE);
        }
        cdt[size - 1] = Long.MAX_VALUE;
        return cdt;
    }

    /**
     * One ternary coefficient uniform in {-1, 0, 1}: a byte b in [0, 255) (255 is rejected, so the
     * 255 accepted values split evenly), mapped to b mod 3 - 1 without a division or a branch on b.
     * The loop's only branch is the rejection, which depends on whether b = 255, never on the value
     * returned.
     */
    public static int ternary(Prng prng) {
        while (true) {
            int b = prng.nextByte();
            if (b < 255) {
                return ternaryOf(b);
            }
        }
    }

    /** b mod 3 - 1 for b in [0, 255): floor(b / 3) = (b * 171) &gt;&gt; 9 on that range. */
    static int ternaryOf(int b) {
        return b - 3 * ((b * 171) >>> 9) - 1;
    }

    /** One discrete Gaussian coefficient in [-19, 19]. */
    public static int gaussian(Prng prng) {
        long r = prng.nextLong() >>> 1;
        int x = 0;
        for (long c : CDT) {
            // branch-free count of table entries below r
            x += (int) ((c - r) >>> 63);
        }
        return Math.min(x, 2 * GAUSSIAN_BOUND) - GAUSSIAN_BOUND;
    }

    public static byte[] ternaryPoly(Prng prng, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) ternary(prng);
        }
        return out;
    }

    public static byte[] gaussianPoly(Prng prng, int n) {
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            out[i] = (byte) gaussian(prng);
        }
        return out;
    }
}

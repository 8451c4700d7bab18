package io.smile.workforce;

import io.smile.he.api.HeParameterSpec;
import java.util.List;

/**
 * Slot layout and BGV parameters of encrypted segment assignment.
 *
 * <p>A request packs up to {@link #capacity} employees. Employee e's quantized vector (47 values)
 * is written k times, once per centroid, into blocks of {@link #BLOCK} = 64 slots: block e·k + c
 * starts at slot (e·k + c)·64 and holds the vector in its first 47 slots, zeros after. The cloud
 * subtracts centroid c in every block e·k + c, squares slot-wise (one ciphertext × ciphertext
 * product, relinearized), and sums each block ({@code sumBlocks(6)}): slot (e·k + c)·64 then holds
 * ‖x_e − μ_c‖², every other slot is multiplied by zero. Blocks are aligned inside the 8192-slot
 * rows, so no block straddles a row.
 *
 * <p>Parameters: N = 16384, the six 60-bit ciphertext primes and the 61-bit special prime of the
 * engine's N16384_DEPTH5 preset (log2 QP = 421 ≤ 438, the 128-bit bound for N = 16384) with a
 * 26-bit plaintext modulus t = 34,308,097 (prime, = 1 mod 32768). The largest possible distance,
 * 47 · (2·256)² = 12,320,768, is below t/2 = 17,154,048, so decrypted distances never wrap.
 * Requests are encrypted at level {@link #REQUEST_LEVEL} (4 of the 6 primes: smaller than fresh top-level requests).
 */
public final class AssignmentLayout {
    public static final int BLOCK = 64;
    public static final int LOG_BLOCK = 6;
    public static final long PLAIN_MODULUS = 34_308_097L;
    public static final int DEGREE = 16384;
    /** Level the client encrypts at: product there, sums and selector one below, flooding at level 1. */
    public static final int REQUEST_LEVEL = 3;
    /** Largest squared distance between two admissible quantized vectors. */
    public static final long MAX_DISTANCE = (long) HrEncoding.FEATURES * (2L * HrEncoding.CLIP_Q) * (2L * HrEncoding.CLIP_Q);

    private AssignmentLayout() {
    }

    /** The secure parameter set of the product. */
    public static HeParameterSpec spec() {
        return HeParameterSpec.explicit(DEGREE, PLAIN_MODULUS, new int[] {60, 60, 60, 60, 60, 60}, new int[] {61});
    }

    /** Rotation steps the evaluation keys must cover: the powers of two below 64 (for sumBlocks(6)). */
    public static int[] rotationSteps() {
        int[] steps = new int[LOG_BLOCK];
        for (int i = 0; i < LOG_BLOCK; i++) {
            steps[i] = 1 << i;
        }
        return steps;
    }

    /** Employees per ciphertext for k centroids: floor(slots / (k · 64)). */
    public static int capacity(int slots, int k) {
        return slots / (k * BLOCK);
    }

    /** Slot of ‖x_e − μ_c‖² in the result. */
    public static int resultSlot(int employee, int centroid, int k) {
        return (employee * k + centroid) * BLOCK;
    }

    /** The packed plaintext of a request. */
    public static long[] pack(List<long[]> vectors, int k, int slots) {
        if (vectors.isEmpty() || vectors.size() > capacity(slots, k)) {
            throw new IllegalArgumentException("need 1.." + capacity(slots, k) + " employees per request, got " + vectors.size());
        }
        long[] out = new long[slots];
        for (int e = 0; e < vectors.size(); e++) {
            long[] x = vectors.get(e);
            checkVector(x);
            for (int c = 0; c < k; c++) {
                System.arraycopy(x, 0, out, (e * k + c) * BLOCK, x.length);
            }
        }
        return out;
    }

    static void checkVector(long[] x) {
        if (x.length != HrEncoding.FEATURES) {
            throw new IllegalArgumentException("expected " + HrEncoding.FEATURES + " features, got " + x.length);
        }
        for (long v : x) {
            if (Math.abs(v) > HrEncoding.CLIP_Q) {
                throw new IllegalArgumentException("feature value " + v + " outside ±" + HrEncoding.CLIP_Q);
            }
        }
    }
}

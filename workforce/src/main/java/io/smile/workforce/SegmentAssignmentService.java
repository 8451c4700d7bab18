package io.smile.workforce;

import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeFormatException;
import io.smile.he.api.HeSession;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * The cloud's segment-assignment service. It holds the k centroids in plaintext and a unit's
 * {@link HeEvaluator} (public and evaluation keys only) and answers a request (a ciphertext of up
 * to {@link #capacity()} employees' quantized vectors, laid out by {@link AssignmentLayout}) with a
 * ciphertext whose slot (e·k + c)·64 holds ‖x_e − μ_c‖² and whose every other slot is 0.
 *
 * <p>Pipeline, for a request at level L ≥ 3: subtract the centroid pattern (plaintext), square
 * (ciphertext × ciphertext, relinearized), switch to L − 1, {@code sumBlocks(6)}, multiply by the
 * 0/1 selector of the result slots (so nothing but the k distances per employee remains: in
 * particular no partial sums of centroid coordinates), switch to level 1, re-randomize with
 * flooding noise of {@code floodBits} bits, switch to level 0. The selector is a plaintext whose
 * polynomial has coefficients of size ~t, so its product multiplies the noise by about t·√N
 * (2^33): it is done one level above the flooding level so that the switch down (60 bits)
 * absorbs that growth (done at the flooding level it left |noise/t| ≈ 2^40, far above the
 * flooding bound; a test measures it).
 *
 * <p>Flooding: floodBits = securityBits + log2 N + {@link #NOISE_BOUND_BITS}, where 2^12 bounds the
 * noise (divided by t) the evaluation leaves at the flooding level; the statistical distance of
 * the returned ciphertext from one that depends on the distances alone is then at most
 * N·2^12/2^floodBits = 2^−securityBits. With securityBits = 64: 90 bits.
 */
public final class SegmentAssignmentService {
    /** log2 of the bound on |noise / t| at the flooding level (one product of fresh ciphertexts, switched down). */
    public static final int NOISE_BOUND_BITS = 12;
    /** Level where the flooding noise is added. */
    public static final int FLOOD_LEVEL = 1;
    /** Lowest request level: product at L, sums and selector at L − 1, then a switch to the flooding level. */
    public static final int MIN_REQUEST_LEVEL = FLOOD_LEVEL + 2;

    private final long[][] centroids;
    private final HeEvaluator evaluator;
    private final HeSession session;
    private final int k;
    private final int floodBits;
    private final long[] negCentroids;
    private final SecureRandom random = new SecureRandom();

    public SegmentAssignmentService(long[][] centroids, HeEvaluator evaluator, int securityBits) {
        this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
        this.session = evaluator.session();
        this.k = centroids.length;
        if (k < 2) {
            throw new IllegalArgumentException("need at least 2 centroids");
        }
        this.centroids = new long[k][];
        for (int c = 0; c < k; c++) {
            AssignmentLayout.checkVector(centroids[c]);
            this.centroids[c] = centroids[c].clone();
        }
        if (2 * AssignmentLayout.MAX_DISTANCE >= session.plainModulus()) {
            throw new IllegalArgumentException("plaintext modulus " + session.plainModulus() + " too small for distances up to "
                    + AssignmentLayout.MAX_DISTANCE);
        }
        if (session.rowSize() % AssignmentLayout.BLOCK != 0 || capacity() < 1) {
            throw new IllegalArgumentException("session too small for k = " + k);
        }
        if (securityBits < 1) {
            throw new IllegalArgumentException("securityBits must be positive");
        }
        this.floodBits = securityBits + Integer.numberOfTrailingZeros(session.slotCount()) + NOISE_BOUND_BITS;
        this.negCentroids = new long[session.slotCount()];
        int cap = capacity();
        for (int e = 0; e < cap; e++) {
            for (int c = 0; c < k; c++) {
                for (int d = 0; d < HrEncoding.FEATURES; d++) {
                    negCentroids[(e * k + c) * AssignmentLayout.BLOCK + d] = -this.centroids[c][d];
                }
            }
        }
    }

    public int capacity() {
        return AssignmentLayout.capacity(session.slotCount(), k);
    }

    public int k() {
        return k;
    }

    public int floodBits() {
        return floodBits;
    }

    /**
     * Answers one serialized request.
     *
     * @throws HeFormatException if the bytes are not a well-formed request for this session, or the
     *                           ciphertext is at too low a level
     */
    public byte[] handle(byte[] request) {
        AssignmentMessages.Message m = AssignmentMessages.read(AssignmentMessages.REQUEST_MAGIC, request, capacity());
        HeCiphertext x = session.readCiphertext(m.ciphertext());
        HeCiphertext result = distances(x, m.employees());
        return AssignmentMessages.write(AssignmentMessages.RESPONSE_MAGIC, m.employees(), result.serialize());
    }

    /** The encrypted squared distances of {@code employees} packed vectors (see the class comment). */
    public HeCiphertext distances(HeCiphertext x, int employees) {
        if (employees < 1 || employees > capacity()) {
            throw new IllegalArgumentException("employees must be in 1.." + capacity());
        }
        int level = x.level();
        if (level < MIN_REQUEST_LEVEL) {
            throw new HeFormatException("request ciphertext at level " + level + "; at least " + MIN_REQUEST_LEVEL + " needed");
        }
        HeCiphertext flooded = evaluator.rerandomize(beforeFlooding(x, employees), floodBits);
        return evaluator.modSwitchToLowest(flooded);
    }

    /** The pipeline up to the flooding level (distances computed, non-result slots zeroed); for the noise test. */
    HeCiphertext beforeFlooding(HeCiphertext x, int employees) {
        int level = x.level();
        HeCiphertext diff = evaluator.addPlain(x, negCentroids);
        HeCiphertext sq = evaluator.multiply(diff, diff);
        sq = evaluator.modSwitchTo(sq, level - 1);
        HeCiphertext sums = evaluator.sumBlocks(sq, AssignmentLayout.LOG_BLOCK);
        HeCiphertext masked = evaluator.multiplyPlain(sums, selector(employees));
        return evaluator.modSwitchTo(masked, FLOOD_LEVEL);
    }

    private long[] selector(int employees) {
        long[] s = new long[session.slotCount()];
        for (int e = 0; e < employees; e++) {
            for (int c = 0; c < k; c++) {
                s[AssignmentLayout.resultSlot(e, c, k)] = 1;
            }
        }
        return s;
    }
}

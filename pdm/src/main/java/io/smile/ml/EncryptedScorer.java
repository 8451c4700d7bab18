package io.smile.ml;

import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HePlaintext;
import io.smile.he.api.HeSession;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates a {@link QuantizedModel} on a ciphertext of packed quantized windows (window w in
 * slots [w*B, (w+1)*B), B = block size) and returns a ciphertext whose slot w*B holds window w's
 * score S(x_w) and whose every other slot is uniformly random.
 *
 * <p>The quadratic form is evaluated by diagonals: S = sum over the block of
 * sum_d diag_d(V) * x * rot(x, d). That is one plaintext product and one rotation per diagonal, the
 * ciphertext products summed with a single relinearization, then a block sum by rotations.
 *
 * <p>Before the result leaves the cloud: every slot but the window scores gets a uniformly random
 * mask (the partial sums there would otherwise reveal the model), the ciphertext is switched down
 * to the flooding level, re-randomized with a fresh public-key encryption of zero whose noise is
 * uniform in ±2^floodBits·t, and switched to the lowest level. Statistical distance of the
 * returned noise from noise independent of the model: at most N·E/2^floodBits, where E bounds the
 * noise (divided by t) the evaluation leaves at the flooding level; the plan's floodBits is
 * chosen as securityBits + log2(N) + log2(E) (see docs/pdm-model.md).
 */
public final class EncryptedScorer {
    /** Where each stage runs; levels count down from the fresh ciphertext's level. */
    public record Plan(int levelsAfterProduct, int floodLevel, int floodBits) {
    }

    /** log2 of the bound E on |noise / t| at the flooding level (measured 2^7.2 on worst-case inputs and weights; a test enforces at most 2^11). */
    public static final int NOISE_BOUND_BITS = 12;

    private final QuantizedModel model;
    private final HeEvaluator evaluator;
    private final HeSession session;
    private final Plan plan;
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, List<HePlaintext>> diagonalsByLevel = new ConcurrentHashMap<>();

    public EncryptedScorer(QuantizedModel model, HeEvaluator evaluator, Plan plan) {
        this.model = model;
        this.evaluator = evaluator;
        this.session = evaluator.session();
        this.plan = plan;
        if (session.plainModulus() != model.plainModulus()) {
            throw new IllegalArgumentException("model quantized for t = " + model.plainModulus() + ", session has t = " + session.plainModulus());
        }
        if (session.rowSize() % model.encoding().blockSize() != 0) {
            throw new IllegalArgumentException("block size must divide the row size");
        }
    }

    /** The plan for {@link PdmParameters}: 64-bit statistical circuit privacy. */
    public static Plan defaultPlan(HeSession session, int securityBits) {
        int logN = Integer.numberOfTrailingZeros(session.slotCount());
        return new Plan(2, 1, securityBits + logN + NOISE_BOUND_BITS);
    }

    /** Rotation steps the gateway's Galois keys must cover: 1 .. B-1 (diagonals and block sums). */
    public static int[] rotationSteps(FeatureEncoding encoding) {
        int b = encoding.blockSize();
        int[] steps = new int[b - 1];
        for (int i = 1; i < b; i++) {
            steps[i - 1] = i;
        }
        return steps;
    }

    public int windowsPerCiphertext() {
        return session.slotCount() / model.encoding().blockSize();
    }

    public HeCiphertext score(HeCiphertext x, int windows) {
        int block = model.encoding().blockSize();
        if (windows < 1 || windows > windowsPerCiphertext()) {
            throw new IllegalArgumentException("windows must be in [1, " + windowsPerCiphertext() + "]");
        }
        int level = x.level();
        if (level - plan.levelsAfterProduct() < plan.floodLevel() || plan.floodLevel() < 1) {
            throw new IllegalArgumentException("ciphertext at level " + level + " is too low for the scoring plan " + plan);
        }
        List<HePlaintext> diagonals = diagonalsByLevel.computeIfAbsent(level, this::encodeDiagonals);
        List<HeCiphertext> left = new ArrayList<>();
        List<HeCiphertext> right = new ArrayList<>();
        for (int d = 0; d < diagonals.size(); d++) {
            if (diagonals.get(d) == null) {
                continue;
            }
            left.add(evaluator.multiplyPlain(x, diagonals.get(d)));
            right.add(d == 0 ? x : evaluator.rotate(x, d));
        }
        HeCiphertext s = evaluator.multiplySum(left, right);
        s = evaluator.modSwitchTo(s, level - plan.levelsAfterProduct());
        s = evaluator.sumBlocks(s, Integer.numberOfTrailingZeros(block));
        s = evaluator.addPlain(s, mask(windows, block));
        s = evaluator.modSwitchTo(s, plan.floodLevel());
        s = evaluator.rerandomize(s, plan.floodBits());
        return evaluator.modSwitchToLowest(s);
    }

    /** Uniformly random values mod t in every slot except the first slot of each used window. */
    private long[] mask(int windows, int block) {
        long t = session.plainModulus();
        long[] m = new long[session.slotCount()];
        for (int i = 0; i < m.length; i++) {
            boolean result = i % block == 0 && i / block < windows;
            m[i] = result ? 0 : random.nextLong(t);
        }
        return m;
    }

    private List<HePlaintext> encodeDiagonals(int level) {
        int block = model.encoding().blockSize();
        int slots = session.slotCount();
        List<HePlaintext> out = new ArrayList<>();
        for (int d = 0; d < block; d++) {
            long[] diag = model.diagonal(d);
            boolean any = false;
            for (long v : diag) {
                any |= v != 0;
            }
            if (!any) {
                out.add(null);
                continue;
            }
            long[] vec = new long[slots];
            for (int s = 0; s < slots; s++) {
                vec[s] = diag[s % block];
            }
            out.add(evaluator.encode(vec, level));
        }
        return out;
    }

    /** Score of window w from a decrypted result (slot w*B, centred). */
    public static long scoreOf(long[] decrypted, int window, int blockSize) {
        return decrypted[window * blockSize];
    }
}

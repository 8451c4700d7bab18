package io.smile.pdm.model;

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
 * result (its blinded decision or its score S(x_w), see {@link Output}) and whose every other
 * slot is uniformly random.
 *
 * <p>The quadratic form is evaluated by diagonals: S = sum over the block of
 * sum_d diag_d(V) * x * rot(x, d). That is one plaintext product and one rotation per diagonal, the
 * ciphertext products summed with a single relinearization, then a block sum by rotations. The
 * rotations of x by every diagonal go through one {@link HeEvaluator#rotateMany} call, which the
 * BGV backend hoists (one decomposition of x shared by all of them).
 *
 * <p>{@link Output#DECISION} (the default): window w's slot then holds, instead of the score, the
 * blinded decision v = r·(2S − 1) + e' of {@link DecisionBlinding}, with fresh r and e' per slot
 * from a CSPRNG: one plaintext multiplication by the slot vector 2r and one plaintext addition of
 * e' − r (together with the mask below), at the level of the block sums, one level above the
 * flooding level so that the switch down brings the noise back to its floor. The gateway
 * learns sign(S), not S. {@link Output#SCORE} returns S itself (a model owner's choice).
 *
 * <p>Before the result leaves the cloud: every slot but the window results gets a uniformly random
 * mask (the partial sums there would otherwise reveal the model), the ciphertext is switched down
 * to the flooding level, re-randomized with a fresh public-key encryption of zero whose noise is
 * uniform in ±2^floodBits·t, and switched to the lowest level. Statistical distance of the
 * returned noise from noise independent of the model: at most N·E/2^floodBits, where E bounds the
 * noise (divided by t) the evaluation leaves at the flooding level; {@link ScoringPlan} chooses
 * floodBits as securityBits + log2(N) + log2(E) (see docs/pdm-model.md). The slots follow
 * {@link SlotLayout}.
 */
public final class EncryptedScorer {
    /** What a window's result slot holds. */
    public enum Output {
        /** the model's integer score S (the model owner chose to share it) */
        SCORE,
        /** the blinded decision: only its sign is meaningful, positive = alert */
        DECISION
    }

    private final QuantizedModel model;
    private final Output output;
    private final DecisionBlinding blinding;
    private final HeEvaluator evaluator;
    private final HeSession session;
    private final ScoringPlan plan;
    private final SlotLayout layout;
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, List<HePlaintext>> diagonalsByLevel = new ConcurrentHashMap<>();

    /** The decision-only scorer with the product's plan ({@link ScoringPlan#forSession(HeSession)}). */
    public EncryptedScorer(QuantizedModel model, HeEvaluator evaluator) {
        this(model, evaluator, Output.DECISION);
    }

    /** The scorer with the product's plan and that output. */
    public EncryptedScorer(QuantizedModel model, HeEvaluator evaluator, Output output) {
        this(model, evaluator, ScoringPlan.forSession(evaluator.session()), output);
    }

    /** A decision-only scorer with that plan. */
    public EncryptedScorer(QuantizedModel model, HeEvaluator evaluator, ScoringPlan plan) {
        this(model, evaluator, plan, Output.DECISION);
    }

    /**
     * @throws IllegalArgumentException if the model does not fit the session, or (for
     *                                  {@link Output#DECISION}) its scores are too large to blind
     *                                  ({@link DecisionBlinding#multiplierBound})
     */
    public EncryptedScorer(QuantizedModel model, HeEvaluator evaluator, ScoringPlan plan, Output output) {
        this.model = model;
        this.output = java.util.Objects.requireNonNull(output, "output");
        this.evaluator = evaluator;
        this.session = evaluator.session();
        this.plan = plan;
        if (session.plainModulus() != model.plainModulus()) {
            throw new IllegalArgumentException("model quantized for t = " + model.plainModulus() + ", session has t = " + session.plainModulus());
        }
        if (session.rowSize() % model.encoding().blockSize() != 0) {
            throw new IllegalArgumentException("block size must divide the row size");
        }
        this.layout = SlotLayout.of(model.encoding(), session.slotCount());
        this.blinding = output == Output.DECISION ? DecisionBlinding.of(model) : null;
    }

    /** What the result slots hold. */
    public Output output() {
        return output;
    }

    /** The plan this scorer runs (the cloud checks a ciphertext's level against it before scoring). */
    public ScoringPlan plan() {
        return plan;
    }

    /** The slot layout this scorer reads its input in and writes its scores in. */
    public SlotLayout layout() {
        return layout;
    }

    public int windowsPerCiphertext() {
        return layout.windowsPerCiphertext();
    }

    public HeCiphertext score(HeCiphertext x, int windows) {
        int block = model.encoding().blockSize();
        if (windows < 1 || windows > windowsPerCiphertext()) {
            throw new IllegalArgumentException("windows must be in [1, " + windowsPerCiphertext() + "]");
        }
        int level = x.level();
        if (level < plan.minInputLevel()) {
            throw new IllegalArgumentException("ciphertext at level " + level + " is too low for the scoring plan " + plan);
        }
        List<HePlaintext> diagonals = diagonalsByLevel.computeIfAbsent(level, this::encodeDiagonals);
        List<HeCiphertext> left = new ArrayList<>();
        List<Integer> used = new ArrayList<>();
        for (int d = 0; d < diagonals.size(); d++) {
            if (diagonals.get(d) == null) {
                continue;
            }
            left.add(evaluator.multiplyPlain(x, diagonals.get(d)));
            used.add(d);
        }
        // every rotation is of the same x: one call, so the backend can hoist them (decompose x once)
        int[] steps = new int[used.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = used.get(i);
        }
        List<HeCiphertext> right = evaluator.rotateMany(x, steps);
        HeCiphertext s = evaluator.multiplySum(left, right);
        s = evaluator.modSwitchTo(s, level - plan.levelsAfterProduct());
        s = evaluator.sumBlocks(s, Integer.numberOfTrailingZeros(block));
        if (output == Output.DECISION) {
            long[][] blind = blinding(windows, block);
            s = evaluator.multiplyPlain(s, blind[0]);
            s = evaluator.addPlain(s, blind[1]);
        } else {
            s = evaluator.addPlain(s, mask(windows, block));
        }
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

    /**
     * The decision blinding with the mask folded in: [0] the multipliers 2r (mod t) in the result
     * slots, [1] e' − r in the result slots and a uniform mask everywhere else (the product
     * with [0] is 0 there, so the slot is the mask alone).
     */
    private long[][] blinding(int windows, int block) {
        long t = session.plainModulus();
        long[] mul = new long[session.slotCount()];
        long[] add = new long[session.slotCount()];
        for (int i = 0; i < add.length; i++) {
            if (i % block == 0 && i / block < windows) {
                long r = blinding.multiplier(random);
                mul[i] = Math.floorMod(2 * r, t);
                add[i] = Math.floorMod(DecisionBlinding.offset(r, random) - r, t);
            } else {
                add[i] = random.nextLong(t);
            }
        }
        return new long[][] {mul, add};
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
}

package io.smile.he.bgv;

import io.smile.he.ring.Automorphism;
import io.smile.he.ring.Modulus;
import io.smile.he.ring.RingContext;
import io.smile.he.ring.RnsOps;
import io.smile.he.rlwe.KeySwitchKey;
import java.util.ArrayList;
import java.util.List;

/**
 * Homomorphic operations on BGV ciphertexts. Stateless apart from the (immutable) evaluation keys,
 * so one instance serves any number of threads. Inputs are never modified.
 *
 * <p>Binary operations on ciphertexts at different levels first switch the higher one down; if
 * their plaintext factors differ (possible only when a chain prime is not 1 mod t) the second is
 * multiplied by the ratio of the factors, which costs up to log2(t) bits of its noise budget.
 */
public final class Evaluator {
    private final BgvContext ctx;
    private final RingContext ring;
    private final EvaluationKeys keys;
    private final Modulus tm;

    /** keys may be null for an evaluator that only adds and multiplies by plaintexts. */
    public Evaluator(BgvContext ctx, EvaluationKeys keys) {
        this.ctx = ctx;
        this.ring = ctx.ring();
        this.keys = keys;
        if (keys != null) {
            ctx.checkSame(keys.fingerprint(), "evaluation keys");
        }
        this.tm = new Modulus(ctx.parameters().plainModulus());
    }

    public BgvContext context() {
        return ctx;
    }

    // ---------------------------------------------------------------- additive

    public Ciphertext add(Ciphertext a, Ciphertext b) {
        Ciphertext[] ab = align(a, b);
        return combine(ab[0], ab[1], false);
    }

    public Ciphertext sub(Ciphertext a, Ciphertext b) {
        Ciphertext[] ab = align(a, b);
        return combine(ab[0], ab[1], true);
    }

    public Ciphertext negate(Ciphertext a) {
        check(a);
        int[] idx = ring.qIndices(a.level());
        long[][][] out = new long[a.size()][][];
        for (int i = 0; i < a.size(); i++) {
            out[i] = new long[a.level() + 1][ring.degree()];
            RnsOps.neg(ring, a.component(i), out[i], idx);
        }
        return new Ciphertext(a.fingerprint(), out, a.level(), a.factor(), null);
    }

    public Ciphertext addPlain(Ciphertext a, Plaintext p) {
        return plainAdd(a, p, false);
    }

    public Ciphertext subPlain(Ciphertext a, Plaintext p) {
        return plainAdd(a, p, true);
    }

    /** Adds the integer c to every slot. */
    public Ciphertext addScalar(Ciphertext a, long c) {
        return plainAdd(a, ctx.encoder().encodeConstant(c), false);
    }

    private Ciphertext plainAdd(Ciphertext a, Plaintext p, boolean subtract) {
        check(a);
        ctx.checkSame(p.fingerprint(), "plaintext");
        int[] idx = ring.qIndices(a.level());
        long[][] m = ctx.liftToNtt(p.view(), a.factor(), a.level());
        long[][][] out = copyPolys(a);
        if (subtract) {
            RnsOps.sub(ring, out[0], m, out[0], idx);
        } else {
            RnsOps.add(ring, out[0], m, out[0], idx);
        }
        return new Ciphertext(a.fingerprint(), out, a.level(), a.factor(), null);
    }

    // ---------------------------------------------------------------- multiplicative

    /** A plaintext lifted to NTT form at one level, for repeated multiplications (model weights). */
    public static final class PreparedPlaintext {
        final long[][] ntt;
        final int level;
        final long fingerprint;

        PreparedPlaintext(long[][] ntt, int level, long fingerprint) {
            this.ntt = ntt;
            this.level = level;
            this.fingerprint = fingerprint;
        }

        public int level() {
            return level;
        }
    }

    public PreparedPlaintext prepare(Plaintext p, int level) {
        ctx.checkSame(p.fingerprint(), "plaintext");
        return new PreparedPlaintext(ctx.liftToNtt(p.view(), 1, level), level, p.fingerprint());
    }

    public Ciphertext multiplyPlain(Ciphertext a, Plaintext p) {
        check(a);
        return multiplyPlain(a, prepare(p, a.level()));
    }

    public Ciphertext multiplyPlain(Ciphertext a, PreparedPlaintext p) {
        check(a);
        if (p.fingerprint != a.fingerprint()) {
            throw new IllegalArgumentException("plaintext belongs to another parameter set");
        }
        if (p.level < a.level()) {
            throw new IllegalArgumentException("plaintext prepared for level " + p.level + " but ciphertext is at " + a.level());
        }
        int[] idx = ring.qIndices(a.level());
        long[][] m = RnsOps.prefix(p.ntt, a.level() + 1);
        long[][][] out = new long[a.size()][][];
        for (int i = 0; i < a.size(); i++) {
            out[i] = new long[a.level() + 1][ring.degree()];
            RnsOps.mul(ring, a.component(i), m, out[i], idx);
        }
        return new Ciphertext(a.fingerprint(), out, a.level(), a.factor(), null);
    }

    /** Multiplies every slot by the integer c. Noise grows by |c| (c is taken centred mod t). */
    public Ciphertext multiplyScalar(Ciphertext a, long c) {
        check(a);
        long centred = tm.center(tm.reduce(c));
        int[] idx = ring.qIndices(a.level());
        long[][][] out = new long[a.size()][][];
        for (int i = 0; i < a.size(); i++) {
            out[i] = new long[a.level() + 1][ring.degree()];
            RnsOps.mulScalar(ring, a.component(i), centred, out[i], idx);
        }
        return new Ciphertext(a.fingerprint(), out, a.level(), a.factor(), null);
    }

    /** Tensor product: a size-3 ciphertext under (1, s, s^2). Relinearize it before rotating. */
    public Ciphertext multiplyNoRelin(Ciphertext a, Ciphertext b) {
        Ciphertext[] ab = alignLevels(a, b);
        a = ab[0];
        b = ab[1];
        if (a.size() != 2 || b.size() != 2) {
            throw new IllegalArgumentException("relinearize before multiplying again (sizes " + a.size() + ", " + b.size() + ")");
        }
        int level = a.level();
        int n = ring.degree();
        int[] idx = ring.qIndices(level);
        long[][] d0 = new long[level + 1][n];
        long[][] d1 = new long[level + 1][n];
        long[][] d2 = new long[level + 1][n];
        long[][] a0 = a.component(0);
        long[][] a1 = a.component(1);
        long[][] b0 = b.component(0);
        long[][] b1 = b.component(1);
        boolean square = a == b;
        // one method per case: with both loops in one lambda, C2 compiled the square loop ~25% slower
        ring.parallel().forEach(level + 1, r -> {
            if (square) {
                squareRow(ring.modulus(r), a0[r], a1[r], d0[r], d1[r], d2[r]);
            } else {
                tensorRow(ring.modulus(r), a0[r], a1[r], b0[r], b1[r], d0[r], d1[r], d2[r]);
            }
        });
        long factor = tm.mul(a.factor(), b.factor());
        return new Ciphertext(a.fingerprint(), new long[][][] {d0, d1, d2}, level, factor, null);
    }

    /** Karatsuba: x0*y1 + x1*y0 = (x0 + x1)(y0 + y1) - x0*y0 - x1*y1, three products per coefficient. */
    private static void tensorRow(Modulus m, long[] x0, long[] x1, long[] y0, long[] y1, long[] z0, long[] z1, long[] z2) {
        long q = m.value();
        for (int i = 0; i < z0.length; i++) {
            long u0 = x0[i];
            long u1 = x1[i];
            long v0 = y0[i];
            long v1 = y1[i];
            long p0 = m.mul(u0, v0);
            long p2 = m.mul(u1, v1);
            long sx = u0 + u1 - q;
            long sy = v0 + v1 - q;
            sx += (sx >> 63) & q;
            sy += (sy >> 63) & q;
            long c = m.mul(sx, sy) - p0;
            c += (c >> 63) & q;
            c -= p2;
            c += (c >> 63) & q;
            z0[i] = p0;
            z1[i] = c;
            z2[i] = p2;
        }
    }

    private static void squareRow(Modulus m, long[] x0, long[] x1, long[] z0, long[] z1, long[] z2) {
        long q = m.value();
        for (int i = 0; i < z0.length; i++) {
            long u = x0[i];
            long v = x1[i];
            long c = m.mul(u, v);
            c += c - q;
            long p0 = m.mul(u, u);
            long p2 = m.mul(v, v);
            z0[i] = p0;
            z1[i] = c + ((c >> 63) & q);
            z2[i] = p2;
        }
    }

    /** Ciphertext product, relinearized back to two components. */
    public Ciphertext multiply(Ciphertext a, Ciphertext b) {
        return relinearize(multiplyNoRelin(a, b));
    }

    public Ciphertext square(Ciphertext a) {
        return relinearize(multiplyNoRelin(a, a));
    }

    public Ciphertext relinearize(Ciphertext a) {
        check(a);
        if (a.size() == 2) {
            return a;
        }
        KeySwitchKey rk = keys == null ? null : keys.relinearization();
        if (rk == null) {
            throw new IllegalStateException("no relinearization key was provided to this evaluator");
        }
        int level = a.level();
        long[][][] k = ctx.keySwitcher().switchKey(a.component(2), level, rk);
        int[] idx = ring.qIndices(level);
        // k is freshly allocated by the key switcher: add in place
        RnsOps.add(ring, a.component(0), k[0], k[0], idx);
        RnsOps.add(ring, a.component(1), k[1], k[1], idx);
        return new Ciphertext(a.fingerprint(), k, level, a.factor(), null);
    }

    // ---------------------------------------------------------------- levels

    /**
     * Modulus switching: drops q_level, dividing the noise by about q_level. The message is
     * multiplied by q_level^-1 mod t, which the ciphertext's factor records.
     */
    public Ciphertext modSwitch(Ciphertext a) {
        check(a);
        int l = a.level();
        if (l == 0) {
            throw new IllegalArgumentException("ciphertext is already at the lowest level");
        }
        int n = ring.degree();
        long t = ctx.parameters().plainModulus();
        Modulus ql = ring.modulus(l);
        long tInvQl = ql.inv(ql.reduce(t));
        long tInvQlS = ql.shoup(tInvQl);
        int[] idx = ring.qIndices(l - 1);
        long[][][] out = new long[a.size()][][];
        for (int c = 0; c < a.size(); c++) {
            long[][] comp = a.component(c);
            long[] last = comp[l].clone();
            ring.ntt(l).inverse(last);
            // y = centred [last * t^-1]_{q_l}; delta = t*y is = comp mod q_l and = 0 mod t
            for (int i = 0; i < n; i++) {
                last[i] = ql.center(ql.mulShoup(last[i], tInvQl, tInvQlS));
            }
            long[][] res = new long[l][];
            ring.parallel().forEach(l, j -> {
                Modulus qj = ring.modulus(j);
                long q = qj.value();
                long tj = qj.reduce(t);
                long tjs = qj.shoup(tj);
                long inv = qj.inv(qj.reduce(ql.value()));
                long invS = qj.shoup(inv);
                long[] delta = new long[n];
                for (int i = 0; i < n; i++) {
                    long y = last[i];
                    long yr = qj.reduceFast(y);
                    delta[i] = qj.mulShoup(yr, tj, tjs);
                }
                ring.ntt(j).forward(delta);
                long[] src = comp[j];
                long[] dst = new long[n];
                for (int i = 0; i < n; i++) {
                    long d = src[i] - delta[i];
                    if (d < 0) {
                        d += q;
                    }
                    dst[i] = qj.mulShoup(d, inv, invS);
                }
                res[j] = dst;
            });
            out[c] = res;
        }
        long factor = tm.mul(a.factor(), tm.inv(tm.reduce(ql.value())));
        return new Ciphertext(a.fingerprint(), out, l - 1, factor, null);
    }

    public Ciphertext modSwitchTo(Ciphertext a, int level) {
        check(a);
        if (level < 0 || level > a.level()) {
            throw new IllegalArgumentException("cannot switch from level " + a.level() + " to " + level);
        }
        Ciphertext c = a;
        while (c.level() > level) {
            c = modSwitch(c);
        }
        return c;
    }

    /** Switches down to q_0 alone: the smallest ciphertext, for returning results. */
    public Ciphertext modSwitchToLowest(Ciphertext a) {
        return modSwitchTo(a, 0);
    }

    // ---------------------------------------------------------------- rotations

    /** Applies X -> X^g and switches the key back to s (requires the Galois key for g). */
    public Ciphertext applyGalois(Ciphertext a, long g) {
        check(a);
        if (a.size() != 2) {
            throw new IllegalArgumentException("relinearize before rotating");
        }
        KeySwitchKey key = keys == null ? null : keys.galois().get(g);
        if (key == null) {
            throw new IllegalStateException("no Galois key for element " + g);
        }
        int level = a.level();
        int n = ring.degree();
        int[] perm = ctx.galoisPermutation(g);
        long[][] c0 = new long[level + 1][n];
        long[][] c1 = new long[level + 1][n];
        ring.parallel().forEach(level + 1, r -> {
            Automorphism.applyNtt(a.component(0)[r], perm, c0[r]);
            Automorphism.applyNtt(a.component(1)[r], perm, c1[r]);
        });
        long[][][] k = ctx.keySwitcher().switchKey(c1, level, key);
        RnsOps.add(ring, c0, k[0], c0, ring.qIndices(level));
        return new Ciphertext(a.fingerprint(), new long[][][] {c0, k[1]}, level, a.factor(), null);
    }

    /**
     * applyGalois(a, g) for every g of {@code elements}, in that order, with one decomposition of
     * c1 shared by all of them (hoisted key switching, {@link io.smile.he.rlwe.KeySwitcher#decompose}):
     * per element only the permutation, the inner product with its key and the division by P.
     * Each result decrypts to what {@link #applyGalois} gives, with the same noise bound. Element
     * 1 (the identity) returns {@code a}; a repeated element returns the same result object; a
     * single distinct element goes through {@link #applyGalois} itself (nothing to share).
     * Every key is checked before any work is done.
     *
     * @throws IllegalStateException if a Galois key is missing (naming the element)
     */
    public List<Ciphertext> applyGaloisMany(Ciphertext a, long[] elements) {
        check(a);
        java.util.Objects.requireNonNull(elements, "elements");
        int n = ring.degree();
        for (long g : elements) {
            if (g == 1) {
                continue;
            }
            if (a.size() != 2) {
                throw new IllegalArgumentException("relinearize before rotating");
            }
            if ((g & 1) == 0 || g <= 0 || g >= 2L * n) {
                throw new IllegalArgumentException("Galois element must be odd in (0, 2N): " + g);
            }
            if (keys == null || !keys.galois().containsKey(g)) {
                throw new IllegalStateException("no Galois key for element " + g);
            }
        }
        java.util.Set<Long> distinct = new java.util.HashSet<>();
        for (long g : elements) {
            if (g != 1) {
                distinct.add(g);
            }
        }
        boolean hoist = distinct.size() > 1; // one key switch alone gains nothing from a decomposition
        int level = a.level();
        io.smile.he.rlwe.KeySwitcher.Decomposition digits = null;
        java.util.Map<Long, Ciphertext> done = new java.util.HashMap<>();
        List<Ciphertext> out = new ArrayList<>(elements.length);
        for (long g : elements) {
            Ciphertext r = g == 1 ? a : done.get(g);
            if (r == null && !hoist) {
                r = applyGalois(a, g);
                done.put(g, r);
            }
            if (r == null) {
                if (digits == null) {
                    digits = ctx.keySwitcher().decompose(a.component(1), level);
                }
                int[] perm = ctx.galoisPermutation(g);
                long[][][] k = ctx.keySwitcher().switchKeyHoisted(digits, perm, keys.galois().get(g));
                long[][] c0 = new long[level + 1][n];
                ring.parallel().forEach(level + 1, row -> Automorphism.applyNtt(a.component(0)[row], perm, c0[row]));
                RnsOps.add(ring, c0, k[0], c0, ring.qIndices(level));
                r = new Ciphertext(a.fingerprint(), new long[][][] {c0, k[1]}, level, a.factor(), null);
                done.put(g, r);
            }
            out.add(r);
        }
        return out;
    }

    /**
     * rotateRows(a, step) for every step, in that order. Steps with a Galois key of their own share
     * one decomposition ({@link #applyGaloisMany}); a step that needs composing from power-of-two
     * keys is rotated as {@link #rotateRows} does (its key switches act on different ciphertexts
     * and cannot be hoisted). Step 0 (mod N/2) returns {@code a}. Every step is checked before any
     * work is done.
     *
     * @throws IllegalStateException if a rotation needs a key that is missing (naming the step)
     */
    public List<Ciphertext> rotateRowsMany(Ciphertext a, int[] steps) {
        check(a);
        java.util.Objects.requireNonNull(steps, "steps");
        int half = ctx.parameters().degree() / 2;
        long[] direct = new long[steps.length];
        boolean[] composed = new boolean[steps.length];
        for (int i = 0; i < steps.length; i++) {
            int s = Math.floorMod(steps[i], half);
            long g = ctx.rotationElement(s);
            if (s == 0 || (keys != null && keys.galois().containsKey(g))) {
                direct[i] = g;
                continue;
            }
            for (int bit = 0; (1 << bit) < half; bit++) {
                if ((s & (1 << bit)) != 0 && (keys == null || !keys.galois().containsKey(ctx.rotationElement(1 << bit)))) {
                    throw new IllegalStateException("rotation by " + steps[i] + " needs a Galois key for a rotation by "
                            + (1 << bit) + " (or for " + s + " directly)");
                }
            }
            composed[i] = true;
            direct[i] = 1;
        }
        List<Ciphertext> hoisted = applyGaloisMany(a, direct);
        List<Ciphertext> out = new ArrayList<>(steps.length);
        for (int i = 0; i < steps.length; i++) {
            out.add(composed[i] ? rotateRows(a, steps[i]) : hoisted.get(i));
        }
        return out;
    }

    /**
     * Rotates both rows left by {@code step} (slot j receives slot j+step; negative steps rotate
     * right). Uses the key for the exact step if present, otherwise composes left rotations by
     * powers of two.
     */
    public Ciphertext rotateRows(Ciphertext a, int step) {
        int half = ctx.parameters().degree() / 2;
        int s = Math.floorMod(step, half);
        if (s == 0) {
            check(a);
            return a;
        }
        long direct = ctx.rotationElement(s);
        if (keys != null && keys.galois().containsKey(direct)) {
            return applyGalois(a, direct);
        }
        List<Long> plan = new ArrayList<>();
        for (int bit = 0; (1 << bit) < half; bit++) {
            if ((s & (1 << bit)) != 0) {
                long g = ctx.rotationElement(1 << bit);
                if (keys == null || !keys.galois().containsKey(g)) {
                    throw new IllegalStateException("rotation by " + step + " needs a Galois key for a rotation by "
                            + (1 << bit) + " (or for " + s + " directly)");
                }
                plan.add(g);
            }
        }
        Ciphertext c = a;
        for (long g : plan) {
            c = applyGalois(c, g);
        }
        return c;
    }

    /** Swaps the two rows of slots. */
    public Ciphertext swapRows(Ciphertext a) {
        return applyGalois(a, ctx.rowSwapElement());
    }

    /** Every slot receives the sum of all N slots. */
    public Ciphertext sumSlots(Ciphertext a) {
        int half = ctx.parameters().degree() / 2;
        Ciphertext c = sumBlocks(a, Integer.numberOfTrailingZeros(half));
        return add(c, swapRows(c));
    }

    /**
     * Sums within aligned blocks of 2^logBlock slots of each row: slot j receives the sum of
     * slots j .. j+2^logBlock-1 (cyclically in its row), so the first slot of every block holds
     * that block's sum. The building block of encrypted inner products.
     */
    public Ciphertext sumBlocks(Ciphertext a, int logBlock) {
        int half = ctx.parameters().degree() / 2;
        if (logBlock < 0 || (1 << logBlock) > half) {
            throw new IllegalArgumentException("block size 2^" + logBlock + " exceeds a row of " + half + " slots");
        }
        Ciphertext c = a;
        for (int i = 0; i < logBlock; i++) {
            c = add(c, rotateRows(c, 1 << i));
        }
        return c;
    }

    // ---------------------------------------------------------------- polynomials

    /**
     * p(x) = sum coefficients[i] * x^i in every slot, with plaintext integer coefficients. Powers
     * are built as a binary tree (x^i = x^(2^k) * x^(i-2^k)), each product relinearized and
     * switched down one level, so degree d costs ceil(log2 d) levels.
     */
    public Ciphertext evaluatePolynomial(Ciphertext x, long[] coefficients) {
        check(x);
        if (coefficients.length == 0) {
            throw new IllegalArgumentException("no coefficients");
        }
        int degree = coefficients.length - 1;
        while (degree > 0 && tm.reduce(coefficients[degree]) == 0) {
            degree--;
        }
        Ciphertext[] pow = new Ciphertext[degree + 1];
        if (degree >= 1) {
            pow[1] = x;
        }
        for (int i = 2; i <= degree; i++) {
            int hb = Integer.highestOneBit(i);
            Ciphertext left = hb == i ? pow[i / 2] : pow[hb];
            Ciphertext right = hb == i ? pow[i / 2] : pow[i - hb];
            pow[i] = modSwitch(multiply(left, right));
        }
        Ciphertext acc = null;
        for (int i = 1; i <= degree; i++) {
            if (tm.reduce(coefficients[i]) == 0) {
                continue;
            }
            Ciphertext term = multiplyScalar(pow[i], coefficients[i]);
            acc = acc == null ? term : add(acc, term);
        }
        if (acc == null) {
            // constant polynomial: an encryption of zero plus the constant, at x's level
            acc = multiplyScalar(x, 0);
        }
        return addScalar(acc, coefficients[0]);
    }

    // ---------------------------------------------------------------- helpers

    private void check(Ciphertext a) {
        ctx.checkSame(a.fingerprint(), "ciphertext");
    }

    private Ciphertext[] alignLevels(Ciphertext a, Ciphertext b) {
        check(a);
        check(b);
        if (a.level() > b.level()) {
            a = modSwitchTo(a, b.level());
        } else if (b.level() > a.level()) {
            b = modSwitchTo(b, a.level());
        }
        return new Ciphertext[] {a, b};
    }

    private Ciphertext[] align(Ciphertext a, Ciphertext b) {
        Ciphertext[] ab = alignLevels(a, b);
        if (ab[0].factor() != ab[1].factor()) {
            long ratio = tm.mul(ab[0].factor(), tm.inv(ab[1].factor()));
            Ciphertext scaled = multiplyScalar(ab[1], ratio);
            ab[1] = new Ciphertext(scaled.fingerprint(), scaled.polys(), scaled.level(), ab[0].factor(), null);
        }
        return ab;
    }

    private Ciphertext combine(Ciphertext a, Ciphertext b, boolean subtract) {
        int size = Math.max(a.size(), b.size());
        int level = a.level();
        int[] idx = ring.qIndices(level);
        long[][][] out = new long[size][][];
        for (int i = 0; i < size; i++) {
            if (i < a.size() && i < b.size()) {
                out[i] = new long[level + 1][ring.degree()];
                if (subtract) {
                    RnsOps.sub(ring, a.component(i), b.component(i), out[i], idx);
                } else {
                    RnsOps.add(ring, a.component(i), b.component(i), out[i], idx);
                }
            } else if (i < a.size()) {
                out[i] = RnsOps.copy(a.component(i));
            } else {
                out[i] = new long[level + 1][ring.degree()];
                if (subtract) {
                    RnsOps.neg(ring, b.component(i), out[i], idx);
                } else {
                    out[i] = RnsOps.copy(b.component(i));
                }
            }
        }
        return new Ciphertext(a.fingerprint(), out, level, a.factor(), null);
    }

    private static long[][][] copyPolys(Ciphertext a) {
        long[][][] out = new long[a.size()][][];
        for (int i = 0; i < a.size(); i++) {
            out[i] = RnsOps.copy(a.component(i));
        }
        return out;
    }
}

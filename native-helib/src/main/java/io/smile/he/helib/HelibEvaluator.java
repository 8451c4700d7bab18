package io.smile.he.helib;

import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeException;
import io.smile.he.api.HePlaintext;
import io.smile.he.api.HeSession;
import java.lang.ref.Reference;
import java.util.List;
import java.util.Objects;

/**
 * The cloud's evaluator over native HElib public keys: the encryption key (for
 * {@link #rerandomize}) and, if given, the evaluation keys (relinearization and rotations).
 * Without evaluation keys, products of ciphertexts and rotations are refused with
 * {@link HeException} as the API says.
 */
final class HelibEvaluator implements HeEvaluator {
    private final HelibSession session;
    private final NativeRef publicKey;
    private final NativeRef evaluationKeys;

    HelibEvaluator(HelibSession session, long pk, long ek) {
        this.session = session;
        this.publicKey = new NativeRef(this, pk);
        this.evaluationKeys = ek == 0 ? null : new NativeRef(this, ek);
    }

    @Override
    public HeSession session() {
        return session;
    }

    /** The key ciphertexts are rebound to: the evaluation keys when present. */
    private long key() {
        return evaluationKeys != null ? evaluationKeys.id() : publicKey.id();
    }

    private long evalKey(String what) {
        if (evaluationKeys == null) {
            throw new HeException(what + " needs evaluation keys; this evaluator was built without them");
        }
        return evaluationKeys.id();
    }

    private HeCiphertext done(long id, Object... keepAlive) {
        HeCiphertext out = session.wrap(id);
        Reference.reachabilityFence(keepAlive);
        Reference.reachabilityFence(this);
        return out;
    }

    private int levelOf(HeCiphertext a) {
        return a.level();
    }

    @Override
    public HeCiphertext add(HeCiphertext a, HeCiphertext b) {
        return done(HelibNative.binary(session.ctx(), key(), HelibNative.ADD, session.unwrap(a), session.unwrap(b)), a, b);
    }

    @Override
    public HeCiphertext sub(HeCiphertext a, HeCiphertext b) {
        return done(HelibNative.binary(session.ctx(), key(), HelibNative.SUB, session.unwrap(a), session.unwrap(b)), a, b);
    }

    @Override
    public HeCiphertext addPlain(HeCiphertext a, long[] values) {
        session.checkValues(values);
        return done(HelibNative.plain(session.ctx(), key(), HelibNative.ADD_PLAIN, session.unwrap(a), values), a);
    }

    @Override
    public HeCiphertext addScalar(HeCiphertext a, long c) {
        return done(HelibNative.plain(session.ctx(), key(), HelibNative.ADD_SCALAR, session.unwrap(a), new long[] {c}), a);
    }

    @Override
    public HeCiphertext multiplyPlain(HeCiphertext a, long[] values) {
        session.checkValues(values);
        return done(HelibNative.plain(session.ctx(), key(), HelibNative.MUL_PLAIN, session.unwrap(a), values), a);
    }

    @Override
    public HePlaintext encode(long[] values, int level) {
        session.checkValues(values);
        session.checkLevel(level);
        session.ensureOpen();
        return new HelibPlaintext(values.clone(), level, session.parameterFingerprint());
    }

    @Override
    public HeCiphertext multiplyPlain(HeCiphertext a, HePlaintext p) {
        Objects.requireNonNull(p, "plaintext");
        if (!(p instanceof HelibPlaintext)) {
            throw new IllegalArgumentException("plaintext " + p + " was not made by the " + HelibBackend.NAME + " backend");
        }
        HelibPlaintext hp = (HelibPlaintext) p;
        if (hp.fingerprint != session.parameterFingerprint()) {
            throw new IllegalArgumentException("plaintext belongs to another parameter set");
        }
        long x = session.unwrap(a);
        if (levelOf(a) > hp.level) {
            throw new IllegalArgumentException("plaintext prepared for level " + hp.level + " but the ciphertext is at level "
                    + levelOf(a));
        }
        return done(HelibNative.plain(session.ctx(), key(), HelibNative.MUL_PLAIN, x, hp.values), a);
    }

    @Override
    public HeCiphertext multiplyScalar(HeCiphertext a, long c) {
        return done(HelibNative.plain(session.ctx(), key(), HelibNative.MUL_SCALAR, session.unwrap(a), new long[] {c}), a);
    }

    @Override
    public HeCiphertext multiply(HeCiphertext a, HeCiphertext b) {
        long k = evalKey("a ciphertext product");
        return done(HelibNative.binary(session.ctx(), k, HelibNative.MUL, session.unwrap(a), session.unwrap(b)), a, b);
    }

    @Override
    public HeCiphertext multiplySum(List<HeCiphertext> left, List<HeCiphertext> right) {
        if (left.size() != right.size() || left.isEmpty()) {
            throw new IllegalArgumentException("need two equally long, non-empty lists");
        }
        long k = evalKey("a ciphertext product");
        HeCiphertext acc = null;
        for (int i = 0; i < left.size(); i++) {
            HeCiphertext p = done(HelibNative.binary(session.ctx(), k, HelibNative.MUL_NO_RELIN,
                    session.unwrap(left.get(i)), session.unwrap(right.get(i))), left.get(i), right.get(i));
            acc = acc == null ? p : add(acc, p);
        }
        return done(HelibNative.binary(session.ctx(), k, HelibNative.RELIN, session.unwrap(acc), 0), acc);
    }

    @Override
    public HeCiphertext rotate(HeCiphertext a, int step) {
        long k = evalKey("a rotation");
        return done(HelibNative.rotate(session.ctx(), k, session.unwrap(a), step, false), a);
    }

    /** Exchanges the two rows (HElib's automorphism of order 2). */
    HeCiphertext swapRows(HeCiphertext a) {
        long k = evalKey("a row swap");
        return done(HelibNative.rotate(session.ctx(), k, session.unwrap(a), 0, true), a);
    }

    @Override
    public HeCiphertext sumSlots(HeCiphertext a) {
        HeCiphertext rows = sumBlocks(a, Integer.numberOfTrailingZeros(session.rowSize()));
        return add(rows, swapRows(rows));
    }

    @Override
    public HeCiphertext sumBlocks(HeCiphertext a, int logBlock) {
        if (logBlock < 0 || logBlock > 30 || (1 << logBlock) > session.rowSize()) {
            throw new IllegalArgumentException("block size 2^" + logBlock + " exceeds a row of " + session.rowSize() + " slots");
        }
        HeCiphertext x = a;
        for (int k = 0; k < logBlock; k++) {
            x = add(x, rotate(x, 1 << k));
        }
        return x;
    }

    @Override
    public HeCiphertext modSwitchTo(HeCiphertext a, int level) {
        if (level < 0 || level > levelOf(a)) {
            throw new IllegalArgumentException("cannot switch from level " + levelOf(a) + " to " + level);
        }
        return done(HelibNative.modSwitch(session.ctx(), session.unwrap(a), level), a);
    }

    @Override
    public HeCiphertext modSwitchToLowest(HeCiphertext a) {
        return modSwitchTo(a, 0);
    }

    @Override
    public HeCiphertext rerandomize(HeCiphertext a, int floodBits) {
        if (floodBits < 1) {
            throw new IllegalArgumentException("floodBits must be at least 1");
        }
        return done(HelibNative.rerandomize(session.ctx(), publicKey.id(), session.unwrap(a), floodBits, HelibNative.seed()), a);
    }

    @Override
    public HeCiphertext evaluatePolynomial(HeCiphertext x, long[] coefficients) {
        Objects.requireNonNull(x, "ciphertext");
        Objects.requireNonNull(coefficients, "coefficients");
        if (coefficients.length == 0) {
            throw new IllegalArgumentException("no coefficients");
        }
        long t = session.plainModulus();
        int degree = coefficients.length - 1;
        while (degree > 0 && Math.floorMod(coefficients[degree], t) == 0) {
            degree--;
        }
        int levels = degree <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(degree - 1);
        if (levels > x.level()) {
            throw new HeException("a polynomial of degree " + degree + " needs " + levels + " levels; the ciphertext is at level "
                    + x.level());
        }
        // x^i by a product tree: x^i = x^(2^k) * x^(i - 2^k), so x^i needs ceil(log2 i) products in sequence
        HeCiphertext[] powers = new HeCiphertext[degree + 1];
        powers[1] = x;
        for (int i = 2; i <= degree; i++) {
            int high = Integer.highestOneBit(i);
            powers[i] = high == i ? multiply(powers[i / 2], powers[i / 2]) : multiply(powers[high], powers[i - high]);
        }
        HeCiphertext acc = null;
        for (int i = 1; i <= degree; i++) {
            if (Math.floorMod(coefficients[i], t) == 0) {
                continue;
            }
            HeCiphertext term = multiplyScalar(powers[i], coefficients[i]);
            acc = acc == null ? term : add(acc, term);
        }
        if (acc == null) {
            acc = multiplyScalar(x, 0);
        }
        return Math.floorMod(coefficients[0], t) == 0 ? acc : addScalar(acc, coefficients[0]);
    }

    @Override
    public String toString() {
        return "HeEvaluator(" + HelibBackend.NAME + (evaluationKeys == null ? ", no evaluation keys" : "") + ")";
    }

    /**
     * Mean nanoseconds of one operation ({@code HelibNative.TIME_*}) repeated inside C++ on these
     * operands: HElib's own cost, without the JNI crossing and handle bookkeeping of the API call
     * (the JNI-overhead benchmark subtracts it from the API's time).
     */
    double timeInside(int op, HeCiphertext a, HeCiphertext b, int iterations) {
        return HelibNative.timeInside(session.ctx(), evalKey("timing a product or rotation"), op, session.unwrap(a),
                session.unwrap(b), iterations);
    }
}

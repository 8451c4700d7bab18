package io.smile.he.bgv.api;

import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeException;
import io.smile.he.api.HePlaintext;
import io.smile.he.api.HeSession;
import io.smile.he.bgv.BatchEncoder;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Encryptor;
import io.smile.he.bgv.EvaluationKeys;
import io.smile.he.bgv.Evaluator;
import io.smile.he.rlwe.PublicKey;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * An {@link HeEvaluator} over the engine {@link Evaluator}, plus a public-key {@link Encryptor}
 * for re-randomization. The engine reports a missing key as {@link IllegalStateException}; here
 * that becomes {@link HeException}.
 */
final class BgvHeEvaluator implements HeEvaluator {
    private final BgvSession session;
    private final Evaluator ev;
    private final Encryptor publicEncryptor;
    private final BatchEncoder encoder;
    private final BgvParameters params;

    BgvHeEvaluator(BgvSession session, PublicKey pk, EvaluationKeys keys) {
        this.session = session;
        this.ev = new Evaluator(session.context(), keys);
        this.publicEncryptor = Encryptor.withPublicKey(session.context(), pk);
        this.encoder = session.context().encoder();
        this.params = session.context().parameters();
    }

    @Override
    public HeSession session() {
        return session;
    }

    private HeCiphertext run(Supplier<Ciphertext> op) {
        session.ensureOpen();
        Ciphertext out;
        try {
            out = op.get();
        } catch (IllegalStateException e) {
            throw new HeException(e.getMessage(), e);
        }
        return session.wrap(out);
    }

    @Override
    public HeCiphertext add(HeCiphertext a, HeCiphertext b) {
        Ciphertext x = session.unwrap(a);
        Ciphertext y = session.unwrap(b);
        return run(() -> ev.add(x, y));
    }

    @Override
    public HeCiphertext sub(HeCiphertext a, HeCiphertext b) {
        Ciphertext x = session.unwrap(a);
        Ciphertext y = session.unwrap(b);
        return run(() -> ev.sub(x, y));
    }

    @Override
    public HeCiphertext addPlain(HeCiphertext a, long[] values) {
        Ciphertext x = session.unwrap(a);
        session.checkValues(values);
        return run(() -> ev.addPlain(x, encoder.encode(values)));
    }

    @Override
    public HeCiphertext addScalar(HeCiphertext a, long c) {
        Ciphertext x = session.unwrap(a);
        return run(() -> ev.addScalar(x, c));
    }

    @Override
    public HeCiphertext multiplyPlain(HeCiphertext a, long[] values) {
        Ciphertext x = session.unwrap(a);
        session.checkValues(values);
        return run(() -> ev.multiplyPlain(x, encoder.encode(values)));
    }

    @Override
    public HePlaintext encode(long[] values, int level) {
        session.checkValues(values);
        session.checkLevel(level);
        session.ensureOpen();
        return new BgvHePlaintext(ev.prepare(encoder.encode(values), level), params.fingerprint());
    }

    @Override
    public HeCiphertext multiplyPlain(HeCiphertext a, HePlaintext p) {
        Ciphertext x = session.unwrap(a);
        Objects.requireNonNull(p, "plaintext");
        if (!(p instanceof BgvHePlaintext)) {
            throw new IllegalArgumentException("plaintext " + p + " was not made by the " + BgvBackend.NAME + " backend");
        }
        BgvHePlaintext bp = (BgvHePlaintext) p;
        if (bp.fingerprint() != params.fingerprint()) {
            throw new IllegalArgumentException("plaintext belongs to another parameter set");
        }
        if (x.level() > bp.level()) {
            throw new IllegalArgumentException("plaintext prepared for level " + bp.level() + " but the ciphertext is at level "
                    + x.level());
        }
        return run(() -> ev.multiplyPlain(x, bp.engine()));
    }

    @Override
    public HeCiphertext multiplyScalar(HeCiphertext a, long c) {
        Ciphertext x = session.unwrap(a);
        return run(() -> ev.multiplyScalar(x, c));
    }

    @Override
    public HeCiphertext multiply(HeCiphertext a, HeCiphertext b) {
        Ciphertext x = session.unwrap(a);
        Ciphertext y = session.unwrap(b);
        return run(() -> ev.multiply(x, y));
    }

    @Override
    public HeCiphertext multiplySum(java.util.List<HeCiphertext> left, java.util.List<HeCiphertext> right) {
        if (left.size() != right.size() || left.isEmpty()) {
            throw new IllegalArgumentException("need two equally long, non-empty lists");
        }
        java.util.List<Ciphertext> xs = new java.util.ArrayList<>();
        java.util.List<Ciphertext> ys = new java.util.ArrayList<>();
        for (int i = 0; i < left.size(); i++) {
            xs.add(session.unwrap(left.get(i)));
            ys.add(session.unwrap(right.get(i)));
        }
        return run(() -> {
            Ciphertext acc = null;
            for (int i = 0; i < xs.size(); i++) {
                Ciphertext p = ev.multiplyNoRelin(xs.get(i), ys.get(i));
                acc = acc == null ? p : ev.add(acc, p);
            }
            return ev.relinearize(acc);
        });
    }

    @Override
    public HeCiphertext rotate(HeCiphertext a, int step) {
        Ciphertext x = session.unwrap(a);
        return run(() -> ev.rotateRows(x, step));
    }

    /** Hoisted: one decomposition of a for all steps ({@link Evaluator#rotateRowsMany}). */
    @Override
    public java.util.List<HeCiphertext> rotateMany(HeCiphertext a, int[] steps) {
        Ciphertext x = session.unwrap(a);
        Objects.requireNonNull(steps, "steps");
        int[] copy = steps.clone();
        session.ensureOpen();
        java.util.List<Ciphertext> out;
        try {
            out = ev.rotateRowsMany(x, copy);
        } catch (IllegalStateException e) {
            throw new HeException(e.getMessage(), e);
        }
        java.util.List<HeCiphertext> wrapped = new java.util.ArrayList<>(out.size());
        for (Ciphertext c : out) {
            wrapped.add(session.wrap(c));
        }
        return java.util.Collections.unmodifiableList(wrapped);
    }

    @Override
    public HeCiphertext sumSlots(HeCiphertext a) {
        Ciphertext x = session.unwrap(a);
        return run(() -> ev.sumSlots(x));
    }

    @Override
    public HeCiphertext sumBlocks(HeCiphertext a, int logBlock) {
        Ciphertext x = session.unwrap(a);
        if (logBlock < 0 || logBlock > 30 || (1 << logBlock) > session.rowSize()) {
            throw new IllegalArgumentException("block size 2^" + logBlock + " exceeds a row of " + session.rowSize() + " slots");
        }
        return run(() -> ev.sumBlocks(x, logBlock));
    }

    @Override
    public HeCiphertext modSwitchTo(HeCiphertext a, int level) {
        Ciphertext x = session.unwrap(a);
        if (level < 0 || level > x.level()) {
            throw new IllegalArgumentException("cannot switch from level " + x.level() + " to " + level);
        }
        return run(() -> ev.modSwitchTo(x, level));
    }

    @Override
    public HeCiphertext modSwitchToLowest(HeCiphertext a) {
        Ciphertext x = session.unwrap(a);
        return run(() -> ev.modSwitchToLowest(x));
    }

    @Override
    public HeCiphertext rerandomize(HeCiphertext a, int floodBits) {
        Ciphertext x = session.unwrap(a);
        return run(() -> {
            Ciphertext zero = publicEncryptor.encryptZeroFlooded(x.level(), floodBits);
            // An encryption of zero decrypts to zero under any plaintext factor: tag it with x's
            // factor so the addition does not rescale (and distort) the flooding noise.
            Ciphertext tagged = new Ciphertext(zero.fingerprint(), new long[][][] {zero.component(0), zero.component(1)},
                    zero.level(), x.factor(), null);
            return ev.add(x, tagged);
        });
    }

    @Override
    public HeCiphertext evaluatePolynomial(HeCiphertext x, long[] coefficients) {
        Ciphertext c = session.unwrap(x);
        Objects.requireNonNull(coefficients, "coefficients");
        if (coefficients.length == 0) {
            throw new IllegalArgumentException("no coefficients");
        }
        long t = params.plainModulus();
        int degree = coefficients.length - 1;
        while (degree > 0 && Math.floorMod(coefficients[degree], t) == 0) {
            degree--;
        }
        int levels = degree <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(degree - 1);
        if (levels > c.level()) {
            throw new HeException("a polynomial of degree " + degree + " needs " + levels + " levels; the ciphertext is at level "
                    + c.level());
        }
        return run(() -> ev.evaluatePolynomial(c, coefficients));
    }

    @Override
    public String toString() {
        return "HeEvaluator(" + BgvBackend.NAME + ")";
    }
}

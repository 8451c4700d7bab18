package io.smile.he.bgv;

import io.smile.he.ring.Modulus;
import io.smile.he.ring.RingContext;
import io.smile.he.ring.RnsOps;
import io.smile.he.rlwe.SecretKey;
import java.math.BigInteger;

/**
 * BGV decryption: v = c0 + c1*s (+ c2*s^2) mod Q_level is factor*m + t*e; switching v down to q_0
 * in coefficient form (no NTTs) and reducing the centred result mod t gives m.
 *
 * <p>Exhausted noise: once |t*e| passes Q/2 the result is silently wrong, and plain decryption
 * cannot tell. {@link #decryptChecked} first measures the noise budget (exact CRT
 * reconstruction): a wrapped-around v is close to uniform mod Q, so its largest coefficient is
 * near Q/2 and the budget reads 0, which is detected with overwhelming probability for N &ge; 1024.
 */
public final class Decryptor {
    private final BgvContext ctx;
    private final SecretKey sk;

    public Decryptor(BgvContext ctx, SecretKey sk) {
        this.ctx = ctx;
        this.sk = sk;
    }

    public Plaintext decrypt(Ciphertext ct) {
        ctx.checkSame(ct.fingerprint(), "ciphertext");
        RingContext ring = ctx.ring();
        int n = ring.degree();
        long t = ctx.parameters().plainModulus();
        Modulus tm = new Modulus(t);
        long[][] v = phase(ct);
        long factor = ct.factor();
        int level = ct.level();
        for (int l = level; l > 0; l--) {
            Modulus ql = ring.modulus(l);
            long tInv = ql.inv(ql.reduce(t));
            long[] last = v[l];
            long[] y = new long[n];
            for (int i = 0; i < n; i++) {
                y[i] = ql.center(ql.mul(last[i], tInv));
            }
            final int lf = l;
            ring.parallel().forEach(l, j -> {
                Modulus qj = ring.modulus(j);
                long tj = qj.reduce(t);
                long inv = qj.inv(qj.reduce(ring.modulus(lf).value()));
                long[] row = v[j];
                for (int i = 0; i < n; i++) {
                    long delta = qj.mul(qj.reduceFast(y[i]), tj);
                    row[i] = qj.mul(qj.sub(row[i], delta), inv);
                }
            });
            factor = tm.mul(factor, tm.inv(tm.reduce(ql.value())));
        }
        Modulus q0 = ring.modulus(0);
        long fInv = tm.inv(factor);
        long[] m = new long[n];
        long[] row = v[0];
        for (int i = 0; i < n; i++) {
            long c = q0.center(row[i]);
            m[i] = tm.mul(tm.reduce(c), fInv);
        }
        return new Plaintext(m, ctx.parameters().fingerprint());
    }

    /** Decrypts after checking that the noise budget is not exhausted. */
    public Plaintext decryptChecked(Ciphertext ct) {
        int budget = noiseBudget(ct);
        if (budget <= 0) {
            throw new NoiseBudgetExhaustedException("ciphertext at level " + ct.level()
                    + " has no noise budget left; the decryption would be wrong");
        }
        return decrypt(ct);
    }

    /**
     * Bits of noise budget left: log2(Q_level) - 1 - log2(||c0 + c1*s||_inf), at least 0. A
     * diagnostic (it reconstructs every coefficient with BigInteger), not a hot-path operation.
     */
    public int noiseBudget(Ciphertext ct) {
        BigInteger max = phaseNorm(ct);
        BigInteger q = BigInteger.ONE;
        for (int j = 0; j <= ct.level(); j++) {
            q = q.multiply(BigInteger.valueOf(ctx.ring().modulus(j).value()));
        }
        return Math.max(0, q.bitLength() - 2 - max.bitLength());
    }

    /**
     * ||c0 + c1*s||_inf with the coefficients centred mod Q_level: the message term plus t times
     * the noise. For the difference of two encryptions of the same message it is t times the
     * difference of their noises (tests measure key-switching noise with it).
     */
    BigInteger phaseNorm(Ciphertext ct) {
        ctx.checkSame(ct.fingerprint(), "ciphertext");
        RingContext ring = ctx.ring();
        int n = ring.degree();
        int level = ct.level();
        long[][] v = phase(ct);
        BigInteger q = BigInteger.ONE;
        for (int j = 0; j <= level; j++) {
            q = q.multiply(BigInteger.valueOf(ring.modulus(j).value()));
        }
        BigInteger[] hat = new BigInteger[level + 1];
        long[] hatInv = new long[level + 1];
        for (int j = 0; j <= level; j++) {
            Modulus qj = ring.modulus(j);
            hat[j] = q.divide(BigInteger.valueOf(qj.value()));
            hatInv[j] = qj.inv(hat[j].mod(BigInteger.valueOf(qj.value())).longValue());
        }
        BigInteger half = q.shiftRight(1);
        BigInteger max = BigInteger.ZERO;
        for (int i = 0; i < n; i++) {
            BigInteger x = BigInteger.ZERO;
            for (int j = 0; j <= level; j++) {
                long term = ring.modulus(j).mul(v[j][i], hatInv[j]);
                x = x.add(hat[j].multiply(BigInteger.valueOf(term)));
            }
            x = x.mod(q);
            if (x.compareTo(half) > 0) {
                x = q.subtract(x);
            }
            if (x.compareTo(max) > 0) {
                max = x;
            }
        }
        return max;
    }

    /** c0 + c1*s (+ c2*s^2) in coefficient form, rows q_0..q_level. */
    private long[][] phase(Ciphertext ct) {
        RingContext ring = ctx.ring();
        int level = ct.level();
        int[] idx = ring.qIndices(level);
        int n = ring.degree();
        long[][] s = RnsOps.prefix(sk.nttView(), level + 1);
        long[][] v = RnsOps.copy(ct.component(0));
        RnsOps.mulAdd(ring, ct.component(1), s, v, idx);
        if (ct.size() == 3) {
            long[][] s2 = new long[level + 1][n];
            RnsOps.mul(ring, s, s, s2, idx);
            RnsOps.mulAdd(ring, ct.component(2), s2, v, idx);
        }
        ring.inverse(v, idx);
        return v;
    }
}

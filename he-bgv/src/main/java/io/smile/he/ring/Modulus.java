package io.smile.he.ring;

import java.math.BigInteger;

/**
 * One word-sized prime modulus q (2 &le; bits &le; 61) with the constants for fast modular
 * arithmetic on {@code long}s: Barrett reduction of 128-bit products and Shoup multiplication by
 * precomputed constants. Values are kept in [0, q) unless a method says otherwise.
 */
public final class Modulus {
    public static final int MAX_BITS = 61;

    private final long q;
    private final int bits;
    /** floor(2^(2*bits) / q), for Barrett reduction of x &lt; q^2. */
    private final long barrettMu;
    private final long twoQ;

    public Modulus(long q) {
        if (q < 3 || 64 - Long.numberOfLeadingZeros(q) > MAX_BITS) {
            throw new IllegalArgumentException("modulus " + q + " is outside [3, 2^" + MAX_BITS + ")");
        }
        this.q = q;
        this.bits = 64 - Long.numberOfLeadingZeros(q);
        this.barrettMu = BigInteger.ONE.shiftLeft(2 * bits).divide(BigInteger.valueOf(q)).longValueExact();
        this.twoQ = 2 * q;
    }

    public long value() {
        return q;
    }

    public int bits() {
        return bits;
    }

    public long reduce(long a) {
        long r = a % q;
        return r < 0 ? r + q : r;
    }

    public long add(long a, long b) {
        long s = a + b;
        return s >= q ? s - q : s;
    }

    public long sub(long a, long b) {
        long s = a - b;
        return s < 0 ? s + q : s;
    }

    public long neg(long a) {
        return a == 0 ? 0 : q - a;
    }

    /** a*b mod q for a, b in [0, q): Barrett reduction of the 128-bit product. */
    public long mul(long a, long b) {
        long lo = a * b;
        long hi = Math.multiplyHigh(a, b);
        // x >> (bits-1), fits in 63 bits because x < 2^(2*bits)
        long x1 = (hi << (65 - bits)) | (lo >>> (bits - 1));
        long qlo = x1 * barrettMu;
        long qhi = Math.multiplyHigh(x1, barrettMu);
        long quot = (qhi << (63 - bits)) | (qlo >>> (bits + 1));
        long r = lo - quot * q;
        if (r >= q) {
            r -= q;
        }
        if (r >= q) {
            r -= q;
        }
        return r;
    }

    /** floor(w * 2^64 / q) as an unsigned 64-bit word, for {@link #mulShoup}. */
    public long shoup(long w) {
        if (w < 0 || w >= q) {
            throw new IllegalArgumentException("constant not reduced");
        }
        return BigInteger.valueOf(w).shiftLeft(64).divide(BigInteger.valueOf(q)).longValue();
    }

    /** a*w mod q in [0, q), with ws = shoup(w); a may be any value in [0, 2^63). */
    public long mulShoup(long a, long w, long ws) {
        long r = mulShoupLazy(a, w, ws, q);
        return r >= q ? r - q : r;
    }

    /** a*w mod q in [0, 2q) (Harvey's lazy Shoup multiplication); a in [0, 2^63). */
    static long mulShoupLazy(long a, long w, long ws, long q) {
        // unsigned high word of a*ws; a is non-negative so one correction term suffices
        long qhat = Math.multiplyHigh(a, ws) + ((ws >> 63) & a);
        return a * w - qhat * q;
    }

    public long pow(long base, long exp) {
        long result = 1 % q;
        long b = reduce(base);
        long e = exp;
        while (e > 0) {
            if ((e & 1) != 0) {
                result = mul(result, b);
            }
            b = mul(b, b);
            e >>>= 1;
        }
        return result;
    }

    /** Multiplicative inverse mod the prime q. */
    public long inv(long a) {
        long r = reduce(a);
        if (r == 0) {
            throw new ArithmeticException("0 has no inverse mod " + q);
        }
        return pow(r, q - 2);
    }

    /** Centered representative of a in (-q/2, q/2]. */
    public long center(long a) {
        return a > (q >>> 1) ? a - q : a;
    }

    long twoQ() {
        return twoQ;
    }

    @Override
    public String toString() {
        return "Modulus(" + q + ", " + bits + " bits)";
    }
}

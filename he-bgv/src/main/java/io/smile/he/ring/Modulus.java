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
    /** -q^-1 mod 2^64, for Montgomery reduction. */
    private final long montNegInv;
    /** 2^64 mod q. */
    private final long r64;
    /** Largest count of products (each &lt; q^2) whose sum stays below q * 2^64 (Montgomery input bound). */
    private final int lazyTerms;
    /** floor(2^64 / q) (below 2^63 since q &ge; 3), the quotient estimate of {@link #reduce}. */
    private final long floorTwo64;

    public Modulus(long q) {
        if (q < 3 || 64 - Long.numberOfLeadingZeros(q) > MAX_BITS) {
            throw new IllegalArgumentException("modulus " + q + " is outside [3, 2^" + MAX_BITS + ")");
        }
        this.q = q;
        this.bits = 64 - Long.numberOfLeadingZeros(q);
        this.barrettMu = BigInteger.ONE.shiftLeft(2 * bits).divide(BigInteger.valueOf(q)).longValueExact();
        this.twoQ = 2 * q;
        long inv = 1; // Newton iteration for q^-1 mod 2^64 (q odd)
        for (int i = 0; i < 6; i++) {
            inv *= 2 - q * inv;
        }
        this.montNegInv = -inv;
        this.r64 = BigInteger.ONE.shiftLeft(64).mod(BigInteger.valueOf(q)).longValueExact();
        this.lazyTerms = (int) Math.min(1 << 20, BigInteger.ONE.shiftLeft(64).divide(BigInteger.valueOf(q)).longValue() - 1);
        this.floorTwo64 = BigInteger.ONE.shiftLeft(64).divide(BigInteger.valueOf(q)).longValueExact();
    }

    /** 2^64 mod q (the Montgomery radix). */
    public long montgomeryRadix() {
        return r64;
    }

    /** How many products of residues can be summed in 128 bits before {@link #montgomeryReduce}. */
    public int lazyTerms() {
        return lazyTerms;
    }

    /**
     * Montgomery reduction: (hi*2^64 + lo) * 2^-64 mod q in [0, q), for hi*2^64 + lo &lt; q * 2^64.
     * Used after summing several 128-bit products without reducing each one.
     */
    public long montgomeryReduce(long hi, long lo) {
        long m = lo * montNegInv;
        // (lo + m*q) is divisible by 2^64; its high word is umulhi(m, q) plus a carry iff lo != 0
        long mqHi = Math.multiplyHigh(m, q) + ((m >> 63) & q);
        long r = hi + mqHi + ((lo | -lo) >>> 63) - q;
        return r + ((r >> 63) & q);
    }

    public long value() {
        return q;
    }

    public int bits() {
        return bits;
    }

    /**
     * Any long to [0, q), in constant time: no division (its latency depends on the operands on
     * common CPUs) and no branch on the value. |a| (2^63 for Long.MIN_VALUE, read as unsigned) is
     * reduced with the quotient estimate floor(|a| * floor(2^64/q) / 2^64), which is off by at most
     * one, so one masked subtraction finishes it; the sign is applied with a mask.
     */
    public long reduce(long a) {
        long sign = a >> 63;
        long u = (a ^ sign) - sign;
        // unsigned high word of u * floorTwo64 (floorTwo64 < 2^63; u may be 2^63)
        long qhat = Math.multiplyHigh(u, floorTwo64) + ((u >> 63) & floorTwo64);
        long r = u - qhat * q - q;
        r += (r >> 63) & q;
        long negated = -r;
        negated += (negated >> 63) & q;
        return r ^ ((r ^ negated) & sign);
    }

    /**
     * Any signed value to [0, q); the same function as {@link #reduce} (kept for the callers that
     * used to get a Barrett shortcut here; reduce is now as fast and branch-free for every input).
     */
    public long reduceFast(long a) {
        return reduce(a);
    }

    /** (a + b) mod q for a, b in [0, q), with a sign mask instead of a comparison. */
    public long add(long a, long b) {
        long s = a + b - q;
        return s + ((s >> 63) & q);
    }

    /** (a - b) mod q for a, b in [0, q), with a sign mask. */
    public long sub(long a, long b) {
        long s = a - b;
        return s + ((s >> 63) & q);
    }

    /** -a mod q for a in [0, q) (0 stays 0), with a sign mask. */
    public long neg(long a) {
        long s = -a;
        return s + ((s >> 63) & q);
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
        // r in [0, 3q); subtract q twice with sign masks, not branches: on random residues a
        // comparison mispredicts often enough to double the cost of a pointwise product
        long r = lo - quot * q - q;
        r += (r >> 63) & q;
        r -= q;
        return r + ((r >> 63) & q);
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
        long r = mulShoupLazy(a, w, ws, q) - q;
        return r + ((r >> 63) & q);
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

    /** Centered representative of a in [0, q): a value in (-q/2, q/2], with a mask, no branch. */
    public long center(long a) {
        long above = ((q >>> 1) - a) >> 63;
        return a - (q & above);
    }

    long twoQ() {
        return twoQ;
    }

    @Override
    public String toString() {
        return "Modulus(" + q + ", " + bits + " bits)";
    }
}

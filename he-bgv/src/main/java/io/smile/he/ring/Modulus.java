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

    public long reduce(long a) {
        long r = a % q;
        return r < 0 ? r + q : r;
    }

    /**
     * Any signed value to [0, q) without a division when |a| &lt; 2^(2*bits) (Barrett), which
     * covers residues of other word-sized primes; falls back to % otherwise.
     */
    public long reduceFast(long a) {
        long abs = a < 0 ? -a : a;
        if (abs < 0 || (2 * bits < 63 && abs >= (1L << (2 * bits)))) {
            return reduce(a);
        }
        long r = mul(abs, 1);
        return a < 0 && r != 0 ? q - r : r;
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

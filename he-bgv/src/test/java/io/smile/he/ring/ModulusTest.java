package io.smile.he.ring;

import static io.smile.he.ring.RingTestSupport.big;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModulusTest {
    private static final List<Long> PRIMES = RingTestSupport.primesUpTo61Bits();

    /** 0, 1, 2, q-2, q-1, floor(q/2), ceil(q/2) and random values in [0, q). */
    private static List<Long> operands(long q, Random r) {
        List<Long> v = new ArrayList<>(List.of(0L, 1L, 2L % q, q - 2, q - 1, q / 2, q / 2 + 1));
        for (int i = 0; i < RingTestSupport.tries(); i++) {
            v.add(Math.floorMod(r.nextLong(), q));
        }
        return v;
    }

    @Test
    void constructorRejectsOutOfRangeModuli() {
        assertThrows(IllegalArgumentException.class, () -> new Modulus(2));
        assertThrows(IllegalArgumentException.class, () -> new Modulus(0));
        assertThrows(IllegalArgumentException.class, () -> new Modulus(-7));
        assertThrows(IllegalArgumentException.class, () -> new Modulus(1L << 61)); // 62 bits
        assertThrows(IllegalArgumentException.class, () -> new Modulus(Long.MAX_VALUE));
        assertEquals(61, new Modulus((1L << 61) - 1).bits());
        assertEquals(2, new Modulus(3).bits());
    }

    @Test
    void mulMatchesBigInteger() {
        Random r = new Random(1);
        for (long q : PRIMES) {
            Modulus m = new Modulus(q);
            List<Long> ops = operands(q, r);
            for (long a : ops) {
                for (long b : ops) {
                    long expected = big(a).multiply(big(b)).mod(big(q)).longValueExact();
                    assertEquals(expected, m.mul(a, b), () -> "q=" + q + " a=" + a + " b=" + b);
                }
            }
        }
    }

    @Test
    void mulWorksForCompositeModuliToo() {
        // Barrett reduction does not need a prime: check odd and even composite moduli of many sizes
        Random r = new Random(2);
        for (int bits = 2; bits <= 61; bits++) {
            long q = bits == 2 ? 3 : (1L << (bits - 1)) + (r.nextLong() >>> (65 - bits));
            if (q < 3) {
                q = 3;
            }
            long top = bits == 61 ? (1L << 61) - 1 : (1L << bits) - 1;
            for (long modulus : new long[] {q, top, (1L << (bits - 1)) | 1}) {
                if (modulus < 3) {
                    continue;
                }
                Modulus m = new Modulus(modulus);
                for (long a : operands(modulus, r)) {
                    long b = Math.floorMod(r.nextLong(), modulus);
                    long expected = big(a).multiply(big(b)).mod(big(modulus)).longValueExact();
                    final long mm = modulus;
                    assertEquals(expected, m.mul(a, b), () -> "q=" + mm + " a=" + a + " b=" + b);
                    assertEquals(big(a).multiply(big(modulus - 1)).mod(big(modulus)).longValueExact(), m.mul(a, modulus - 1));
                }
            }
        }
    }

    @Test
    void mulShoupMatchesBigIntegerForAnyOperandBelow2To63() {
        Random r = new Random(3);
        for (long q : PRIMES) {
            Modulus m = new Modulus(q);
            List<Long> ws = operands(q, r);
            List<Long> as = operands(q, r);
            as.add(Long.MAX_VALUE);
            as.add(Long.MAX_VALUE - 1);
            as.add(2 * q - 1);
            as.add(4 * q + 3);
            for (int i = 0; i < 20; i++) {
                as.add(r.nextLong() >>> 1);
            }
            for (long w : ws) {
                long wsh = m.shoup(w);
                BigInteger expectedShoup = big(w).shiftLeft(64).divide(big(q));
                assertEquals(expectedShoup.longValue(), wsh, "shoup constant");
                for (long a : as) {
                    long expected = big(a).multiply(big(w)).mod(big(q)).longValueExact();
                    assertEquals(expected, m.mulShoup(a, w, wsh), () -> "q=" + q + " a=" + a + " w=" + w);
                }
            }
        }
    }

    @Test
    void shoupRejectsUnreducedConstants() {
        Modulus m = new Modulus(65537);
        assertThrows(IllegalArgumentException.class, () -> m.shoup(65537));
        assertThrows(IllegalArgumentException.class, () -> m.shoup(-1));
    }

    @Test
    void powMatchesBigInteger() {
        Random r = new Random(4);
        for (long q : PRIMES) {
            Modulus m = new Modulus(q);
            List<Long> exps = new ArrayList<>(List.of(0L, 1L, 2L, q - 2, q - 1, q, Long.MAX_VALUE));
            for (int i = 0; i < 10; i++) {
                exps.add(r.nextLong() >>> 1);
            }
            List<Long> bases = operands(q, r);
            bases.add(-1L);
            bases.add(Long.MIN_VALUE);
            bases.add(Long.MAX_VALUE);
            bases.add(q);
            for (long b : bases.subList(0, Math.min(bases.size(), 20))) {
                for (long e : exps) {
                    long expected = big(b).mod(big(q)).modPow(big(e), big(q)).longValueExact();
                    assertEquals(expected, m.pow(b, e), () -> "q=" + q + " b=" + b + " e=" + e);
                }
            }
        }
    }

    @Test
    void invMatchesBigIntegerAndRejectsZero() {
        Random r = new Random(5);
        for (long q : PRIMES) {
            Modulus m = new Modulus(q);
            for (long a : operands(q, r)) {
                if (a == 0) {
                    continue;
                }
                long inv = m.inv(a);
                assertEquals(big(a).modInverse(big(q)).longValueExact(), inv, () -> "q=" + q + " a=" + a);
                assertEquals(1, m.mul(a, inv));
            }
            // negative and unreduced arguments are reduced first
            assertEquals(m.inv(q - 1), m.inv(-1));
            assertEquals(m.inv(1), m.inv(q + 1));
            assertThrows(ArithmeticException.class, () -> m.inv(0));
            assertThrows(ArithmeticException.class, () -> m.inv(q));
            assertThrows(ArithmeticException.class, () -> m.inv(-q));
        }
    }

    @Test
    void centerIsTheRepresentativeInHalfOpenSymmetricRange() {
        Random r = new Random(6);
        for (long q : PRIMES) {
            Modulus m = new Modulus(q);
            for (long a : operands(q, r)) {
                long c = m.center(a);
                assertEquals(Math.floorMod(a, q), Math.floorMod(c, q), "congruent");
                // (-q/2, q/2]
                assertTrue(2 * c <= q && 2 * c > -q, () -> "q=" + q + " a=" + a + " c=" + c);
            }
            assertEquals(0, m.center(0));
            assertEquals(-1, m.center(q - 1));
            assertEquals((q - 1) / 2, m.center((q - 1) / 2));
            assertEquals(-(q - 1) / 2, m.center((q + 1) / 2));
        }
    }

    @Test
    void reduceAddSubNegAgreeWithFloorMod() {
        Random r = new Random(7);
        for (long q : PRIMES) {
            Modulus m = new Modulus(q);
            for (long x : new long[] {0, 1, -1, q, -q, q - 1, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1}) {
                assertEquals(Math.floorMod(x, q), m.reduce(x), "reduce " + x);
            }
            List<Long> ops = operands(q, r);
            for (int i = 0; i < ops.size(); i++) {
                long a = ops.get(i);
                long b = ops.get(ops.size() - 1 - i);
                assertEquals(big(a).add(big(b)).mod(big(q)).longValueExact(), m.add(a, b));
                assertEquals(big(a).subtract(big(b)).mod(big(q)).longValueExact(), m.sub(a, b));
                assertEquals(big(a).negate().mod(big(q)).longValueExact(), m.neg(a));
            }
        }
    }
}

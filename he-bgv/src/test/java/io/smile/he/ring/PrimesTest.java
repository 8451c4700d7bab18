package io.smile.he.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrimesTest {
    @Test
    void isPrimeMatchesSieve() {
        int limit = 200_000;
        boolean[] composite = new boolean[limit];
        composite[0] = composite[1] = true;
        for (int i = 2; (long) i * i < limit; i++) {
            if (!composite[i]) {
                for (int j = i * i; j < limit; j += i) {
                    composite[j] = true;
                }
            }
        }
        for (int i = 0; i < limit; i++) {
            assertEquals(!composite[i], Primes.isPrime(i), "n=" + i);
        }
        assertFalse(Primes.isPrime(-7));
        assertFalse(Primes.isPrime(Long.MIN_VALUE));
    }

    @Test
    void isPrimeOnLargeKnownValues() {
        assertTrue(Primes.isPrime((1L << 61) - 1)); // Mersenne prime
        assertTrue(Primes.isPrime((1L << 31) - 1));
        assertTrue(Primes.isPrime(65537));
        assertFalse(Primes.isPrime((1L << 59) - 1)); // 2^59-1 = 179951 * 3203431780337
        assertFalse(Primes.isPrime(561)); // Carmichael
        assertFalse(Primes.isPrime(3215031751L)); // strong pseudoprime to bases 2, 3, 5, 7
        assertFalse(Primes.isPrime(4294967297L)); // F5 = 641 * 6700417
        assertFalse(Primes.isPrime(2305843009213693953L)); // 2^61 + 1, divisible by 3
        long p = 1_000_000_007L;
        long q = 998_244_353L;
        assertFalse(Primes.isPrime(p * q));
        assertFalse(Primes.isPrime(Long.MAX_VALUE));
    }

    @Test
    void largestPrimesCongruentOneAreTheLargestInRange() {
        for (int bits : new int[] {17, 20, 30, 36, 40, 45, 50, 55, 60, 61}) {
            for (long step : new long[] {2048, 8192, 65536, 2L * 8192 * 65537}) {
                if (step >= (1L << (bits - 1))) {
                    continue;
                }
                List<Long> ps;
                try {
                    ps = Primes.largestPrimesCongruentOne(bits, step, 3, Collections.emptySet());
                } catch (IllegalArgumentException none) {
                    continue; // only for tiny ranges with large steps
                }
                assertEquals(3, ps.size());
                long above = 1L << bits;
                for (long p : ps) {
                    assertTrue(Primes.isPrime(p));
                    assertEquals(1, p % step, "p=" + p + " step=" + step);
                    assertEquals(bits, 64 - Long.numberOfLeadingZeros(p), "size of " + p);
                    assertTrue(p < above, "descending");
                    // no skipped candidate between this prime and the previous one (or the top)
                    for (long c = p + step; c < above; c += step) {
                        assertFalse(BigInteger.valueOf(c).isProbablePrime(60), "skipped prime " + c);
                    }
                    above = p;
                }
            }
        }
    }

    @Test
    void largestPrimesCongruentOneHonoursExclusions() {
        List<Long> first = Primes.largestPrimesCongruentOne(40, 8192, 4, Collections.emptySet());
        Set<Long> exclude = new HashSet<>(first.subList(0, 2));
        List<Long> next = Primes.largestPrimesCongruentOne(40, 8192, 2, exclude);
        assertEquals(first.subList(2, 4), next);
    }

    @Test
    void largestPrimesCongruentOneRejectsBadRequests() {
        assertThrows(IllegalArgumentException.class, () -> Primes.largestPrimesCongruentOne(1, 2, 1, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> Primes.largestPrimesCongruentOne(62, 2, 1, Set.of()));
        // no 10-bit number is 1 mod 2048 except 1 itself
        assertThrows(IllegalArgumentException.class, () -> Primes.largestPrimesCongruentOne(10, 2048, 1, Set.of()));
        // far more primes than exist in the range
        assertThrows(IllegalArgumentException.class, () -> Primes.largestPrimesCongruentOne(14, 2048, 50, Set.of()));
    }

    @Test
    void minimalPrimitiveRootRejectsUnfriendlyPrimes() {
        assertThrows(IllegalArgumentException.class, () -> Primes.minimalPrimitiveRoot2N(65537, 1 << 16));
        long root = Primes.minimalPrimitiveRoot2N(65537, 4096);
        Modulus m = new Modulus(65537);
        assertEquals(65536, m.pow(root, 4096));
        assertEquals(1, m.pow(root, 8192));
    }
}

package io.smile.he.bgv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.api.HePreset;
import io.smile.he.ring.Primes;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Parameter validation messages, the security bound, presets and fingerprints. */
class ParametersTest {
    private static final long T = 65537;

    /** Asserts an InvalidParametersException whose message contains every fragment (case-insensitive). */
    private static void refused(Executable build, String... fragments) {
        InvalidParametersException e = assertThrows(InvalidParametersException.class, build);
        String msg = e.getMessage().toLowerCase(Locale.ROOT);
        for (String f : fragments) {
            assertTrue(msg.contains(f.toLowerCase(Locale.ROOT)), "message \"" + e.getMessage() + "\" should mention \"" + f + "\"");
        }
    }

    private static long nttPrime(int bits, int n, Set<Long> used) {
        long p = Primes.largestPrimesCongruentOne(bits, 2L * n, 1, used).get(0);
        used.add(p);
        return p;
    }

    private static BgvParameters.Builder builder(int n, int[] q, int[] p) {
        return BgvParameters.builder().degree(n).plainModulus(T).ciphertextPrimeBits(q).specialPrimeBits(p);
    }

    @Test
    void degreeMustBeAPowerOfTwoInRange() {
        for (int n : new int[] {3000, 4095, 0, -4096, 8, 65536}) {
            refused(() -> builder(n, new int[] {40}, new int[] {45}).allowInsecureForTestsOnly().build(), "power of two", Integer.toString(n));
            refused(() -> BgvParameters.of(n, T, new long[] {1}, new long[] {1}, true), "power of two");
        }
    }

    @Test
    void smallDegreesNeedTheInsecureFlag() {
        for (int n : new int[] {1024, 2048}) {
            refused(() -> builder(n, new int[] {20}, new int[] {21}).build(), "N=" + n, "insecure");
            BgvParameters p = builder(n, new int[] {20}, new int[] {21}).allowInsecureForTestsOnly().build();
            assertTrue(p.isInsecure());
        }
    }

    @Test
    void plaintextModulusMustBeAPrimeOneModTwoN() {
        // 8193 = 3 * 2731 is 1 mod 8192 but not prime
        refused(() -> BgvParameters.builder().degree(4096).plainModulus(8193).ciphertextPrimeBits(40).specialPrimeBits(45).build(),
                "plaintext modulus", "prime", "8193");
        long nextPrime = BigInteger.valueOf(T).nextProbablePrime().longValueExact();
        assertNotEquals(1, nextPrime % 8192);
        refused(() -> BgvParameters.builder().degree(4096).plainModulus(nextPrime).ciphertextPrimeBits(40).specialPrimeBits(45).build(),
                "t=" + nextPrime, "1 mod 2N=8192");
        // 65537 is 1 mod 2N only up to N = 32768
        refused(() -> BgvParameters.of(32768, 40961, new long[] {1}, new long[] {1}, true), "1 mod 2N");
        refused(() -> BgvParameters.builder().degree(4096).plainModulus(2).ciphertextPrimeBits(40).specialPrimeBits(45).build(),
                "plaintext modulus");
        refused(() -> BgvParameters.builder().degree(4096).plainModulus((1L << 40) + 1).ciphertextPrimeBits(50).specialPrimeBits(55)
                .allowInsecureForTestsOnly().build(), "2^40");
    }

    @Test
    void primesMustFitInSixtyOneBits() {
        // a 62-bit prime that is 1 mod 2N: only its size is wrong
        long p62 = (1L << 62) - 8192 + 1;
        while (!BigInteger.valueOf(p62).isProbablePrime(60)) {
            p62 -= 8192;
        }
        assertEquals(62, 64 - Long.numberOfLeadingZeros(p62));
        long big = p62;
        Set<Long> used = new HashSet<>();
        long q = nttPrime(40, 4096, used);
        refused(() -> BgvParameters.of(4096, T, new long[] {big}, new long[] {q}, true), "exceeds 61 bits", Long.toString(big));
        refused(() -> BgvParameters.of(4096, T, new long[] {q}, new long[] {big}, true), "exceeds 61 bits");
        refused(() -> builder(4096, new int[] {62}, new int[] {60}).allowInsecureForTestsOnly().build(), "prime size", "62");
        refused(() -> builder(4096, new int[] {40}, new int[] {1}).allowInsecureForTestsOnly().build(), "prime size");
    }

    @Test
    void primesMustBeNttFriendlyDistinctPrimesAboveT() {
        Set<Long> used = new HashSet<>();
        long q1 = nttPrime(40, 4096, used);
        long q2 = nttPrime(40, 4096, used);
        long p = nttPrime(45, 4096, used);
        // a 40-bit prime that is not 1 mod 8192
        long unfriendly = BigInteger.ONE.shiftLeft(39).nextProbablePrime().longValueExact();
        assertNotEquals(1, unfriendly % 8192);
        refused(() -> BgvParameters.of(4096, T, new long[] {q1, unfriendly}, new long[] {p}, true),
                Long.toString(unfriendly), "not 1 mod 2N", "NTT");
        refused(() -> BgvParameters.of(4096, T, new long[] {q1}, new long[] {unfriendly}, true), "NTT");
        // a composite that is 1 mod 8192
        long composite = q1 + 8192;
        while (BigInteger.valueOf(composite).isProbablePrime(60)) {
            composite += 8192;
        }
        long c = composite;
        refused(() -> BgvParameters.of(4096, T, new long[] {c}, new long[] {p}, true), Long.toString(c), "not prime");
        refused(() -> BgvParameters.of(4096, T, new long[] {q1, q1}, new long[] {p}, true), "appears twice", Long.toString(q1));
        refused(() -> BgvParameters.of(4096, T, new long[] {q1, q2}, new long[] {q2}, true), "appears twice");
        // a chain prime not above t: 40961 is prime and 1 mod 8192, below a 38-bit t
        long bigT = Primes.largestPrimesCongruentOne(38, 8192, 1, Collections.emptySet()).get(0);
        refused(() -> BgvParameters.of(4096, bigT, new long[] {40961, q1}, new long[] {p}, true), "exceed the plaintext modulus");
        refused(() -> BgvParameters.of(4096, T, new long[0], new long[] {p}, true), "ciphertext prime");
    }

    @Test
    void specialModulusIsRequiredAndLargeEnough() {
        refused(() -> builder(4096, new int[] {36, 36}, new int[] {30}).build(), "special modulus", "largest ciphertext prime");
        refused(() -> builder(4096, new int[] {36, 36}, new int[0]).build(), "special prime");
        Set<Long> used = new HashSet<>();
        long q = nttPrime(40, 4096, used);
        refused(() -> BgvParameters.of(4096, T, new long[] {q}, new long[0], true), "special prime");
        // two special primes together may cover one larger chain prime
        BgvParameters two = builder(4096, new int[] {30, 30}, new int[] {20, 20}).build();
        assertEquals(2, two.specialPrimes().length);
        refused(() -> BgvParameters.builder().degree(4096).build(), "required");
        refused(() -> BgvParameters.builder().degree(4096).ciphertextPrimeBits(40).build(), "required");
    }

    @Test
    void securityBoundForEveryDegree() {
        int[][] overBound = {
            {4096, 40, 40, 41}, // 121 > 109
            {8192, 60, 60, 60, 61}, // 241 > 218
            {16384, 60, 60, 60, 60, 60, 60, 60, 61}, // 481 > 438
            {32768, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 60, 61}, // 901 > 881
        };
        for (int[] spec : overBound) {
            int n = spec[0];
            int[] q = java.util.Arrays.copyOfRange(spec, 1, spec.length - 1);
            int[] p = {spec[spec.length - 1]};
            int bound = BgvParameters.maxSecureLogQP(n);
            refused(() -> builder(n, q, p).build(), "exceeds", "128-bit", Integer.toString(bound), "N=" + n);
            BgvParameters insecure = builder(n, q, p).allowInsecureForTestsOnly().build();
            assertTrue(insecure.isInsecure());
            assertFalse(insecure.meetsSecurityStandard());
            assertTrue(insecure.logQP() > bound);
            assertTrue(insecure.toString().contains("INSECURE"), insecure.toString());
            // same primes through the wire-format constructor
            refused(() -> BgvParameters.of(n, T, insecure.ciphertextPrimes(), insecure.specialPrimes(), false), "exceeds");
            assertEquals(insecure, BgvParameters.of(n, T, insecure.ciphertextPrimes(), insecure.specialPrimes(), true));
        }
        assertEquals(109, BgvParameters.maxSecureLogQP(4096));
        assertEquals(218, BgvParameters.maxSecureLogQP(8192));
        assertEquals(438, BgvParameters.maxSecureLogQP(16384));
        assertEquals(881, BgvParameters.maxSecureLogQP(32768));
        // exactly at a bound is fine: 36 + 36 + 37 = 109 bits for N = 4096
        BgvParameters atBound = builder(4096, new int[] {36, 36}, new int[] {37}).build();
        assertFalse(atBound.isInsecure());
        assertTrue(atBound.meetsSecurityStandard());
        // small insecure degrees never meet the standard with the flag off-limits
        assertFalse(builder(1024, new int[] {30}, new int[] {31}).allowInsecureForTestsOnly().build().meetsSecurityStandard());
    }

    /** The engine's presets are built from the he-api table: same names, same order, primes of exactly those sizes. */
    @Test
    void presetsAreTheHeApiPresetsWithPrimesOfTheirSizes() {
        assertEquals(HePreset.values().length, BgvPreset.values().length);
        for (BgvPreset preset : BgvPreset.values()) {
            HePreset sizes = HePreset.values()[preset.ordinal()];
            assertEquals(sizes.name(), preset.name());
            assertTrue(sizes == preset.sizes());
            BgvParameters p = preset.parameters();
            assertEquals(sizes.degree(), p.degree(), preset.name());
            assertEquals(sizes.plainModulus(), p.plainModulus(), preset.name());
            assertEquals(sizes.ciphertextPrimeBits(), Arrays.stream(p.ciphertextPrimes())
                    .mapToObj(q -> 64 - Long.numberOfLeadingZeros(q)).toList(), preset.name());
            assertEquals(sizes.specialPrimeBits(), Arrays.stream(p.specialPrimes())
                    .mapToObj(q -> 64 - Long.numberOfLeadingZeros(q)).toList(), preset.name());
            assertEquals(sizes.depth(), preset.depth(), preset.name());
            // the bit-size sum the profiles check bounds the engine's exact log2(QP)
            assertTrue(p.logQP() <= sizes.modulusBits(), preset.name());
        }
    }

    @Test
    void presetsAreSecureConsistentAndDistinct() {
        Set<Long> fingerprints = new HashSet<>();
        for (BgvPreset preset : BgvPreset.values()) {
            BgvParameters p = preset.parameters();
            assertTrue(p.meetsSecurityStandard(), preset.name());
            assertFalse(p.isInsecure(), preset.name());
            assertTrue(p.logQP() <= BgvParameters.maxSecureLogQP(p.degree()), preset.name());
            assertEquals(preset.degree(), p.degree());
            assertEquals(preset.depth(), p.maxLevel());
            assertEquals(BgvPreset.DEFAULT_PLAIN_MODULUS, p.plainModulus());
            assertEquals(p.degree(), p.slotCount());
            assertTrue(fingerprints.add(p.fingerprint()), "distinct fingerprint for " + preset);
            assertTrue(p == preset.parameters(), "cached");
            // stable: rebuilt from its primes (the wire format) it is equal, with the same fingerprint
            BgvParameters rebuilt = BgvParameters.of(p.degree(), p.plainModulus(), p.ciphertextPrimes(), p.specialPrimes(), false);
            assertEquals(p, rebuilt);
            assertEquals(p.hashCode(), rebuilt.hashCode());
            assertEquals(p.fingerprint(), rebuilt.fingerprint());
        }
        assertEquals(BgvPreset.values().length, fingerprints.size());
    }

    @Test
    void fingerprintIsStableAcrossBuildsAndSensitiveToEveryField() {
        BgvParameters a = builder(8192, new int[] {45, 39, 39, 39}, new int[] {55}).build();
        BgvParameters b = builder(8192, new int[] {45, 39, 39, 39}, new int[] {55}).build();
        assertEquals(a.fingerprint(), b.fingerprint());
        assertEquals(a, b);
        assertEquals(BgvPreset.N8192_DEPTH3.parameters().fingerprint(), a.fingerprint());
        List<BgvParameters> variants = List.of(
                builder(8192, new int[] {45, 39, 39}, new int[] {55}).build(),
                builder(8192, new int[] {45, 39, 39, 38}, new int[] {55}).build(),
                builder(8192, new int[] {45, 39, 39, 39}, new int[] {56}).build(),
                BgvParameters.builder().degree(8192).plainModulus(114689).ciphertextPrimeBits(45, 39, 39, 39).specialPrimeBits(55).build(),
                builder(16384, new int[] {45, 39, 39, 39}, new int[] {55}).build());
        for (BgvParameters v : variants) {
            assertNotEquals(a.fingerprint(), v.fingerprint(), v.toString());
            assertNotEquals(a, v);
        }
        // the insecure flag is a local permission, not part of the parameter set
        BgvParameters flagged = builder(8192, new int[] {45, 39, 39, 39}, new int[] {55}).allowInsecureForTestsOnly().build();
        assertEquals(a.fingerprint(), flagged.fingerprint());
    }

    /**
     * Known-answer fingerprints, computed once from this engine and pinned deliberately: every key
     * and ciphertext carries its parameter fingerprint, so a change here (different prime search,
     * different canonical encoding) silently breaks compatibility with stored data.
     */
    @Test
    void presetFingerprintsArePinned() {
        assertEquals(PINNED_N4096_DEPTH1, BgvPreset.N4096_DEPTH1.parameters().fingerprint());
        assertEquals(PINNED_N8192_DEPTH3, BgvPreset.N8192_DEPTH3.parameters().fingerprint());
        assertEquals(PINNED_N16384_DEPTH5, BgvPreset.N16384_DEPTH5.parameters().fingerprint());
        assertEquals(PINNED_N16384_DEPTH8, BgvPreset.N16384_DEPTH8.parameters().fingerprint());
        assertEquals(PINNED_N32768_DEPTH19, BgvPreset.N32768_DEPTH19.parameters().fingerprint());
    }

    private static final long PINNED_N4096_DEPTH1 = 0x569942f0c6dda925L;
    private static final long PINNED_N8192_DEPTH3 = 0x4ba6e157b199851bL;
    private static final long PINNED_N16384_DEPTH5 = 0x2bb6cee9b63eed4cL;
    private static final long PINNED_N16384_DEPTH8 = 0x896083da8ec87211L;
    private static final long PINNED_N32768_DEPTH19 = 0x6ca807f2b2bf0990L;

    @Test
    void forDepthPicksTheSmallestSufficientPreset() {
        assertEquals(BgvPreset.N4096_DEPTH1, BgvPreset.forDepth(0));
        assertEquals(BgvPreset.N4096_DEPTH1, BgvPreset.forDepth(1));
        assertEquals(BgvPreset.N8192_DEPTH3, BgvPreset.forDepth(2));
        assertEquals(BgvPreset.N8192_DEPTH3, BgvPreset.forDepth(3));
        assertEquals(BgvPreset.N16384_DEPTH5, BgvPreset.forDepth(4));
        assertEquals(BgvPreset.N16384_DEPTH8, BgvPreset.forDepth(6));
        assertEquals(BgvPreset.N32768_DEPTH19, BgvPreset.forDepth(9));
        assertEquals(BgvPreset.N32768_DEPTH19, BgvPreset.forDepth(19));
        refused(() -> BgvPreset.forDepth(20), "depth 20");
        refused(() -> BgvPreset.forDepth(-1), "depth");
    }

    @Test
    void accessorsReturnCopies() {
        BgvParameters p = BgvPreset.N4096_DEPTH1.parameters();
        long[] q = p.ciphertextPrimes();
        q[0] = 7;
        assertNotEquals(7, p.ciphertextPrimes()[0]);
        long[] s = p.specialPrimes();
        s[0] = 7;
        assertNotEquals(7, p.specialPrimes()[0]);
        assertEquals(p.logQ() + Math.log(p.specialPrimes()[0]) / Math.log(2), p.logQP(), 1e-9);
    }
}

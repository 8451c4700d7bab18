package io.smile.he.bgv;

import io.smile.he.api.HeSecurityStandard;
import io.smile.he.ring.Modulus;
import io.smile.he.ring.Primes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * A BGV parameter set: ring degree N, plaintext modulus t, the ciphertext primes q_0..q_L and the
 * special primes of key switching. Construction validates everything and enforces the
 * HomomorphicEncryption.org standard's 128-bit bound on log2(QP) for a ternary secret and
 * sigma = 3.2 unless {@link Builder#allowInsecureForTestsOnly()} is called. Immutable.
 */
public final class BgvParameters {
    /**
     * Largest log2(QP) for 128-bit classical security, ternary secret (HE standard, Table 1): the
     * table lives in {@link HeSecurityStandard#maxLog2QP128}, with its derivation.
     */
    public static int maxSecureLogQP(int n) {
        return HeSecurityStandard.maxLog2QP128(n);
    }

    public static final int MIN_SECURE_DEGREE = 4096;
    public static final int MAX_DEGREE = 32768;

    private final int degree;
    private final long plainModulus;
    private final long[] qPrimes;
    private final long[] pPrimes;
    private final boolean insecure;
    private final long fingerprint;

    private BgvParameters(int degree, long plainModulus, long[] qPrimes, long[] pPrimes, boolean insecure) {
        this.degree = degree;
        this.plainModulus = plainModulus;
        this.qPrimes = qPrimes;
        this.pPrimes = pPrimes;
        this.insecure = insecure;
        validate();
        this.fingerprint = computeFingerprint();
    }

    /** Rebuilds parameters from explicit primes (the wire format), with the same validation. */
    public static BgvParameters of(int degree, long plainModulus, long[] qPrimes, long[] pPrimes, boolean allowInsecure) {
        return new BgvParameters(degree, plainModulus, qPrimes.clone(), pPrimes.clone(), allowInsecure);
    }

    private void validate() {
        if (degree < 16 || Integer.bitCount(degree) != 1 || degree > MAX_DEGREE) {
            throw new InvalidParametersException("ring degree N must be a power of two in [16, " + MAX_DEGREE + "], got " + degree);
        }
        if (!insecure && degree < MIN_SECURE_DEGREE) {
            throw new InvalidParametersException("ring degree N=" + degree + " is below " + MIN_SECURE_DEGREE
                    + ", too small for 128-bit security with any useful modulus (insecure test parameters must be requested explicitly)");
        }
        long twoN = 2L * degree;
        if (plainModulus < 3 || plainModulus >= (1L << 40) || !Primes.isPrime(plainModulus)) {
            throw new InvalidParametersException("plaintext modulus t must be a prime in [3, 2^40), got " + plainModulus);
        }
        if (plainModulus % twoN != 1) {
            throw new InvalidParametersException("plaintext modulus t=" + plainModulus + " must be 1 mod 2N=" + twoN + " for SIMD batching");
        }
        if (qPrimes.length < 1) {
            throw new InvalidParametersException("at least one ciphertext prime is required");
        }
        if (pPrimes.length < 1) {
            throw new InvalidParametersException("at least one special prime is required for key switching");
        }
        if (qPrimes.length + pPrimes.length > 64) {
            throw new InvalidParametersException("at most 64 primes in total");
        }
        Set<Long> seen = new HashSet<>();
        long maxQ = 0;
        for (long[] list : new long[][] {qPrimes, pPrimes}) {
            for (long p : list) {
                int bits = 64 - Long.numberOfLeadingZeros(p);
                if (p <= 0) {
                    throw new InvalidParametersException("prime " + p + " is not positive");
                }
                if (bits > Modulus.MAX_BITS) {
                    throw new InvalidParametersException("prime " + p + " exceeds " + Modulus.MAX_BITS + " bits");
                }
                if (p % twoN != 1) {
                    throw new InvalidParametersException("prime " + p + " is not 1 mod 2N=" + twoN + " (not NTT-friendly)");
                }
                if (!Primes.isPrime(p)) {
                    throw new InvalidParametersException(p + " is not prime");
                }
                if (p <= plainModulus) {
                    throw new InvalidParametersException("prime " + p + " must exceed the plaintext modulus " + plainModulus);
                }
                if (!seen.add(p)) {
                    throw new InvalidParametersException("prime " + p + " appears twice");
                }
            }
        }
        for (long q : qPrimes) {
            maxQ = Math.max(maxQ, q);
        }
        double logP = 0;
        for (long p : pPrimes) {
            logP += Math.log(p) / Math.log(2);
        }
        if (logP + 1e-9 < Math.log(maxQ) / Math.log(2)) {
            throw new InvalidParametersException(String.format(
                    "special modulus P (%.1f bits) must be at least as large as the largest ciphertext prime (%.1f bits) to bound key-switching noise",
                    logP, Math.log(maxQ) / Math.log(2)));
        }
        double logQP = logQP();
        int bound = maxSecureLogQP(degree);
        if (!insecure && logQP > bound) {
            throw new InvalidParametersException(String.format(
                    "log2(QP) = %.1f bits exceeds the HomomorphicEncryption.org 128-bit bound of %d bits for N=%d"
                            + " (ternary secret, sigma=3.2); use fewer or smaller primes, or a larger N", logQP, bound, degree));
        }
    }

    public int degree() {
        return degree;
    }

    public int slotCount() {
        return degree;
    }

    public long plainModulus() {
        return plainModulus;
    }

    public long[] ciphertextPrimes() {
        return qPrimes.clone();
    }

    public long[] specialPrimes() {
        return pPrimes.clone();
    }

    /** Highest level L: a fresh ciphertext lives modulo q_0 ... q_L. */
    public int maxLevel() {
        return qPrimes.length - 1;
    }

    public boolean isInsecure() {
        return insecure;
    }

    /** Whether these parameters meet the 128-bit bound (independently of the insecure flag). */
    public boolean meetsSecurityStandard() {
        return HeSecurityStandard.meets128(degree, logQP());
    }

    public double logQ() {
        double s = 0;
        for (long q : qPrimes) {
            s += Math.log(q) / Math.log(2);
        }
        return s;
    }

    public double logQP() {
        double s = logQ();
        for (long p : pPrimes) {
            s += Math.log(p) / Math.log(2);
        }
        return s;
    }

    /** First 8 bytes of SHA-256 over a canonical description; carried by every key and ciphertext. */
    public long fingerprint() {
        return fingerprint;
    }

    private long computeFingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("SMiLe-BGV/1 ternary sigma=3.2".getBytes(StandardCharsets.US_ASCII));
            ByteBuffer buf = ByteBuffer.allocate(8 * (4 + qPrimes.length + pPrimes.length));
            buf.putLong(degree).putLong(plainModulus).putLong(qPrimes.length).putLong(pPrimes.length);
            for (long q : qPrimes) {
                buf.putLong(q);
            }
            for (long p : pPrimes) {
                buf.putLong(p);
            }
            sha.update(buf.array());
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BgvParameters && ((BgvParameters) o).fingerprint == fingerprint
                && Arrays.equals(((BgvParameters) o).qPrimes, qPrimes) && Arrays.equals(((BgvParameters) o).pPrimes, pPrimes)
                && ((BgvParameters) o).degree == degree && ((BgvParameters) o).plainModulus == plainModulus;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(fingerprint);
    }

    @Override
    public String toString() {
        return String.format("BGV(N=%d, t=%d, L=%d, log2 Q=%.1f, log2 QP=%.1f%s)", degree, plainModulus, maxLevel(),
                logQ(), logQP(), insecure ? ", INSECURE test parameters" : "");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Chooses primes by size: each is the largest suitable prime below 2^bits. */
    public static final class Builder {
        private int degree = 8192;
        private long plainModulus = 65537;
        private int[] qBits;
        private int[] pBits;
        private boolean insecure;

        public Builder degree(int n) {
            this.degree = n;
            return this;
        }

        public Builder plainModulus(long t) {
            this.plainModulus = t;
            return this;
        }

        /** Bit sizes of q_0 (decryption prime) ... q_L (the first dropped by modulus switching). */
        public Builder ciphertextPrimeBits(int... bits) {
            this.qBits = bits.clone();
            return this;
        }

        public Builder specialPrimeBits(int... bits) {
            this.pBits = bits.clone();
            return this;
        }

        /** Lifts the 128-bit security bound. For tests only: such parameters protect nothing. */
        public Builder allowInsecureForTestsOnly() {
            this.insecure = true;
            return this;
        }

        public BgvParameters build() {
            if (qBits == null || pBits == null) {
                throw new InvalidParametersException("ciphertext and special prime sizes are required");
            }
            if (degree < 16 || Integer.bitCount(degree) != 1 || degree > MAX_DEGREE) {
                throw new InvalidParametersException("ring degree N must be a power of two in [16, " + MAX_DEGREE + "], got " + degree);
            }
            long twoN = 2L * degree;
            Set<Long> used = new HashSet<>();
            long[] q = new long[qBits.length];
            long[] p = new long[pBits.length];
            // Ciphertext primes are preferably also 1 mod t, so modulus switching multiplies the
            // plaintext by q^-1 = 1 mod t and no correction factor accumulates.
            for (int i = 0; i < qBits.length; i++) {
                q[i] = pick(qBits[i], twoN, used, true);
            }
            for (int i = 0; i < pBits.length; i++) {
                p[i] = pick(pBits[i], twoN, used, false);
            }
            return new BgvParameters(degree, plainModulus, q, p, insecure);
        }

        private long pick(int bits, long twoN, Set<Long> used, boolean preferOneModT) {
            if (bits < 2 || bits > Modulus.MAX_BITS) {
                throw new InvalidParametersException("prime size must be in [2, " + Modulus.MAX_BITS + "] bits, got " + bits);
            }
            long prime;
            try {
                if (preferOneModT && plainModulus > 2 && Long.numberOfLeadingZeros(twoN) + Long.numberOfLeadingZeros(plainModulus) > 64 + 1) {
                    try {
                        prime = Primes.largestPrimesCongruentOne(bits, twoN * plainModulus, 1, used).get(0);
                    } catch (IllegalArgumentException none) {
                        prime = Primes.largestPrimesCongruentOne(bits, twoN, 1, used).get(0);
                    }
                } else {
                    prime = Primes.largestPrimesCongruentOne(bits, twoN, 1, used).get(0);
                }
            } catch (IllegalArgumentException e) {
                throw new InvalidParametersException(e.getMessage());
            }
            used.add(prime);
            return prime;
        }
    }
}

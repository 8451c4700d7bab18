package io.smile.he.api;

import java.util.Arrays;
import java.util.Objects;

/**
 * Which parameter set a session uses, in one of three forms:
 * <ul>
 *   <li>{@link #preset(String)}: a named parameter set of the backend (see
 *       {@link HeBackend#presetNames()}), all of them meeting the 128-bit security bound;</li>
 *   <li>{@link #explicit}: ring degree N, plaintext modulus t and the bit sizes of the ciphertext
 *       primes q_0..q_L and of the special (key-switching) primes; the backend picks the primes;</li>
 *   <li>{@link #serialized(byte[])}: the exact parameters another session exported with
 *       {@link HeSession#exportParameters()} (how the cloud follows the edge's choice).</li>
 * </ul>
 * plus the number of worker threads ({@code 0}: the backend's default) and whether parameters
 * below the 128-bit security bound may be used, which is for tests only. Immutable value class;
 * the {@code with...} methods return modified copies.
 */
public final class HeParameterSpec {
    /** The form a specification takes. */
    public enum Kind {
        PRESET, EXPLICIT, SERIALIZED
    }

    private final Kind kind;
    private final String presetName;
    private final int degree;
    private final long plainModulus;
    private final int[] ciphertextPrimeBits;
    private final int[] specialPrimeBits;
    private final byte[] serialized;
    private final int threads;
    private final boolean allowInsecureForTestsOnly;

    private HeParameterSpec(Kind kind, String presetName, int degree, long plainModulus, int[] ciphertextPrimeBits,
                            int[] specialPrimeBits, byte[] serialized, int threads, boolean allowInsecureForTestsOnly) {
        this.kind = kind;
        this.presetName = presetName;
        this.degree = degree;
        this.plainModulus = plainModulus;
        this.ciphertextPrimeBits = ciphertextPrimeBits;
        this.specialPrimeBits = specialPrimeBits;
        this.serialized = serialized;
        this.threads = threads;
        this.allowInsecureForTestsOnly = allowInsecureForTestsOnly;
    }

    /** A named parameter set of the backend, e.g. {@code "N8192_DEPTH3"}. */
    public static HeParameterSpec preset(String name) {
        Objects.requireNonNull(name, "preset name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("preset name is blank");
        }
        return new HeParameterSpec(Kind.PRESET, name, 0, 0, null, null, null, 0, false);
    }

    /**
     * Explicit sizes. Structural checks happen here (positive sizes, at least one prime of each
     * kind); whether the backend accepts the set (primality, NTT-friendliness, security bound) is
     * decided by {@link HeBackend#open}.
     *
     * @param degree              ring degree N, a power of two; there are N slots
     * @param plainModulus        plaintext modulus t, a prime = 1 mod 2N
     * @param ciphertextPrimeBits bit sizes of q_0 (the decryption prime) .. q_L; L is the top level
     * @param specialPrimeBits    bit sizes of the special primes used only in key switching
     */
    public static HeParameterSpec explicit(int degree, long plainModulus, int[] ciphertextPrimeBits, int[] specialPrimeBits) {
        if (degree <= 0) {
            throw new IllegalArgumentException("degree must be positive, got " + degree);
        }
        if (plainModulus < 2) {
            throw new IllegalArgumentException("plain modulus must be at least 2, got " + plainModulus);
        }
        int[] q = checkBits(ciphertextPrimeBits, "ciphertext");
        int[] p = checkBits(specialPrimeBits, "special");
        return new HeParameterSpec(Kind.EXPLICIT, null, degree, plainModulus, q, p, null, 0, false);
    }

    /** The parameters written by {@link HeSession#exportParameters()} (backend-specific bytes). */
    public static HeParameterSpec serialized(byte[] parameters) {
        Objects.requireNonNull(parameters, "parameters");
        return new HeParameterSpec(Kind.SERIALIZED, null, 0, 0, null, null, parameters.clone(), 0, false);
    }

    private static int[] checkBits(int[] bits, String what) {
        Objects.requireNonNull(bits, what + " prime bits");
        if (bits.length == 0) {
            throw new IllegalArgumentException("at least one " + what + " prime is required");
        }
        for (int b : bits) {
            if (b <= 0) {
                throw new IllegalArgumentException(what + " prime size must be positive, got " + b);
            }
        }
        return bits.clone();
    }

    /** A copy using {@code threads} worker threads; 0 means the backend's default (all cores). */
    public HeParameterSpec withThreads(int threads) {
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0, got " + threads);
        }
        return new HeParameterSpec(kind, presetName, degree, plainModulus, ciphertextPrimeBits, specialPrimeBits,
                serialized, threads, allowInsecureForTestsOnly);
    }

    /**
     * A copy that lets the backend accept parameters below the 128-bit security bound (small N,
     * too large a modulus). Such sessions protect nothing: for tests only.
     */
    public HeParameterSpec allowingInsecureForTestsOnly() {
        return new HeParameterSpec(kind, presetName, degree, plainModulus, ciphertextPrimeBits, specialPrimeBits,
                serialized, threads, true);
    }

    public Kind kind() {
        return kind;
    }

    /** The preset name; null unless {@link Kind#PRESET}. */
    public String presetName() {
        return presetName;
    }

    /** Ring degree N; 0 unless {@link Kind#EXPLICIT}. */
    public int degree() {
        return degree;
    }

    /** Plaintext modulus t; 0 unless {@link Kind#EXPLICIT}. */
    public long plainModulus() {
        return plainModulus;
    }

    /** Bit sizes of q_0..q_L (a copy); null unless {@link Kind#EXPLICIT}. */
    public int[] ciphertextPrimeBits() {
        return ciphertextPrimeBits == null ? null : ciphertextPrimeBits.clone();
    }

    /** Bit sizes of the special primes (a copy); null unless {@link Kind#EXPLICIT}. */
    public int[] specialPrimeBits() {
        return specialPrimeBits == null ? null : specialPrimeBits.clone();
    }

    /** The serialized parameters (a copy); null unless {@link Kind#SERIALIZED}. */
    public byte[] serializedParameters() {
        return serialized == null ? null : serialized.clone();
    }

    /** Worker threads; 0 = backend default. */
    public int threads() {
        return threads;
    }

    public boolean allowInsecureForTestsOnly() {
        return allowInsecureForTestsOnly;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HeParameterSpec)) {
            return false;
        }
        HeParameterSpec s = (HeParameterSpec) o;
        return kind == s.kind && Objects.equals(presetName, s.presetName) && degree == s.degree
                && plainModulus == s.plainModulus && Arrays.equals(ciphertextPrimeBits, s.ciphertextPrimeBits)
                && Arrays.equals(specialPrimeBits, s.specialPrimeBits) && Arrays.equals(serialized, s.serialized)
                && threads == s.threads && allowInsecureForTestsOnly == s.allowInsecureForTestsOnly;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(kind, presetName, degree, plainModulus, threads, allowInsecureForTestsOnly);
        h = 31 * h + Arrays.hashCode(ciphertextPrimeBits);
        h = 31 * h + Arrays.hashCode(specialPrimeBits);
        return 31 * h + Arrays.hashCode(serialized);
    }

    @Override
    public String toString() {
        String what;
        switch (kind) {
            case PRESET:
                what = "preset " + presetName;
                break;
            case EXPLICIT:
                what = "N=" + degree + ", t=" + plainModulus + ", q bits " + Arrays.toString(ciphertextPrimeBits)
                        + ", special bits " + Arrays.toString(specialPrimeBits);
                break;
            default:
                what = "serialized (" + serialized.length + " bytes)";
        }
        return "HeParameterSpec(" + what + ", threads=" + (threads == 0 ? "default" : threads)
                + (allowInsecureForTestsOnly ? ", INSECURE allowed for tests" : "") + ")";
    }
}

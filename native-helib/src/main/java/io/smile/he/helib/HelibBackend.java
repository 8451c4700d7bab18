package io.smile.he.helib;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeException;
import io.smile.he.api.HeFormatException;
import io.smile.he.api.HeParameterSpec;
import io.smile.he.api.HePreset;
import io.smile.he.api.HeSecurityStandard;
import io.smile.he.api.HeSession;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * HElib's BGV as an {@link HeBackend} named {@code helib}. A spec maps to HElib's power-of-two
 * cyclotomic m = 2N, p = t, r = 1, with the sum of the requested ciphertext-prime bits (less
 * {@link #CHAIN_SLACK_BITS}, because HElib's chain overshoots by 2-3 bits) and of the special
 * primes, and {@link #COLUMNS} key-switching columns; HElib picks the primes. The real log2(QP),
 * special primes included, is then held against the HE-standard bound.
 */
public final class HelibBackend implements HeBackend {
    public static final String NAME = "helib";
    /** HElib's key-switching columns (its parameter c). */
    static final int COLUMNS = 3;
    /** Bits asked below the requested ciphertext modulus, so HElib's overshoot stays within it. */
    static final int CHAIN_SLACK_BITS = 3;
    /** Same for the special primes. */
    static final int SPECIAL_SLACK_BITS = 2;

    public HelibBackend() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> presetNames() {
        List<String> names = new ArrayList<>();
        for (HePreset p : HePreset.values()) {
            names.add(p.name());
        }
        return Collections.unmodifiableList(names);
    }

    /** The sizes a session is built from; also the body of exported parameters. */
    static final class Sizes {
        final int degree;
        final long plainModulus;
        final int[] ciphertextBits;
        final int[] specialBits;

        Sizes(int degree, long plainModulus, int[] ciphertextBits, int[] specialBits) {
            this.degree = degree;
            this.plainModulus = plainModulus;
            this.ciphertextBits = ciphertextBits;
            this.specialBits = specialBits;
        }

        int ciphertextSum() {
            return Arrays.stream(ciphertextBits).sum();
        }

        int specialSum() {
            return Arrays.stream(specialBits).sum();
        }

        byte[] toBytes() {
            ByteBuffer b = ByteBuffer.allocate(4 + 8 + 4 + 4 * ciphertextBits.length + 4 + 4 * specialBits.length);
            b.putInt(degree).putLong(plainModulus).putInt(ciphertextBits.length);
            for (int x : ciphertextBits) {
                b.putInt(x);
            }
            b.putInt(specialBits.length);
            for (int x : specialBits) {
                b.putInt(x);
            }
            return b.array();
        }

        static Sizes fromBytes(byte[] body) {
            try {
                ByteBuffer b = ByteBuffer.wrap(body);
                int n = b.getInt();
                long t = b.getLong();
                int[] ct = bits(b, "ciphertext");
                int[] sp = bits(b, "special");
                if (b.hasRemaining()) {
                    throw new HeFormatException("malformed parameters: trailing bytes");
                }
                return new Sizes(n, t, ct, sp);
            } catch (BufferUnderflowException e) {
                throw new HeFormatException("malformed parameters: truncated", e);
            }
        }

        private static int[] bits(ByteBuffer b, String what) {
            int count = b.getInt();
            if (count < 1 || count > 64) {
                throw new HeFormatException("malformed parameters: " + count + " " + what + " primes");
            }
            int[] out = new int[count];
            for (int i = 0; i < count; i++) {
                out[i] = b.getInt();
                if (out[i] < 1 || out[i] > 62) {
                    throw new HeFormatException("malformed parameters: " + what + " prime of " + out[i] + " bits");
                }
            }
            return out;
        }
    }

    @Override
    public HeSession open(HeParameterSpec spec) {
        Objects.requireNonNull(spec, "spec");
        HelibNative.ensureLoaded();
        switch (spec.kind()) {
            case PRESET: {
                HePreset p = HePreset.byName(spec.presetName());
                if (p == null) {
                    throw new HeException("unknown preset '" + spec.presetName() + "' for backend " + NAME
                            + "; available: " + presetNames());
                }
                HeParameterSpec e = p.explicitSpec();
                return open(sizesOf(e), spec.threads(), false, 0);
            }
            case EXPLICIT:
                return open(sizesOf(spec), spec.threads(), spec.allowInsecureForTestsOnly(), 0);
            case SERIALIZED: {
                byte[] bytes = spec.serializedParameters();
                byte[] body = HelibEnvelope.unwrap(bytes, HelibEnvelope.Kind.PARAMETERS, 0);
                long fp = HelibEnvelope.fingerprintOf(bytes);
                Sizes s = Sizes.fromBytes(body);
                try {
                    return open(s, spec.threads(), spec.allowInsecureForTestsOnly(), fp);
                } catch (HeFormatException e) {
                    throw e;
                } catch (HeException e) {
                    // bytes from outside: whatever they ask for that is refused is a format error
                    throw new HeFormatException("serialized parameters refused: " + e.getMessage(), e);
                }
            }
            default:
                throw new IllegalStateException("unknown spec kind " + spec.kind());
        }
    }

    private static Sizes sizesOf(HeParameterSpec spec) {
        return new Sizes(spec.degree(), spec.plainModulus(), spec.ciphertextPrimeBits(), spec.specialPrimeBits());
    }

    private HeSession open(Sizes s, int threads, boolean allowInsecure, long expectedFingerprint) {
        int n = s.degree;
        if (n < 1024 || n > 32768 || Integer.bitCount(n) != 1) {
            throw new HeException("parameters refused: ring degree " + n + " is not a power of two in [1024, 32768]");
        }
        int bound = HeSecurityStandard.maxLog2QP128(n);
        int requested = s.ciphertextSum() + s.specialSum();
        // refuse before building when even the request is over the bound (building can take seconds)
        if (!allowInsecure && requested > bound) {
            throw new HeException("parameters refused: log2(QP) = " + requested + " bits exceeds the 128-bit bound of "
                    + bound + " for N = " + n + " (HomomorphicEncryption.org standard)");
        }
        int ctBits = Math.max(20, s.ciphertextSum() - CHAIN_SLACK_BITS);
        int spBits = Math.max(0, s.specialSum() - SPECIAL_SLACK_BITS);
        long ctx = HelibNative.createContext(n, s.plainModulus, ctBits, spBits, COLUMNS, threads <= 0 ? 1 : threads);
        try {
            double[] info = HelibNative.contextInfo(ctx);
            double log2QP = info[0];
            boolean insecure = !HeSecurityStandard.meets128(n, log2QP);
            if (insecure && !allowInsecure) {
                throw new HeException(String.format(java.util.Locale.ROOT,
                        "parameters refused: HElib's modulus chain has log2(QP) = %.1f bits (special primes included), "
                                + "over the 128-bit bound of %d for N = %d", log2QP, bound, n));
            }
            HelibSession session = new HelibSession(ctx, s, info, insecure);
            if (expectedFingerprint != 0 && session.parameterFingerprint() != expectedFingerprint) {
                session.close();
                throw new HeFormatException("serialized parameters do not rebuild the same HElib context (fingerprint "
                        + Long.toHexString(session.parameterFingerprint()) + ", expected " + Long.toHexString(expectedFingerprint) + ")");
            }
            return session;
        } catch (RuntimeException e) {
            HelibNative.free(ctx);
            throw e;
        }
    }

    @Override
    public String toString() {
        return "HelibBackend(" + NAME + ")";
    }
}

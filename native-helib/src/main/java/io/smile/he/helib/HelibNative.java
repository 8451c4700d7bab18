package io.smile.he.helib;

import io.smile.he.api.HeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The shim's entry points. Handles are registry ids (see the shim); every randomised call takes a
 * fresh seed from {@link SecureRandom} so all randomness comes from the JDK's CSPRNG.
 */
final class HelibNative {
    /** System property: absolute path of {@code libsmile_helib.so}; else {@code java.library.path} is searched. */
    static final String LIBRARY_PROPERTY = "smile.helib.library";

    private static final Object LOCK = new Object();
    private static volatile boolean loaded;
    private static String loadFailure;
    private static final SecureRandom RANDOM = new SecureRandom();

    private HelibNative() {
    }

    /** Loads the shim once; later calls repeat the first failure's explanation. */
    static void ensureLoaded() {
        if (loaded) {
            return;
        }
        synchronized (LOCK) {
            if (loaded) {
                return;
            }
            if (loadFailure != null) {
                throw new HeException(loadFailure);
            }
            String path = System.getProperty(LIBRARY_PROPERTY);
            try {
                if (path != null && !path.isBlank()) {
                    if (!Files.isRegularFile(Path.of(path))) {
                        throw new UnsatisfiedLinkError("no file " + path);
                    }
                    System.load(Path.of(path).toAbsolutePath().toString());
                } else {
                    System.loadLibrary("smile_helib");
                }
                loaded = true;
            } catch (UnsatisfiedLinkError | SecurityException e) {
                loadFailure = "the helib backend needs its native library libsmile_helib.so (and HElib's libhelib.so), "
                        + "which could not be loaded: " + e.getMessage() + ". Build it with "
                        + "'mvn -B verify -Pnative-helib -pl native-helib -am' (see native-helib/README.md) and pass "
                        + "-D" + LIBRARY_PROPERTY + "=<path to libsmile_helib.so> or put it on java.library.path.";
                throw new HeException(loadFailure, e);
            }
        }
    }

    static byte[] seed() {
        byte[] s = new byte[32];
        RANDOM.nextBytes(s);
        return s;
    }

    static native long createContext(long n, long t, long bits, long specialBits, long columns, int threads);

    /** [log2 QP with special primes, max level, generator of the row rotation, HElib's security estimate]. */
    static native double[] contextInfo(long ctx);

    static native byte[] contextBytes(long ctx);

    /** Frees any handle; unknown ids are ignored (idempotent close). */
    static native void free(long handle);

    static native long liveHandles();

    static native long generateSecretKey(long ctx, byte[] seed);

    static native byte[] exportPublic(long sk, boolean withEvaluationKeys, int[] rotationSteps, byte[] seed);

    static native long readPublic(long ctx, byte[] bytes);

    static native byte[] exportSecret(long sk);

    static native long readSecret(long ctx, byte[] bytes, byte[] seed);

    static native long encrypt(long ctx, long key, boolean secretKey, long[] values, int level, byte[] seed);

    static native long[] decrypt(long ctx, long sk, long ct);

    static native int noiseBudget(long ctx, long sk, long ct);

    static native long ctLevel(long ct);

    static final int ADD = 0, SUB = 1, MUL = 2, MUL_NO_RELIN = 3, RELIN = 4;

    static native long binary(long ctx, long pk, int op, long a, long b);

    static final int ADD_PLAIN = 0, MUL_PLAIN = 1, ADD_SCALAR = 2, MUL_SCALAR = 3, NEGATE = 4;

    static native long plain(long ctx, long pk, int op, long a, long[] values);

    static native long rotate(long ctx, long pk, long a, int step, boolean swapRows);

    static native long modSwitch(long ctx, long a, int level);

    static final int TIME_COPY = 0, TIME_MULTIPLY = 1, TIME_ROTATE = 2, TIME_ADD = 3;

    /** Mean ns of the operation repeated inside C++ (no JNI crossing per call): see {@code JniOverheadBench}. */
    static native double timeInside(long ctx, long pk, int op, long a, long b, int iterations);

    static native long rerandomize(long ctx, long pk, long a, int floodBits, byte[] seed);

    static native byte[] writeCiphertext(long ct);

    static native long readCiphertext(long ctx, byte[] bytes);
}

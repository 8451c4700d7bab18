package io.smile.he.helib;

import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/** An {@link HeSession} over one HElib context (a native handle, freed on {@link #close()}). */
final class HelibSession implements HeSession {
    private final NativeRef context;
    private final HelibBackend.Sizes sizes;
    private final int maxLevel;
    private final double log2QP;
    private final double helibSecurity;
    private final boolean insecure;
    private final long fingerprint;
    private volatile boolean closed;

    HelibSession(long ctx, HelibBackend.Sizes sizes, double[] info, boolean insecure) {
        this.context = new NativeRef(this, ctx);
        this.sizes = sizes;
        this.log2QP = info[0];
        this.maxLevel = (int) info[1];
        this.helibSecurity = info[3];
        this.insecure = insecure;
        this.fingerprint = fingerprintOf(HelibNative.contextBytes(ctx));
    }

    /** First 8 bytes of SHA-256 over a backend tag and HElib's serialized context (every prime is in it). */
    private static long fingerprintOf(byte[] contextBytes) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update("smile-helib-context".getBytes(StandardCharsets.US_ASCII));
            d.update(contextBytes);
            long fp = ByteBuffer.wrap(d.digest()).getLong();
            return fp == 0 ? 1 : fp; // 0 means "unchecked" inside the envelope code
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** The context id, after checking the session is open. */
    long ctx() {
        ensureOpen();
        return context.id();
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this HE session is closed");
        }
    }

    /** log2(QP) of HElib's chain, special primes included. */
    double log2QP() {
        return log2QP;
    }

    @Override
    public String backendName() {
        return HelibBackend.NAME;
    }

    @Override
    public int slotCount() {
        return sizes.degree;
    }

    @Override
    public int rowSize() {
        return sizes.degree / 2;
    }

    @Override
    public long plainModulus() {
        return sizes.plainModulus;
    }

    @Override
    public int maxLevel() {
        return maxLevel;
    }

    @Override
    public long parameterFingerprint() {
        return fingerprint;
    }

    @Override
    public boolean isInsecure() {
        return insecure;
    }

    @Override
    public byte[] exportParameters() {
        return HelibEnvelope.wrap(HelibEnvelope.Kind.PARAMETERS, fingerprint, sizes.toBytes());
    }

    @Override
    public HeKeyOwner generateKeys() {
        return new HelibKeyOwner(this, HelibNative.generateSecretKey(ctx(), HelibNative.seed()), null);
    }

    @Override
    public HeKeyOwner generateKeys(int[] rotationSteps) {
        Objects.requireNonNull(rotationSteps, "rotationSteps");
        return new HelibKeyOwner(this, HelibNative.generateSecretKey(ctx(), HelibNative.seed()), rotationSteps.clone());
    }

    @Override
    public HeKeyOwner importSecretKey(byte[] secretKey) {
        Objects.requireNonNull(secretKey, "secretKey");
        byte[] body = HelibEnvelope.unwrap(secretKey, HelibEnvelope.Kind.SECRET_KEY, fingerprint);
        try {
            return new HelibKeyOwner(this, HelibNative.readSecret(ctx(), body, HelibNative.seed()), null);
        } finally {
            java.util.Arrays.fill(body, (byte) 0);
        }
    }

    @Override
    public HeEvaluator evaluator(byte[] publicKey, byte[] evaluationKeys) {
        Objects.requireNonNull(publicKey, "publicKey");
        byte[] pkBody = HelibEnvelope.unwrap(publicKey, HelibEnvelope.Kind.PUBLIC_KEY, fingerprint);
        byte[] ekBody = evaluationKeys == null ? null
                : HelibEnvelope.unwrap(evaluationKeys, HelibEnvelope.Kind.EVALUATION_KEYS, fingerprint);
        long pk = HelibNative.readPublic(ctx(), pkBody);
        long ek = 0;
        try {
            ek = ekBody == null ? 0 : HelibNative.readPublic(ctx(), ekBody);
        } catch (RuntimeException e) {
            HelibNative.free(pk);
            throw e;
        }
        return new HelibEvaluator(this, pk, ek);
    }

    @Override
    public HeCiphertext readCiphertext(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        byte[] body = HelibEnvelope.unwrap(bytes, HelibEnvelope.Kind.CIPHERTEXT, fingerprint);
        return wrap(HelibNative.readCiphertext(ctx(), body));
    }

    HelibCiphertext wrap(long ct) {
        return new HelibCiphertext(this, ct);
    }

    /** The native id behind a handle, checked to be ours and of this parameter set. */
    long unwrap(HeCiphertext handle) {
        Objects.requireNonNull(handle, "ciphertext");
        if (!(handle instanceof HelibCiphertext)) {
            throw new IllegalArgumentException("ciphertext " + handle + " was not made by the " + HelibBackend.NAME + " backend");
        }
        HelibCiphertext c = (HelibCiphertext) handle;
        if (c.parameterFingerprint() != fingerprint) {
            throw new IllegalArgumentException("ciphertext belongs to another parameter set");
        }
        if (c.session() != this) {
            // same parameters, other session: move it through bytes (HElib objects belong to one context)
            return unwrap(readCiphertext(c.serialize()));
        }
        return c.id();
    }

    void checkValues(long[] values) {
        Objects.requireNonNull(values, "values");
        if (values.length > slotCount()) {
            throw new IllegalArgumentException(values.length + " values do not fit in " + slotCount() + " slots");
        }
    }

    void checkLevel(int level) {
        if (level < 0 || level > maxLevel) {
            throw new IllegalArgumentException("level " + level + " outside [0, " + maxLevel + "]");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            context.free();
        }
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "HeSession(%s, N=%d, t=%d, log2 QP=%.1f, HElib security estimate %.0f%s%s)",
                HelibBackend.NAME, sizes.degree, sizes.plainModulus, log2QP, helibSecurity, insecure ? ", INSECURE" : "",
                closed ? ", closed" : "");
    }
}

package io.smile.he.bgv.api;

import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeFormatException;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.BgvKeyGenerator;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.EvaluationKeys;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;
import io.smile.he.wire.BgvSerializer;
import io.smile.he.wire.WireFormatException;
import java.util.Objects;
import java.util.function.Supplier;

/** An {@link HeSession} over one {@link BgvContext}. */
final class BgvSession implements HeSession {
    private final BgvContext ctx;
    private final BgvParameters params;
    private final BgvSerializer serializer;
    private volatile boolean closed;

    BgvSession(BgvContext ctx) {
        this.ctx = ctx;
        this.params = ctx.parameters();
        this.serializer = new BgvSerializer(ctx);
    }

    BgvContext context() {
        return ctx;
    }

    BgvSerializer serializer() {
        return serializer;
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this HE session is closed");
        }
    }

    @Override
    public String backendName() {
        return BgvBackend.NAME;
    }

    @Override
    public int slotCount() {
        return params.slotCount();
    }

    @Override
    public int rowSize() {
        return params.slotCount() / 2;
    }

    @Override
    public long plainModulus() {
        return params.plainModulus();
    }

    @Override
    public int maxLevel() {
        return params.maxLevel();
    }

    @Override
    public long parameterFingerprint() {
        return params.fingerprint();
    }

    @Override
    public boolean isInsecure() {
        return !params.meetsSecurityStandard();
    }

    @Override
    public byte[] exportParameters() {
        return BgvSerializer.writeParameters(params);
    }

    @Override
    public HeKeyOwner generateKeys() {
        ensureOpen();
        return new BgvKeyOwner(this, new BgvKeyGenerator(ctx).secretKey(), null);
    }

    @Override
    public HeKeyOwner generateKeys(int[] rotationSteps) {
        Objects.requireNonNull(rotationSteps, "rotationSteps");
        ensureOpen();
        return new BgvKeyOwner(this, new BgvKeyGenerator(ctx).secretKey(), rotationSteps.clone());
    }

    @Override
    public HeKeyOwner importSecretKey(byte[] secretKey) {
        Objects.requireNonNull(secretKey, "secretKey");
        ensureOpen();
        SecretKey sk = read(() -> serializer.readSecretKey(secretKey), "secret key");
        return new BgvKeyOwner(this, sk, null);
    }

    @Override
    public HeEvaluator evaluator(byte[] publicKey, byte[] evaluationKeys) {
        Objects.requireNonNull(publicKey, "publicKey");
        ensureOpen();
        PublicKey pk = read(() -> serializer.readPublicKey(publicKey), "public key");
        // a public key carries no fingerprint of its own: at least its shape must fit
        if (pk.b().length != params.maxLevel() + 1 || pk.a().length != params.maxLevel() + 1
                || pk.b()[0].length != params.degree() || pk.a()[0].length != params.degree()) {
            throw new HeFormatException("public key does not fit this parameter set");
        }
        EvaluationKeys ek = null;
        if (evaluationKeys != null) {
            ek = read(() -> serializer.readEvaluationKeys(evaluationKeys), "evaluation keys");
            if (ek.fingerprint() != params.fingerprint()) {
                throw new HeFormatException("evaluation keys belong to another parameter set");
            }
        }
        return new BgvHeEvaluator(this, pk, ek);
    }

    @Override
    public HeCiphertext readCiphertext(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        ensureOpen();
        Ciphertext ct = read(() -> serializer.readCiphertext(bytes), "ciphertext");
        if (ct.fingerprint() != params.fingerprint()) {
            throw new HeFormatException("ciphertext belongs to another parameter set (fingerprint "
                    + Long.toHexString(ct.fingerprint()) + ", expected " + Long.toHexString(params.fingerprint()) + ")");
        }
        if (ct.size() != 2) {
            throw new HeFormatException("ciphertext has " + ct.size() + " components; only relinearized (2-component) "
                    + "ciphertexts are exchanged");
        }
        if (ct.level() < 0 || ct.level() > params.maxLevel()) {
            throw new HeFormatException("ciphertext level " + ct.level() + " outside [0, " + params.maxLevel() + "]");
        }
        return new BgvHeCiphertext(ct, this);
    }

    /** Decodes bytes, turning every complaint of the decoder into {@link HeFormatException}. */
    private static <T> T read(Supplier<T> decode, String what) {
        T value;
        try {
            value = decode.get();
        } catch (WireFormatException | IllegalArgumentException e) {
            throw new HeFormatException("malformed " + what + ": " + e.getMessage(), e);
        }
        if (value == null) {
            throw new HeFormatException("malformed " + what + ": nothing decoded");
        }
        return value;
    }

    /** The engine ciphertext behind a handle, checked to be ours and of this parameter set. */
    Ciphertext unwrap(HeCiphertext handle) {
        Objects.requireNonNull(handle, "ciphertext");
        if (!(handle instanceof BgvHeCiphertext)) {
            throw new IllegalArgumentException("ciphertext " + handle + " was not made by the " + BgvBackend.NAME + " backend");
        }
        Ciphertext ct = ((BgvHeCiphertext) handle).engine();
        if (ct.fingerprint() != params.fingerprint()) {
            throw new IllegalArgumentException("ciphertext belongs to another parameter set (fingerprint "
                    + Long.toHexString(ct.fingerprint()) + ", expected " + Long.toHexString(params.fingerprint()) + ")");
        }
        return ct;
    }

    HeCiphertext wrap(Ciphertext ct) {
        return new BgvHeCiphertext(ct, this);
    }

    /** Checks a plaintext vector against the slot count. */
    void checkValues(long[] values) {
        Objects.requireNonNull(values, "values");
        if (values.length > params.slotCount()) {
            throw new IllegalArgumentException(values.length + " values do not fit in " + params.slotCount() + " slots");
        }
    }

    void checkLevel(int level) {
        if (level < 0 || level > params.maxLevel()) {
            throw new IllegalArgumentException("level " + level + " outside [0, " + params.maxLevel() + "]");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            ctx.close();
        }
    }

    @Override
    public String toString() {
        return "HeSession(" + BgvBackend.NAME + ", " + params + (closed ? ", closed" : "") + ")";
    }
}

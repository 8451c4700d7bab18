package io.smile.he.helib;

import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeException;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import java.lang.ref.Reference;

/**
 * A native HElib secret key. Encryption uses the secret key; the public key and evaluation keys
 * are made on first request (on a copy of the key, so the owner's own object stays small) and
 * cached as bytes. {@link #close()} frees the native key (HElib's memory is released, not wiped:
 * HElib offers no wipe).
 */
final class HelibKeyOwner implements HeKeyOwner {
    private final HelibSession session;
    private final NativeRef sk;
    private final int[] rotationSteps;
    private byte[] publicKey;
    private byte[] evaluationKeys;
    private HelibEvaluator localEvaluator;
    private volatile boolean closed;

    HelibKeyOwner(HelibSession session, long sk, int[] rotationSteps) {
        this.session = session;
        this.sk = new NativeRef(this, sk);
        this.rotationSteps = rotationSteps;
    }

    private long sk() {
        if (closed) {
            throw new IllegalStateException("this key owner is closed; its secret key was freed");
        }
        session.ensureOpen();
        return sk.id();
    }

    @Override
    public HeSession session() {
        return session;
    }

    @Override
    public synchronized byte[] exportPublicKey() {
        long id = sk();
        if (publicKey == null) {
            publicKey = HelibEnvelope.wrap(HelibEnvelope.Kind.PUBLIC_KEY, session.parameterFingerprint(),
                    HelibNative.exportPublic(id, false, null, HelibNative.seed()));
        }
        return publicKey.clone();
    }

    @Override
    public synchronized byte[] exportEvaluationKeys() {
        long id = sk();
        if (evaluationKeys == null) {
            evaluationKeys = HelibEnvelope.wrap(HelibEnvelope.Kind.EVALUATION_KEYS, session.parameterFingerprint(),
                    HelibNative.exportPublic(id, true, rotationSteps, HelibNative.seed()));
        }
        return evaluationKeys.clone();
    }

    @Override
    public byte[] exportSecretKeyForLocalStorage() {
        return HelibEnvelope.wrap(HelibEnvelope.Kind.SECRET_KEY, session.parameterFingerprint(), HelibNative.exportSecret(sk()));
    }

    @Override
    public HeCiphertext encrypt(long[] values) {
        return encrypt(values, session.maxLevel());
    }

    @Override
    public HeCiphertext encrypt(long[] values, int level) {
        session.checkValues(values);
        session.checkLevel(level);
        long id = sk();
        HeCiphertext out = session.wrap(HelibNative.encrypt(session.ctx(), id, true, values, level, HelibNative.seed()));
        Reference.reachabilityFence(this);
        return out;
    }

    @Override
    public long[] decrypt(HeCiphertext ciphertext) {
        long ct = session.unwrap(ciphertext);
        long[] out = HelibNative.decrypt(session.ctx(), sk(), ct);
        Reference.reachabilityFence(ciphertext);
        Reference.reachabilityFence(this);
        return out;
    }

    @Override
    public long[] decryptChecked(HeCiphertext ciphertext) {
        if (noiseBudget(ciphertext) <= 0) {
            throw new HeException("noise budget exhausted: the decryption would be wrong");
        }
        return decrypt(ciphertext);
    }

    @Override
    public int noiseBudget(HeCiphertext ciphertext) {
        long ct = session.unwrap(ciphertext);
        int b = HelibNative.noiseBudget(session.ctx(), sk(), ct);
        Reference.reachabilityFence(ciphertext);
        Reference.reachabilityFence(this);
        return b;
    }

    @Override
    public synchronized HeEvaluator localEvaluator() {
        sk();
        if (localEvaluator == null) {
            localEvaluator = (HelibEvaluator) session.evaluator(exportPublicKey(), exportEvaluationKeys());
        }
        return localEvaluator;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            sk.free();
        }
    }

    @Override
    public String toString() {
        return "HeKeyOwner(" + HelibBackend.NAME + (closed ? ", closed" : "") + ")";
    }
}

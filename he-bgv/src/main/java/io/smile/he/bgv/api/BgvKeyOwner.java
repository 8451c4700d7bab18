package io.smile.he.bgv.api;

import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeException;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import io.smile.he.bgv.BatchEncoder;
import io.smile.he.bgv.BgvKeyGenerator;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Decryptor;
import io.smile.he.bgv.Encryptor;
import io.smile.he.bgv.EvaluationKeys;
import io.smile.he.bgv.NoiseBudgetExhaustedException;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;

/**
 * An {@link HeKeyOwner} holding an engine {@link SecretKey}. Encryption uses the secret key
 * (smaller noise, seed-compressed ciphertexts); the public key and evaluation keys are generated
 * on first request and cached.
 */
final class BgvKeyOwner implements HeKeyOwner {
    private final BgvSession session;
    private final SecretKey sk;
    /** Rotation steps of the evaluation keys; null for the default power-of-two set. */
    private final int[] rotationSteps;
    private final Encryptor encryptor;
    private final Decryptor decryptor;
    private final BatchEncoder encoder;
    private PublicKey publicKey;
    private EvaluationKeys evaluationKeys;
    private BgvHeEvaluator localEvaluator;
    private volatile boolean closed;

    BgvKeyOwner(BgvSession session, SecretKey sk, int[] rotationSteps) {
        this.session = session;
        this.sk = sk;
        this.rotationSteps = rotationSteps;
        this.encryptor = Encryptor.withSecretKey(session.context(), sk);
        this.decryptor = new Decryptor(session.context(), sk);
        this.encoder = session.context().encoder();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("this key owner is closed; its secret key was wiped");
        }
        session.ensureOpen();
    }

    SecretKey secretKey() {
        ensureOpen();
        return sk;
    }

    synchronized PublicKey publicKey() {
        ensureOpen();
        if (publicKey == null) {
            publicKey = new BgvKeyGenerator(session.context()).publicKey(sk);
        }
        return publicKey;
    }

    synchronized EvaluationKeys evaluationKeys() {
        ensureOpen();
        if (evaluationKeys == null) {
            BgvKeyGenerator kg = new BgvKeyGenerator(session.context());
            evaluationKeys = rotationSteps == null ? kg.evaluationKeys(sk) : kg.evaluationKeys(sk, rotationSteps, true);
        }
        return evaluationKeys;
    }

    @Override
    public HeSession session() {
        return session;
    }

    @Override
    public byte[] exportPublicKey() {
        return session.serializer().writePublicKey(publicKey());
    }

    @Override
    public byte[] exportEvaluationKeys() {
        return session.serializer().writeEvaluationKeys(evaluationKeys());
    }

    @Override
    public byte[] exportSecretKeyForLocalStorage() {
        ensureOpen();
        return session.serializer().writeSecretKey(sk);
    }

    @Override
    public HeCiphertext encrypt(long[] values) {
        return encrypt(values, session.maxLevel());
    }

    @Override
    public HeCiphertext encrypt(long[] values, int level) {
        session.checkValues(values);
        session.checkLevel(level);
        ensureOpen();
        return session.wrap(encryptor.encrypt(encoder.encode(values), level));
    }

    @Override
    public long[] decrypt(HeCiphertext ciphertext) {
        Ciphertext ct = session.unwrap(ciphertext);
        ensureOpen();
        return encoder.decode(decryptor.decrypt(ct));
    }

    @Override
    public long[] decryptChecked(HeCiphertext ciphertext) {
        Ciphertext ct = session.unwrap(ciphertext);
        ensureOpen();
        try {
            return encoder.decode(decryptor.decryptChecked(ct));
        } catch (NoiseBudgetExhaustedException e) {
            throw new HeException(e.getMessage(), e);
        }
    }

    @Override
    public int noiseBudget(HeCiphertext ciphertext) {
        Ciphertext ct = session.unwrap(ciphertext);
        ensureOpen();
        return decryptor.noiseBudget(ct);
    }

    @Override
    public synchronized HeEvaluator localEvaluator() {
        ensureOpen();
        if (localEvaluator == null) {
            localEvaluator = new BgvHeEvaluator(session, publicKey(), evaluationKeys());
        }
        return localEvaluator;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            sk.destroy();
        }
    }

    @Override
    public String toString() {
        return "HeKeyOwner(" + BgvBackend.NAME + (closed ? ", closed" : "") + ")";
    }
}

package io.smile.cloud.scoring;

import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeSession;
import io.smile.pdm.model.EncryptedScorer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The keys of one gateway registration, ready to score: the shared session of its parameters, an
 * evaluator of its public and evaluation keys, and one {@link EncryptedScorer} per model (made on
 * first use). Replaced as a whole on re-registration. Public material only.
 */
public final class GatewayKeys {
    private final SessionPool.Shared session;
    private final HeEvaluator evaluator;
    private final long fingerprint;
    private final int blockSize;
    private final byte[] hash;
    private final Map<String, EncryptedScorer> scorers = new ConcurrentHashMap<>();

    GatewayKeys(SessionPool.Shared session, HeEvaluator evaluator, int blockSize, byte[] hash) {
        this.session = session;
        this.evaluator = evaluator;
        this.fingerprint = session.session().parameterFingerprint();
        this.blockSize = blockSize;
        this.hash = hash;
    }

    public HeSession session() {
        return session.session();
    }

    public long fingerprint() {
        return fingerprint;
    }

    public int blockSize() {
        return blockSize;
    }

    /** SHA-256 of the registration message these keys came from. */
    byte[] hash() {
        return hash;
    }

    SessionPool.Shared shared() {
        return session;
    }

    /** The decision-only scorer of this gateway for that model. */
    public EncryptedScorer scorer(ModelRegistry.LoadedModel model) {
        return scorer(model, EncryptedScorer.Output.DECISION);
    }

    /** The scorer of this gateway for that model and output (made on first use: encodes the model's diagonals). */
    public EncryptedScorer scorer(ModelRegistry.LoadedModel model, EncryptedScorer.Output output) {
        return scorers.computeIfAbsent(model.id() + "@" + model.version() + "/" + output,
                k -> new EncryptedScorer(model.model(), evaluator, output));
    }
}

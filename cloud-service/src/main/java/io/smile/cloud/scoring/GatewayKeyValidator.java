package io.smile.cloud.scoring;

import io.smile.cloud.intake.CheckedRegistration;
import io.smile.cloud.intake.Reason;
import io.smile.cloud.intake.Rejection;
import io.smile.he.api.HeBackend;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeException;
import io.smile.he.api.HeParameterSpec;
import io.smile.he.api.HeSession;
import io.smile.pdm.model.ScoringPlan;
import io.smile.pdm.model.QuantizedModel;
import io.smile.protocol.KeyRegistration;
import java.util.HexFormat;

/**
 * Turns a gateway's registration into {@link GatewayKeys}, or says why not: its parameters open a
 * session (shared through the {@link SessionPool} with every gateway of the same parameters) and
 * are secure unless insecure test parameters are allowed ({@code insecure-parameters},
 * {@code bad-parameters}), fit every loaded model ({@code model-mismatch}) and its keys load for
 * them ({@code bad-keys}). The backend holds the decoded keys compact and re-expands their uniform
 * halves through a cache whose cap it sets ({@link HeBackend#setExpandedKeyCacheBytes}).
 */
final class GatewayKeyValidator implements AutoCloseable {
    private final boolean allowInsecure;
    private final int heThreads;
    private final ModelRegistry models;
    private final HeBackend backend;
    private final SessionPool sessions = new SessionPool();

    GatewayKeyValidator(String backend, int heThreads, boolean allowInsecure, ModelRegistry models,
                        long expandedKeyCacheBytes) {
        this.allowInsecure = allowInsecure;
        this.heThreads = heThreads;
        this.models = models;
        this.backend = HeBackend.byName(backend);
        this.backend.setExpandedKeyCacheBytes(expandedKeyCacheBytes);
    }

    /** The keys of {@code reg}, holding one reference to their session (released by the caller). */
    GatewayKeys keys(KeyRegistration reg, byte[] hash) throws Rejection {
        SessionPool.Shared session = openSession(reg.parameters());
        try {
            checkAgainstModels(reg, session.session());
            HeEvaluator evaluator;
            try {
                evaluator = session.session().evaluator(reg.publicKey(), reg.evaluationKeys());
            } catch (HeException | IllegalArgumentException e) {
                throw new Rejection(Reason.BAD_KEYS, e.getMessage());
            }
            return new GatewayKeys(session, evaluator, reg.blockSize(), hash);
        } catch (Rejection | RuntimeException e) {
            session.release();
            throw e;
        }
    }

    private SessionPool.Shared openSession(byte[] parameters) throws Rejection {
        String key = HexFormat.of().formatHex(CheckedRegistration.sha256(parameters))
                + (allowInsecure ? "/insecure-allowed" : "");
        try {
            return sessions.acquire(key, () -> {
                try {
                    return open(parameters);
                } catch (Rejection r) {
                    throw new RejectionCarrier(r);
                }
            });
        } catch (RejectionCarrier c) {
            throw c.rejection;
        }
    }

    private HeSession open(byte[] parameters) throws Rejection {
        HeParameterSpec spec = HeParameterSpec.serialized(parameters).withThreads(heThreads);
        HeSession session;
        try {
            session = backend.open(allowInsecure ? spec.allowingInsecureForTestsOnly() : spec);
        } catch (HeException | IllegalArgumentException e) {
            if (!allowInsecure && opensWhenInsecureAllowed(spec)) {
                throw new Rejection(Reason.INSECURE_PARAMETERS,
                        "parameters are below the 128-bit security bound (smile.allow-insecure-test-parameters=false)");
            }
            throw new Rejection(Reason.BAD_PARAMETERS, e.getMessage());
        }
        if (session.isInsecure() && !allowInsecure) {
            session.close();
            throw new Rejection(Reason.INSECURE_PARAMETERS, "parameters are below the 128-bit security bound");
        }
        return session;
    }

    /** Tells refused-as-insecure from malformed parameters, for the rejection reason. */
    private boolean opensWhenInsecureAllowed(HeParameterSpec spec) {
        try (HeSession s = backend.open(spec.allowingInsecureForTestsOnly().withThreads(1))) {
            return s.isInsecure();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void checkAgainstModels(KeyRegistration reg, HeSession session) throws Rejection {
        ScoringPlan plan = ScoringPlan.forSession(session);
        if (session.maxLevel() < plan.minInputLevel()) {
            throw new Rejection(Reason.MODEL_MISMATCH, "parameters have " + session.maxLevel()
                    + " levels; the scoring plan needs " + plan.minInputLevel());
        }
        for (ModelRegistry.LoadedModel m : models.all()) {
            QuantizedModel q = m.model();
            if (q.encoding().blockSize() != reg.blockSize()) {
                throw new Rejection(Reason.MODEL_MISMATCH, "block size " + reg.blockSize() + " differs from model "
                        + m.id() + "'s " + q.encoding().blockSize());
            }
            if (q.plainModulus() != session.plainModulus()) {
                throw new Rejection(Reason.MODEL_MISMATCH, "plaintext modulus differs from model " + m.id() + "'s");
            }
            if (session.rowSize() % reg.blockSize() != 0) {
                throw new Rejection(Reason.MODEL_MISMATCH, "block size does not divide the row size");
            }
        }
    }

    /** Closes every session (shutdown). */
    @Override
    public void close() {
        sessions.closeAll();
    }

    /** Carries a {@link Rejection} out of the pool's opener, which cannot throw checked exceptions. */
    private static final class RejectionCarrier extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Rejection rejection;

        RejectionCarrier(Rejection rejection) {
            super(null, null, false, false);
            this.rejection = rejection;
        }
    }
}

package io.smile.he.bgv.api;

import io.smile.he.api.HePlaintext;
import io.smile.he.bgv.Evaluator;

/** A handle around an engine {@link Evaluator.PreparedPlaintext}. */
final class BgvHePlaintext implements HePlaintext {
    private final Evaluator.PreparedPlaintext prepared;
    private final long fingerprint;

    BgvHePlaintext(Evaluator.PreparedPlaintext prepared, long fingerprint) {
        this.prepared = prepared;
        this.fingerprint = fingerprint;
    }

    Evaluator.PreparedPlaintext engine() {
        return prepared;
    }

    long fingerprint() {
        return fingerprint;
    }

    @Override
    public int level() {
        return prepared.level();
    }

    @Override
    public String toString() {
        return "HePlaintext(" + BgvBackend.NAME + ", level=" + prepared.level() + ")";
    }
}

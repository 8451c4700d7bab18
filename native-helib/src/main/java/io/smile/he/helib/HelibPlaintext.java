package io.smile.he.helib;

import io.smile.he.api.HePlaintext;

/** Prepared plaintext: the reduced values and the level they serve (HElib encodes per use). */
final class HelibPlaintext implements HePlaintext {
    final long[] values;
    final int level;
    final long fingerprint;

    HelibPlaintext(long[] values, int level, long fingerprint) {
        this.values = values;
        this.level = level;
        this.fingerprint = fingerprint;
    }

    @Override
    public int level() {
        return level;
    }
}

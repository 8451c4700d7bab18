package io.smile.he.bgv;

import io.smile.he.rlwe.KeySwitchKey;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The public evaluation keys a server needs: the relinearization key and Galois keys by Galois
 * element. They reveal nothing about the secret (circular security assumption, as in all BGV
 * libraries) and are sent to the cloud once per gateway.
 */
public final class EvaluationKeys {
    private final long fingerprint;
    private final KeySwitchKey relinearization;
    private final Map<Long, KeySwitchKey> galois;

    public EvaluationKeys(long fingerprint, KeySwitchKey relinearization, Map<Long, KeySwitchKey> galois) {
        this.fingerprint = fingerprint;
        this.relinearization = relinearization;
        this.galois = Collections.unmodifiableMap(new TreeMap<>(galois));
    }

    public long fingerprint() {
        return fingerprint;
    }

    /** May be null if the owner did not generate one. */
    public KeySwitchKey relinearization() {
        return relinearization;
    }

    /** Galois keys by element, in ascending order of element. */
    public Map<Long, KeySwitchKey> galois() {
        return galois;
    }
}

package io.smile.he.multiparty;

import io.smile.he.ring.RingContext;

/**
 * The kinds of protocol messages, with their wire code, round and payload shape. Key-generation
 * shares are at the top level (the keys cover Q*P); PCKS and decryption shares at the level of the
 * ciphertext they belong to.
 */
public enum ShareType {
    /** Collective public key: one polynomial p_i = -a*s_i + t*e_i over Q. */
    CKG(1, 1),
    /** Collective Galois key: one polynomial per digit over Q*P. aux = Galois element. */
    RTG(2, 1),
    /** Relinearization key, round 1: (h0_i digits, then h1_i digits) over Q*P. */
    RKG_ROUND1(3, 1),
    /** Relinearization key, round 2: (h0'_i digits, then h1'_i digits) over Q*P. */
    RKG_ROUND2(4, 2),
    /** Public-key switching: (h0_i, h1_i) over Q_level. aux = 0, or the active-set digest (threshold). */
    PCKS(5, 1),
    /** Collective decryption (key switching to the zero key): one polynomial over Q_level. aux as PCKS. */
    DECRYPT(6, 1),
    /**
     * Threshold setup: a Shamir dealing (one polynomial over Q*P) sealed with AES-256-GCM to its
     * recipient. Party id = dealer, aux = recipient id. Not a {@link Share}: see {@link ThresholdParty}.
     */
    DEALING(7, 1),
    /** Threshold setup: a party's X25519 transport public key (32 bytes). Not a {@link Share}. */
    TRANSPORT_KEY(8, 1);

    private final int code;
    private final int round;

    ShareType(int code, int round) {
        this.code = code;
        this.round = round;
    }

    public int code() {
        return code;
    }

    public int round() {
        return round;
    }

    static ShareType fromCode(int code) {
        for (ShareType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }

    /** True if the share is for key generation (always at the top level, rows over Q or Q*P). */
    boolean isKeyGeneration() {
        return this != PCKS && this != DECRYPT;
    }

    /** True for the threshold setup messages, which are not aggregated shares. */
    boolean isSetup() {
        return this == DEALING || this == TRANSPORT_KEY;
    }

    int polyCount(RingContext ring) {
        switch (this) {
            case CKG:
            case DECRYPT:
            case DEALING:
                return 1;
            case TRANSPORT_KEY:
                return 0;
            case PCKS:
                return 2;
            case RTG:
                return ring.qCount();
            default:
                return 2 * ring.qCount();
        }
    }

    int[] indices(RingContext ring, int level) {
        switch (this) {
            case CKG:
            case PCKS:
            case DECRYPT:
                return ring.qIndices(level);
            default:
                return ring.qpIndices(ring.qCount() - 1);
        }
    }
}

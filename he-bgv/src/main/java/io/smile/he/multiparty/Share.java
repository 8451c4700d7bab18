package io.smile.he.multiparty;

/**
 * One protocol message: a party's share (or, with {@link #COMBINED} as party id, the sum of all
 * parties' shares). Polynomials are in NTT form, rows over the primes given by
 * {@link ShareType#indices}. A shared view: do not modify the arrays.
 */
public final class Share {
    /** Party id of an aggregate (the sum of every party's share). */
    public static final int COMBINED = -1;

    private final ShareType type;
    private final long fingerprint;
    private final int level;
    private final long protocolId;
    private final int partyId;
    private final long aux;
    private final long[][][] polys;

    public Share(ShareType type, long fingerprint, int level, long protocolId, int partyId, long aux, long[][][] polys) {
        this.type = type;
        this.fingerprint = fingerprint;
        this.level = level;
        this.protocolId = protocolId;
        this.partyId = partyId;
        this.aux = aux;
        this.polys = polys;
    }

    public ShareType type() {
        return type;
    }

    public int round() {
        return type.round();
    }

    public long fingerprint() {
        return fingerprint;
    }

    public int level() {
        return level;
    }

    /** Session identifier chosen by the coordinator; every share of one run carries it. */
    public long protocolId() {
        return protocolId;
    }

    public int partyId() {
        return partyId;
    }

    /** Protocol-specific: the Galois element for {@link ShareType#RTG}, otherwise 0. */
    public long aux() {
        return aux;
    }

    public int polyCount() {
        return polys.length;
    }

    public long[][] poly(int i) {
        return polys[i];
    }

    long[][][] polys() {
        return polys;
    }

    @Override
    public String toString() {
        return "Share(" + type + ", level " + level + ", protocol " + protocolId + ", party "
                + (partyId == COMBINED ? "combined" : Integer.toString(partyId)) + ")";
    }
}

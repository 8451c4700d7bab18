package io.smile.he.multiparty;

/**
 * A multiparty protocol message that is not a well-formed share for this parameter set: bad
 * magic, version, type, fingerprint, level, round, length, padding or a coefficient not below
 * its prime. The only exception the decoder throws. When the aggregator knows who sent the
 * bytes, {@link #partyId()} names that party (otherwise -1).
 */
public final class MultipartyFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int partyId;

    public MultipartyFormatException(String message) {
        super(message);
        this.partyId = -1;
    }

    public MultipartyFormatException(int partyId, String message, Throwable cause) {
        super("share from party " + partyId + ": " + message, cause);
        this.partyId = partyId;
    }

    /** The sending party, or -1 if unknown. */
    public int partyId() {
        return partyId;
    }
}

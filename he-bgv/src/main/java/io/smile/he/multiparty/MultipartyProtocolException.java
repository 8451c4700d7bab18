package io.smile.he.multiparty;

import java.util.List;

/**
 * A well-formed share that does not belong where it was offered (wrong type, level, parameter
 * fingerprint, round, protocol id or Galois element; a duplicate, an unknown sender, a sender
 * claiming another party's id), or an aggregation attempted while parties are missing. The
 * message and {@link #parties()} name the parties concerned.
 */
public final class MultipartyProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final List<Integer> parties;

    public MultipartyProtocolException(List<Integer> parties, String message) {
        super(message);
        this.parties = List.copyOf(parties);
    }

    public List<Integer> parties() {
        return parties;
    }
}

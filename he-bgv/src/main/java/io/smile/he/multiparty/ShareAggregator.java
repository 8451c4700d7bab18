package io.smile.he.multiparty;

import io.smile.he.bgv.BgvContext;
import io.smile.he.ring.RingContext;
import io.smile.he.ring.RnsOps;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Collects the shares of one protocol step from a fixed set of parties and sums them
 * (n-out-of-n: every party must contribute). It refuses, naming the party, a share that does not
 * decode ({@link MultipartyFormatException}) and a well-formed share of the wrong type, round,
 * level, parameter fingerprint, protocol id or Galois element, from an unknown party, claiming
 * another party's id, or a second share from the same party ({@link MultipartyProtocolException}).
 * {@link #combine()} refuses while any party is missing and names the missing ones.
 *
 * <p>What it cannot do: tell a correct share from a well-formed wrong one. A party that sends
 * garbage of the right shape corrupts the result undetectably; detecting that needs
 * zero-knowledge proofs of correct share computation, which are not implemented.
 */
public final class ShareAggregator {
    private final BgvContext ctx;
    private final ShareCodec codec;
    private final ShareType type;
    private final int level;
    private final long protocolId;
    private final long aux;
    private final Set<Integer> expected;
    private final TreeMap<Integer, Share> received = new TreeMap<>();

    public ShareAggregator(BgvContext ctx, ShareType type, int level, long protocolId, long aux,
                           Collection<Integer> parties) {
        if (parties.isEmpty()) {
            throw new IllegalArgumentException("no parties");
        }
        if (type.isSetup()) {
            throw new IllegalArgumentException(type + " messages are not aggregated");
        }
        if (type.isKeyGeneration() && level != ctx.parameters().maxLevel()) {
            throw new IllegalArgumentException(type + " shares are at level " + ctx.parameters().maxLevel());
        }
        this.ctx = ctx;
        this.codec = new ShareCodec(ctx);
        this.type = type;
        this.level = level;
        this.protocolId = protocolId;
        this.aux = aux;
        this.expected = new TreeSet<>(parties);
        for (int p : expected) {
            if (p < 0) {
                throw new IllegalArgumentException("party ids are non-negative, got " + p);
            }
        }
    }

    /** Aggregator for a key-generation step (top level). */
    public static ShareAggregator forKeys(BgvContext ctx, ShareType type, long protocolId, long aux,
                                          Collection<Integer> parties) {
        return new ShareAggregator(ctx, type, ctx.parameters().maxLevel(), protocolId, aux, parties);
    }

    /**
     * Aggregator for a threshold (t-out-of-n) decryption or PCKS run with active set T: it expects a
     * share from every member of T (only them) carrying T's digest in the aux field, so shares
     * computed for another active set, or n-out-of-n shares (aux 0), are refused.
     */
    public static ShareAggregator forActiveSet(BgvContext ctx, ShareType type, int level, long protocolId,
                                               ActiveSet set) {
        if (type != ShareType.DECRYPT && type != ShareType.PCKS) {
            throw new IllegalArgumentException("threshold runs exist for DECRYPT and PCKS, not " + type);
        }
        return new ShareAggregator(ctx, type, level, protocolId, set.digest(), set.ids());
    }

    /** Decodes and adds the message received from {@code sender} (the authenticated channel's peer). */
    public void add(int sender, byte[] message) {
        Share s;
        try {
            s = codec.decode(message);
        } catch (MultipartyFormatException e) {
            throw new MultipartyFormatException(sender, e.getMessage(), e);
        }
        add(sender, s);
    }

    public void add(int sender, Share s) {
        String who = "share from party " + sender;
        if (!expected.contains(sender)) {
            throw refuse(sender, who + ": not a participant of this protocol (parties " + expected + ")");
        }
        if (s.partyId() != sender) {
            throw refuse(sender, who + " claims to be from party " + s.partyId());
        }
        if (received.containsKey(sender)) {
            throw refuse(sender, who + ": duplicate, this party already contributed");
        }
        if (s.fingerprint() != ctx.parameters().fingerprint()) {
            throw refuse(sender, who + ": parameter fingerprint " + Long.toHexString(s.fingerprint())
                    + ", expected " + Long.toHexString(ctx.parameters().fingerprint()));
        }
        if (s.type() != type) {
            throw refuse(sender, who + ": type " + s.type() + ", expected " + type);
        }
        if (s.round() != type.round()) {
            throw refuse(sender, who + ": round " + s.round() + ", expected " + type.round());
        }
        if (s.level() != level) {
            throw refuse(sender, who + ": level " + s.level() + ", expected " + level);
        }
        if (s.protocolId() != protocolId) {
            throw refuse(sender, who + ": protocol id " + s.protocolId() + ", expected " + protocolId);
        }
        if (s.aux() != aux) {
            throw refuse(sender, who + ": aux (Galois element or active-set digest) " + s.aux() + ", expected " + aux);
        }
        try {
            codec.checkShape(s);
        } catch (IllegalArgumentException e) {
            throw refuse(sender, who + ": " + e.getMessage());
        }
        received.put(sender, s);
    }

    private static MultipartyProtocolException refuse(int party, String message) {
        return new MultipartyProtocolException(List.of(party), message);
    }

    public boolean isComplete() {
        return received.keySet().equals(expected);
    }

    public Set<Integer> missing() {
        Set<Integer> m = new TreeSet<>(expected);
        m.removeAll(received.keySet());
        return m;
    }

    /** The sum of all parties' shares, as a share with party id {@link Share#COMBINED}. */
    public Share combine() {
        Set<Integer> missing = missing();
        if (!missing.isEmpty()) {
            throw new MultipartyProtocolException(new ArrayList<>(missing), "cannot combine " + type
                    + " shares of protocol " + protocolId + ": missing the share of part"
                    + (missing.size() == 1 ? "y " : "ies ") + missing + " (all " + expected.size() + " are required)");
        }
        RingContext ring = ctx.ring();
        int[] idx = type.indices(ring, level);
        int count = type.polyCount(ring);
        long[][][] sum = new long[count][][];
        boolean first = true;
        for (Share s : received.values()) {
            for (int k = 0; k < count; k++) {
                if (first) {
                    sum[k] = RnsOps.copy(s.poly(k));
                } else {
                    RnsOps.add(ring, sum[k], s.poly(k), sum[k], idx);
                }
            }
            first = false;
        }
        return new Share(type, ctx.parameters().fingerprint(), level, protocolId, Share.COMBINED, aux, sum);
    }
}

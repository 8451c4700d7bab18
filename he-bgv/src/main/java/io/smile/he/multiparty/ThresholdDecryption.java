package io.smile.he.multiparty;

import io.smile.he.bgv.BgvContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Coordinator side of one threshold decryption or PCKS of one ciphertext, transport-agnostic. It
 * picks an active set T of t responsive parties, aggregates their shares, and on a dropout picks
 * a new set T' among the parties not known to have failed. Shares for T are useless for T' (the
 * Lagrange weights depend on the set, and the digest in the aux field differs), so every member of
 * T' must be asked again: a dropout costs one extra round for |T'| = t parties. They are asked for
 * a re-randomized copy ct' = ct + Enc(0) (a new c1), since a {@link ThresholdParty} refuses a second
 * active set for the same c1 (the share-reuse guard); decrypt ct' with the retry's shares.
 *
 * <pre>
 *   ThresholdDecryption run = new ThresholdDecryption(ctx, ShareType.DECRYPT, ct.level(), t, allIds);
 *   ActiveSet set = run.start(pid, online);         // ask set.ids() for shares under pid
 *   ... run.add(sender, bytes) for each answer ...
 *   if (!run.isComplete()) set = run.retry(pid2);   // after a timeout: drops run.missing(), asks set.ids()
 *                                                    // again, for ct = ct + Enc(0)
 *   Plaintext m = Collective.decrypt(ctx, ct, run.combine());
 * </pre>
 * Choose the smudging width for {@code set.size()} parties. Not thread-safe.
 */
public final class ThresholdDecryption {
    private final BgvContext ctx;
    private final ShareType type;
    private final int level;
    private final int threshold;
    private final Set<Integer> parties;
    private final Set<Integer> responsive = new TreeSet<>();
    private final Set<Integer> failed = new TreeSet<>();
    private final Set<Integer> answeredBefore = new TreeSet<>();
    private ActiveSet current;
    private long protocolId;
    private ShareAggregator aggregator;

    public ThresholdDecryption(BgvContext ctx, ShareType type, int level, int threshold, Collection<Integer> parties) {
        if (type != ShareType.DECRYPT && type != ShareType.PCKS) {
            throw new IllegalArgumentException("threshold runs exist for DECRYPT and PCKS, not " + type);
        }
        this.parties = new TreeSet<>(parties);
        if (threshold < 1 || threshold > this.parties.size()) {
            throw new IllegalArgumentException("threshold " + threshold + " outside [1, " + this.parties.size() + "]");
        }
        this.ctx = ctx;
        this.type = type;
        this.level = level;
        this.threshold = threshold;
    }

    /**
     * Starts the run with the parties the transport currently sees as online and returns the active
     * set to request shares from (under {@code protocolId}).
     */
    public ActiveSet start(long protocolId, Collection<Integer> online) {
        if (current != null) {
            throw new IllegalStateException("run already started; use retry after a dropout");
        }
        for (int id : online) {
            if (!parties.contains(id)) {
                throw new IllegalArgumentException("party " + id + " is not one of " + parties);
            }
        }
        responsive.addAll(online);
        return pick(protocolId);
    }

    /**
     * After a timeout: marks the members of the current set that did not answer as failed and picks
     * a new active set (preferring parties that did answer), to be asked again under a fresh
     * {@code protocolId}. Throws {@link MultipartyProtocolException} naming the unavailable parties
     * if fewer than t remain.
     */
    public ActiveSet retry(long newProtocolId) {
        if (current == null) {
            throw new IllegalStateException("run not started");
        }
        if (newProtocolId == protocolId) {
            throw new IllegalArgumentException("use a fresh protocol id for the new active set");
        }
        Set<Integer> missing = aggregator.missing();
        answeredBefore.addAll(current.ids());
        answeredBefore.removeAll(missing);
        failed.addAll(missing);
        return pick(newProtocolId);
    }

    /** Excludes a party from later sets (e.g. it sent bytes that do not decode); call retry next. */
    public void exclude(int party) {
        failed.add(party);
    }

    private ActiveSet pick(long pid) {
        List<Integer> candidates = new ArrayList<>();
        for (int id : answeredBefore) {
            if (responsive.contains(id) && !failed.contains(id)) {
                candidates.add(id);
            }
        }
        for (int id : responsive) {
            if (!failed.contains(id) && !candidates.contains(id)) {
                candidates.add(id);
            }
        }
        if (candidates.size() < threshold) {
            Set<Integer> unavailable = new TreeSet<>(parties);
            unavailable.removeAll(candidates);
            throw new MultipartyProtocolException(new ArrayList<>(unavailable), "threshold " + type + " needs "
                    + threshold + " of " + parties.size() + " parties but only " + candidates.size()
                    + " are available " + new TreeSet<>(candidates) + "; not responding or failed: " + unavailable);
        }
        current = new ActiveSet(candidates.subList(0, threshold));
        protocolId = pid;
        aggregator = ShareAggregator.forActiveSet(ctx, type, level, pid, current);
        return current;
    }

    public ActiveSet activeSet() {
        return current;
    }

    public long protocolId() {
        return protocolId;
    }

    /** Adds an answer for the current set (see {@link ShareAggregator#add(int, byte[])}). */
    public void add(int sender, byte[] message) {
        aggregator.add(sender, message);
    }

    public void add(int sender, Share share) {
        aggregator.add(sender, share);
    }

    /** Members of the current set that have not answered yet. */
    public Set<Integer> missing() {
        return aggregator.missing();
    }

    public boolean isComplete() {
        return aggregator.isComplete();
    }

    /** Parties excluded so far (timed out or excluded). */
    public Set<Integer> failed() {
        return Collections.unmodifiableSet(failed);
    }

    /** The combined share of the current set; names the missing members if incomplete. */
    public Share combine() {
        return aggregator.combine();
    }
}

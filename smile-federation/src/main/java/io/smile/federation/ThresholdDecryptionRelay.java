package io.smile.federation;

import io.smile.he.bgv.Ciphertext;
import io.smile.he.multiparty.ActiveSet;
import io.smile.he.multiparty.Collective;
import io.smile.he.multiparty.ShareAggregator;
import io.smile.he.multiparty.ShareType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Coordinator, each round after the contributions close: the round's one aggregate (fixed from now
 * on, bound by its hash), and its threshold decryption by a set T of t members. Attempt k decrypts
 * ct_k = aggregate + Enc_pk(0; ρ_k) with ρ_k expanded from the aggregate hash, r and k
 * ({@link AttemptCiphertexts}); the coordinator derives ct_k exactly as every member does and never
 * sends it. Retries change only the decrypting set and k, never the contributions: members of T
 * that miss the deadline are marked unresponsive and a new attempt asks any t responsive members,
 * including ones that answered an earlier attempt (a different c1 each time, so two of one member's
 * shares do not expose its key share). At most {@link FederationParameters#MAX_DECRYPTION_ATTEMPTS}
 * attempts per round. Every attempt's shares are kept, so a late share still completes its attempt;
 * if fewer than t responsive members remain, the round waits for late shares until one more
 * deadline, then fails naming the silent members. The first attempt to complete is released, with
 * its signed shares.
 */
final class ThresholdDecryptionRelay {
    static final int MAX_ATTEMPTS = FederationParameters.MAX_DECRYPTION_ATTEMPTS;

    /** One decrypting set of the round, the ciphertexts it decrypts (ct_k) and the shares it has sent. */
    private static final class Attempt {
        final SortedSet<Integer> decryptors;
        final List<Ciphertext> ciphertexts;
        final List<ShareAggregator> combiners = new ArrayList<>();
        final SortedMap<Integer, byte[]> signedShares = new TreeMap<>();

        Attempt(SortedSet<Integer> decryptors, List<Ciphertext> ciphertexts) {
            this.decryptors = decryptors;
            this.ciphertexts = ciphertexts;
        }

        boolean complete() {
            return combiners.stream().allMatch(ShareAggregator::isComplete);
        }
    }

    private final CoordinatorChannel ch;
    /** Members that did not answer a decryption request since they last contributed. */
    private final Set<Integer> unresponsive = new TreeSet<>();
    /** Members asked in an attempt of this round that have not answered (by the attempt's deadline). */
    private final Set<Integer> silent = new TreeSet<>();
    /** Members that answered an attempt of this round (they may be asked again, for another attempt). */
    private final Set<Integer> answered = new TreeSet<>();
    private final List<Attempt> attempts = new ArrayList<>();
    private List<Integer> contributors = List.of();
    private List<Ciphertext> aggregate;
    private byte[] aggregateBytes;
    private SortedMap<Integer, byte[]> signedContributions;
    private byte[] aggregateHash;
    private boolean waitingForLateShares;
    private int completed = -1;

    ThresholdDecryptionRelay(CoordinatorChannel ch) {
        this.ch = ch;
    }

    void open() {
        aggregate = null;
        aggregateBytes = null;
        signedContributions = null;
        aggregateHash = null;
        contributors = List.of();
        attempts.clear();
        silent.clear();
        answered.clear();
        waitingForLateShares = false;
        completed = -1;
    }

    /** A member that contributes is asked to decrypt again. */
    void contributed(int member) {
        unresponsive.remove(member);
    }

    /** Fixes the round's aggregate and asks the first decrypting set; false (the run failed) if it cannot. */
    boolean request(int round, RoundContributions contributions) {
        if (contributions.size() < ch.minContributors) {
            ch.fail(String.format("round %d: only %d contribution(s) from %s by the deadline, at least %d required", round,
                    contributions.size(), contributions.contributors(), ch.minContributors));
            return false;
        }
        contributors = contributions.contributors();
        Ciphertext[] sum = contributions.sum();
        aggregate = List.of(sum);
        List<byte[]> aggBytes = new ArrayList<>();
        for (Ciphertext c : sum) {
            aggBytes.add(ch.ser.writeCiphertext(c));
        }
        aggregateBytes = Payloads.list(aggBytes);
        signedContributions = contributions.signedByMember();
        aggregateHash = contributions.aggregateHash(round);
        SortedSet<Integer> set = pick();
        if (set.size() < ch.threshold) {
            List<Integer> unavailable = new ArrayList<>(ch.members);
            unavailable.removeAll(set);
            ch.fail(String.format("round %d: threshold decryption needs t = %d of %d members but only %d are responsive %s; "
                    + "not responding: %s", round, ch.threshold, ch.members.size(), set.size(), set, unavailable));
            return false;
        }
        ask(round, set);
        return true;
    }

    /** t members not known to be unresponsive, those that answered this round first, then contributors. */
    private SortedSet<Integer> pick() {
        LinkedHashSet<Integer> order = new LinkedHashSet<>(answered);
        order.addAll(contributors);
        order.addAll(ch.members);
        SortedSet<Integer> set = new TreeSet<>();
        for (int m : order) {
            if (set.size() < ch.threshold && !unresponsive.contains(m) && !silent.contains(m)) {
                set.add(m);
            }
        }
        return set;
    }

    private void ask(int round, SortedSet<Integer> set) {
        int a = attempts.size();
        Attempt at = new Attempt(set, AttemptCiphertexts.of(ch.ctx, ch.publicKey, aggregate, aggregateHash, round, a));
        ActiveSet active = new ActiveSet(set);
        for (int i = 0; i < aggregate.size(); i++) {
            at.combiners.add(ShareAggregator.forActiveSet(ch.ctx, ShareType.DECRYPT, at.ciphertexts.get(i).level(),
                    Topics.decryptionProtocol(round, a, i), active));
        }
        attempts.add(at);
        Payloads.Aggregate p = new Payloads.Aggregate(List.copyOf(set), signedContributions, aggregateBytes, a);
        ch.publish(ch.topics.aggregate(round), Envelope.Kind.AGGREGATE, round, a, aggregateHash, Payloads.aggregate(p));
    }

    /**
     * Decryption deadline: marks the silent members of every attempt, then asks t fresh members, or
     * waits once more for late shares, or fails naming the silent members. False if the run failed.
     */
    boolean retry(int round) {
        Set<Integer> newlySilent = new TreeSet<>();
        for (Attempt at : attempts) {
            for (int m : at.decryptors) {
                // silent for this attempt, even if it answered an earlier one
                if (!at.signedShares.containsKey(m) && silent.add(m)) {
                    newlySilent.add(m);
                }
            }
        }
        unresponsive.addAll(newlySilent);
        SortedSet<Integer> next = pick();
        if (next.size() >= ch.threshold && attempts.size() < MAX_ATTEMPTS) {
            ch.log.accept("coordinator: round " + round + ": no decryption share from member(s) " + silent
                    + " by the deadline (refused or offline); asking " + next + " (same aggregate, re-randomized as attempt "
                    + attempts.size() + ")");
            ask(round, next);
            return true;
        }
        if (!waitingForLateShares) {
            waitingForLateShares = true;
            ch.log.accept("coordinator: round " + round + ": no decryption share from member(s) " + silent
                    + " and fewer than t = " + ch.threshold + " responsive members left (or no attempt left of " + MAX_ATTEMPTS
                    + "); waiting for late shares");
            return true;
        }
        ch.fail(String.format("round %d: threshold decryption needs t = %d of %d members; answered %s, "
                + "not responding: %s, no other member (or attempt) left to ask", round, ch.threshold, ch.members.size(), answered, silent));
        return false;
    }

    /**
     * One member's signed decryption shares (one per ciphertext) for an attempt of this round; true once
     * an attempt is complete (then {@link #decrypt} releases it).
     */
    boolean onShares(int sender, Envelope e) {
        if (e.attempt() >= attempts.size()) {
            throw new IllegalArgumentException("decryption share for attempt " + e.attempt() + ", which was never asked");
        }
        if (!e.dependsOn(aggregateHash)) {
            throw new IllegalArgumentException("decryption share for another aggregate than this round's");
        }
        Attempt at = attempts.get(e.attempt());
        if (!at.decryptors.contains(sender)) {
            throw new IllegalArgumentException("member " + sender + " is not in the decrypting set " + at.decryptors
                    + " of attempt " + e.attempt());
        }
        List<byte[]> shares = Payloads.readList(e.payload());
        if (shares.size() != at.combiners.size()) {
            throw new IllegalArgumentException(shares.size() + " decryption shares, expected " + at.combiners.size());
        }
        for (int i = 0; i < shares.size(); i++) {
            at.combiners.get(i).add(sender, shares.get(i));
        }
        at.signedShares.put(sender, e.encode());
        answered.add(sender);
        unresponsive.remove(sender);
        if (at.complete() && completed < 0) {
            completed = e.attempt();
            return true;
        }
        return false;
    }

    /** The decrypted sum of the completed attempt, cut to {@code width}. */
    long[] decrypt(int width) {
        Attempt at = attempts.get(completed);
        int slots = ch.ctx.parameters().slotCount();
        long[] all = new long[aggregate.size() * slots];
        for (int i = 0; i < aggregate.size(); i++) {
            long[] dec = ch.ctx.encoder().decode(Collective.decrypt(ch.ctx, at.ciphertexts.get(i), at.combiners.get(i).combine()));
            System.arraycopy(dec, 0, all, i * slots, slots);
        }
        return Arrays.copyOf(all, width);
    }

    /** The released attempt's signed shares, for the RESULT. */
    SortedMap<Integer, byte[]> releasedShares() {
        return new TreeMap<>(attempts.get(completed).signedShares);
    }

    int releasedAttempt() {
        return completed;
    }

    byte[] aggregateHash() {
        return aggregateHash.clone();
    }

    List<Integer> decryptors() {
        return List.copyOf(attempts.get(completed).decryptors);
    }

    /** Members asked in this round that did not answer by their attempt's deadline. */
    List<Integer> dropped() {
        return List.copyOf(silent);
    }

    int attempts() {
        return attempts.size();
    }
}

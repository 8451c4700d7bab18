package io.smile.federation;

import io.smile.he.bgv.Ciphertext;
import io.smile.he.multiparty.ActiveSet;
import io.smile.he.multiparty.Collective;
import io.smile.he.multiparty.ShareAggregator;
import io.smile.he.multiparty.ShareType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Coordinator, each round after the contributions close: picks the decrypting set T, broadcasts
 * the sum with the contributions it was made of, collects T's decryption shares and decrypts. T is
 * the contributors (each must be able to object to a forged entry under its id), padded up to t
 * with other members not known to be unresponsive. Members of T that miss the deadline are dropped
 * with their contributions and the new sum goes to a new set (another attempt); the round fails,
 * naming them, once fewer than t (or fewer than {@code minContributors} contributors) remain.
 */
final class ThresholdDecryptionRelay {
    static final int MAX_ATTEMPTS = 256;

    private final CoordinatorChannel ch;
    /** Members that did not answer a decryption request since they last contributed. */
    private final Set<Integer> unresponsive = new TreeSet<>();
    private final List<Integer> dropped = new ArrayList<>();
    private SortedSet<Integer> decryptors;
    private int attempt;
    private List<Ciphertext> aggregate;
    private List<ShareAggregator> combiners;

    ThresholdDecryptionRelay(CoordinatorChannel ch) {
        this.ch = ch;
    }

    void open() {
        aggregate = null;
        combiners = null;
        decryptors = null;
        dropped.clear();
        attempt = 0;
    }

    /** A member that contributes is asked to decrypt again. */
    void contributed(int member) {
        unresponsive.remove(member);
    }

    /** Sums the contributions and asks the decrypting set for shares; false (the run failed) if it cannot. */
    boolean request(int round, RoundContributions contributions) {
        if (contributions.size() < ch.minContributors) {
            ch.fail(String.format("round %d: only %d contribution(s) from %s%s, at least %d required", round,
                    contributions.size(), contributions.contributors(), dropped.isEmpty() ? " by the deadline"
                            : " after member(s) " + dropped + " stopped answering", ch.minContributors));
            return false;
        }
        SortedSet<Integer> set = new TreeSet<>(contributions.contributors());
        for (int m : ch.members) {
            if (set.size() >= ch.threshold) {
                break;
            }
            if (!unresponsive.contains(m)) {
                set.add(m);
            }
        }
        if (set.size() < ch.threshold) {
            List<Integer> unavailable = new ArrayList<>(ch.members);
            unavailable.removeAll(set);
            ch.fail(String.format("round %d: threshold decryption needs t = %d of %d members but only %d are responsive %s; "
                    + "not responding: %s", round, ch.threshold, ch.members.size(), set.size(), set, unavailable));
            return false;
        }
        Ciphertext[] sum = contributions.sum();
        aggregate = List.of(sum);
        decryptors = set;
        ActiveSet active = new ActiveSet(set);
        List<byte[]> aggBytes = new ArrayList<>();
        combiners = new ArrayList<>();
        for (int i = 0; i < sum.length; i++) {
            aggBytes.add(ch.ser.writeCiphertext(sum[i]));
            combiners.add(ShareAggregator.forActiveSet(ch.ctx, ShareType.DECRYPT, sum[i].level(),
                    Topics.decryptionProtocol(round, attempt, i), active));
        }
        Payloads.Aggregate a = new Payloads.Aggregate(List.copyOf(set), contributions.byMember(),
                Payloads.list(aggBytes), attempt);
        ch.publish(ch.topics.aggregate(round), Envelope.Kind.AGGREGATE, round, Payloads.aggregate(a));
        return true;
    }

    /**
     * Decryption deadline: drops the members of T that did not answer (and their contributions) and
     * tries a new set; false (the run failed) if that cannot be done.
     */
    boolean retry(int round, RoundContributions contributions) {
        Set<Integer> silent = new TreeSet<>();
        combiners.forEach(c -> silent.addAll(c.missing()));
        ch.log.accept("coordinator: round " + round + ": no decryption share from member(s) " + silent
                + " by the deadline (refused or offline); dropping them and retrying");
        if (attempt + 1 >= MAX_ATTEMPTS) {
            ch.fail("round " + round + ": too many decryption attempts");
            return false;
        }
        unresponsive.addAll(silent);
        dropped.addAll(silent);
        contributions.drop(silent);
        attempt++;
        return request(round, contributions);
    }

    /** One member's decryption shares (one per ciphertext); true once every member of T has answered. */
    boolean onShares(int sender, byte[] payload) {
        List<byte[]> shares = Payloads.readList(payload);
        if (shares.size() != combiners.size()) {
            throw new IllegalArgumentException(shares.size() + " decryption shares, expected " + combiners.size());
        }
        for (int i = 0; i < shares.size(); i++) {
            combiners.get(i).add(sender, shares.get(i));
        }
        return combiners.stream().allMatch(ShareAggregator::isComplete);
    }

    /** The decrypted sum, cut to {@code width}. */
    long[] decrypt(int width) {
        int slots = ch.ctx.parameters().slotCount();
        long[] all = new long[aggregate.size() * slots];
        for (int i = 0; i < aggregate.size(); i++) {
            long[] dec = ch.ctx.encoder().decode(Collective.decrypt(ch.ctx, aggregate.get(i), combiners.get(i).combine()));
            System.arraycopy(dec, 0, all, i * slots, slots);
        }
        return Arrays.copyOf(all, width);
    }

    List<Integer> decryptors() {
        return List.copyOf(decryptors);
    }

    List<Integer> dropped() {
        return List.copyOf(dropped);
    }

    int attempts() {
        return attempt + 1;
    }
}

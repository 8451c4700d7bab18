package io.smile.federation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Runs federated jobs on plaintext sums in one thread: the reference the encrypted runtime must
 * match exactly (BGV sums are exact while members × maxAbsValue &lt; t/2), and a fast way to sweep
 * job settings. No privacy: every contribution is visible here. It checks the runtime's contract:
 * fixed width, |entry| ≤ maxAbsValue, and every member (and the observer) agreeing on the end.
 */
public final class PlainSums {
    private PlainSums() {
    }

    /** The released sums in round order, and whether the job ended (rather than hitting the round limit). */
    public record Released(List<long[]> sums, boolean finished) {
    }

    /** Returns the released sums by round; throws if the job has not ended after {@code maxRounds}. */
    public static List<long[]> run(List<? extends FederatedJob> members, FederatedJob publicJob, int maxRounds) {
        Released r = release(members, publicJob, maxRounds, null);
        if (!r.finished()) {
            throw new IllegalStateException("job not finished after " + maxRounds + " rounds");
        }
        return r.sums();
    }

    /**
     * Runs up to {@code maxRounds} rounds. {@code observer} (a row-less public instance, as the
     * coordinator holds; may be null) only follows the sums; {@code onRelease} (may be null) sees
     * each (round, sum). Members get copies, so no job can alter what another one sees.
     */
    public static Released release(List<? extends FederatedJob> members, FederatedJob observer, int maxRounds,
                                   BiConsumer<Integer, long[]> onRelease) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no members");
        }
        int width = members.get(0).width();
        List<long[]> sums = new ArrayList<>();
        long[] previous = null;
        for (int round = 0; round < maxRounds; round++) {
            long[] sum = new long[width];
            for (FederatedJob j : members) {
                if (j.width() != width) {
                    throw new IllegalStateException("members disagree on the width");
                }
                long[] c = j.contribution(round, previous == null ? null : previous.clone());
                if (c == null) {
                    continue; // sits this round out
                }
                if (c.length != width) {
                    throw new IllegalStateException(j.name() + " contributed " + c.length + " entries, expected " + width);
                }
                for (int i = 0; i < width; i++) {
                    if (Math.abs(c[i]) > j.maxAbsValue()) {
                        throw new IllegalStateException("entry " + i + " of a contribution exceeds maxAbsValue " + j.maxAbsValue());
                    }
                    sum[i] = Math.addExact(sum[i], c[i]);
                }
            }
            sums.add(sum.clone());
            if (onRelease != null) {
                onRelease.accept(round, sum.clone());
            }
            boolean finished = members.get(0).finished(round, sum.clone());
            for (FederatedJob j : members) {
                if (j != members.get(0) && j.finished(round, sum.clone()) != finished) {
                    throw new IllegalStateException("members disagree on whether round " + round + " ends the job");
                }
            }
            if (observer != null && observer.finished(round, sum.clone()) != finished) {
                throw new IllegalStateException("the observer disagrees on whether round " + round + " ends the job");
            }
            if (finished) {
                return new Released(sums, true);
            }
            previous = Arrays.copyOf(sum, width);
        }
        return new Released(sums, false);
    }
}

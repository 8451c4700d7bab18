package io.smile.federation;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs federated jobs on plaintext sums in one thread: the reference the encrypted runtime must
 * match exactly (BGV sums are exact while members × maxAbsValue &lt; t/2), and a fast way to sweep
 * job settings. No privacy: every contribution is visible here.
 */
public final class PlainSums {
    private PlainSums() {
    }

    /** Returns the released sums by round. */
    public static List<long[]> run(List<? extends FederatedJob> members, FederatedJob publicJob, int maxRounds) {
        List<long[]> sums = new ArrayList<>();
        long[] previous = null;
        for (int round = 0; round < maxRounds; round++) {
            long[] sum = new long[publicJob.width()];
            for (FederatedJob j : members) {
                long[] c = j.contribution(round, previous);
                if (c == null) {
                    continue;
                }
                for (int i = 0; i < sum.length; i++) {
                    if (Math.abs(c[i]) > j.maxAbsValue()) {
                        throw new IllegalStateException("contribution entry above maxAbsValue");
                    }
                    sum[i] = Math.addExact(sum[i], c[i]);
                }
            }
            sums.add(sum);
            boolean finished = publicJob.finished(round, sum);
            for (FederatedJob j : members) {
                if (j.finished(round, sum) != finished) {
                    throw new IllegalStateException("members disagree on the end of the job");
                }
            }
            if (finished) {
                return sums;
            }
            previous = sum;
        }
        throw new IllegalStateException("job not finished after " + maxRounds + " rounds");
    }
}

package io.smile.workforce;

import io.smile.federation.FederatedJob;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Runs a {@link FederatedJob} over several in-process member instances by adding their
 * contributions IN PLAINTEXT. No encryption, no network: the exact reference for the encrypted
 * multiparty runtime (collective BGV key, threshold decryption over MQTT, {@code LocalFederation}),
 * used by the tests and by {@code kmeans --plain}, and checks the same contract: fixed width, |entry| ≤ maxAbsValue, and
 * all members agreeing on when the job ends.
 */
public final class InProcessSumHarness {
    private InProcessSumHarness() {
    }

    /** Label printed by the command so nobody mistakes this for the encrypted runtime. */
    public static final String LABEL = "in-process plaintext-sum harness (NO encryption; without --plain the encrypted MQTT runtime runs the same job)";

    /**
     * Runs the job to its end (or {@code roundLimit} rounds) and returns the released sums, in
     * round order. {@code onRelease} sees each (round, sum).
     */
    public static List<long[]> run(List<? extends FederatedJob> members, int roundLimit, BiConsumer<Integer, long[]> onRelease) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("no members");
        }
        int width = members.get(0).width();
        List<long[]> released = new ArrayList<>();
        long[] previous = null;
        for (int round = 0; round < roundLimit; round++) {
            long[] sum = new long[width];
            for (FederatedJob m : members) {
                if (m.width() != width) {
                    throw new IllegalStateException("members disagree on the width");
                }
                long[] c = m.contribution(round, previous == null ? null : previous.clone());
                if (c.length != width) {
                    throw new IllegalStateException(m.name() + " contributed " + c.length + " entries, expected " + width);
                }
                for (int i = 0; i < width; i++) {
                    if (Math.abs(c[i]) > m.maxAbsValue()) {
                        throw new IllegalStateException("entry " + i + " of a contribution exceeds maxAbsValue " + m.maxAbsValue());
                    }
                    sum[i] = Math.addExact(sum[i], c[i]);
                }
            }
            released.add(sum.clone());
            if (onRelease != null) {
                onRelease.accept(round, sum.clone());
            }
            boolean first = members.get(0).finished(round, sum.clone());
            for (FederatedJob m : members) {
                if (m.finished(round, sum.clone()) != first) {
                    throw new IllegalStateException("members disagree on whether round " + round + " ends the job");
                }
            }
            if (first) {
                return released;
            }
            previous = Arrays.copyOf(sum, width);
        }
        return released;
    }
}

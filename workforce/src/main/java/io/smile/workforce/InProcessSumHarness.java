package io.smile.workforce;

import io.smile.federation.FederatedJob;
import io.smile.federation.PlainSums;
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
        return PlainSums.release(members, null, roundLimit, onRelease).sums();
    }
}

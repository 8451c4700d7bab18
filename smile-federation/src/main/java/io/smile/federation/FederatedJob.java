package io.smile.federation;

/**
 * A federated computation made of rounds of secure sums. Every member runs its own instance over
 * its own private data. In each round each member contributes a vector of {@link #width()} signed
 * integers; the federation adds them under encryption and a threshold of members decrypts only
 * the sum, which is then released to every member (and to the coordinator). The released sums are
 * all a member ever learns of the others' data, so a job's next contribution may depend only on
 * its private data and on the sums released so far.
 *
 * <p>{@link #finished} must be a deterministic function of the released sums, so that every
 * member and the coordinator agree on when the job ends without further messages.
 */
public interface FederatedJob {
    /** Short name for logs and topics, e.g. {@code pdm-training}. */
    String name();

    /** Number of integers per contribution; fixed for the whole job. */
    int width();

    /**
     * Bound on |value| of every entry of one member's contribution (noise included). The runtime
     * refuses a contribution above it and checks that members × bound fits the plaintext modulus.
     */
    long maxAbsValue();

    /**
     * This member's contribution to {@code round} (0-based); {@code previousSum} is null in round 0.
     * Null means the member sits this round out (the runtime then also tolerates members that are
     * late or silent: the released sum covers only the contributors, so a job that needs to know how
     * many contributed must include counts in its contributions).
     */
    long[] contribution(int round, long[] previousSum);

    /** True when the sum released in {@code round} ends the job. */
    boolean finished(int round, long[] sum);
}

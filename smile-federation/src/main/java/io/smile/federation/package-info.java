/**
 * The secure-sum runtime: rounds of sums of the members' integer vectors under multiparty BGV,
 * decrypted t-out-of-n, so that the coordinator (the cloud) and every member learn only the sums.
 *
 * <p>The contract is {@link io.smile.federation.FederatedJob} (what a member contributes each round
 * and when the job ends); hosts find jobs by name through {@link io.smile.federation.FederatedJobFactory}
 * ({@link java.util.ServiceLoader}). {@link io.smile.federation.Coordinator} and
 * {@link io.smile.federation.Member} are the two roles' public faces; each delegates to one
 * package-private class per protocol phase: collective key generation
 * ({@code CollectiveKeyRelay} / {@code MemberKeyGeneration}), the Shamir setup of the threshold
 * decryption ({@code ThresholdSetupRelay} / {@code MemberThresholdSetup}), the round's contributions
 * ({@code RoundContributions} / {@code MemberContribution}) and their threshold decryption and
 * release ({@code ThresholdDecryptionRelay} / {@code AggregateVerifier}, {@code MemberDecryption}; each
 * attempt decrypts {@code AttemptCiphertexts}' public re-randomization of the round's aggregate).
 * {@link io.smile.federation.Envelope}, {@link io.smile.federation.Payloads} and
 * {@link io.smile.federation.Topics} (parsed with {@link io.smile.protocol.mqtt.TopicName}) are the wire format (written and read with smile-protocol's
 * {@link io.smile.protocol.codec}); every message is signed by its author over a transcript hash
 * ({@code Transcript}) and verified against the roster ({@link io.smile.federation.identity}), so the
 * runtime holds against an active coordinator and broker; {@link io.smile.federation.PlainSums} runs
 * a job on plaintext sums (reference and tests), {@link io.smile.federation.LocalFederation} a whole
 * federation in one JVM.
 *
 * <p>May depend on the engine ({@code io.smile.he.*} of he-bgv), on smile-protocol's codec and topic parser, on
 * {@link io.smile.federation.identity} and on {@link io.smile.federation.transport}; not on the jobs ({@code pdm}, other modules), the
 * differential-privacy mechanism ({@code dp}, a job's concern) or the commands ({@code cli}).
 */
package io.smile.federation;

package io.smile.federation;

import static io.smile.federation.ActiveAdversaryTest.attemptsAnswered;
import static io.smile.federation.ActiveAdversaryTest.eachMemberAnsweredEachAttemptAtMostOnce;
import static io.smile.federation.SecureSumRuntimeTest.fed;
import static io.smile.federation.SecureSumRuntimeTest.has;
import static io.smile.federation.SecureSumRuntimeTest.settings;
import static io.smile.federation.ThresholdFederationTest.expected;
import static io.smile.federation.ThresholdFederationTest.jobs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.broker.EmbeddedBroker;
import io.smile.federation.ActiveAdversaryTest.Tap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 follow-up: a decryptor lost mid-round no longer fails the round when n &lt; 2t. Attempt k
 * decrypts the public re-randomization ct_k ({@link AttemptCiphertexts}), so a retry may ask a member
 * that answered attempt 0 again without a second share of one ciphertext; and a coordinator that
 * re-asks an attempt with another set, or goes past the attempt limit, is refused.
 */
class RetryAfterLostDecryptorTest {
    @BeforeAll
    static void startBroker() {
        SecureSumRuntimeTest.broker = EmbeddedBroker.startOnFreePort();
    }

    @AfterAll
    static void stopBroker() {
        SecureSumRuntimeTest.broker.close();
    }

    private static void theShareReuseGuardNeverFired(SecureSumRuntimeTest.Fed f) {
        for (Member m : f.members) {
            assertTrue(m.rejections().stream().noneMatch(r -> r.reason().contains("share reuse")
                    || r.reason().contains("already answered that ciphertext")), "member " + m.id() + ": " + m.rejections());
        }
    }

    @Test
    void aDecryptorThatCrashesInAttempt0IsReplacedAndAttempt1WithAnEarlierDecryptorReleasesTheRound() throws Exception {
        // n = 3, t = 2: T0 = {1, 2}, member 2 crashes right after contributing; T1 = {1, 3} over ct_1, member 1
        // answering its second attempt. Before this change the round failed (no two fresh members were left).
        String name = "retry-crash";
        try (SecureSumRuntimeTest.Fed f = fed(name, jobs(3, 2), 2, 2, settings(5, 4), null);
             Tap shares = new Tap(name, new Topics(name).decryptionShareAll(), new Topics(name).resultAll())) {
            f.configure = m -> {
                if (m.id() == 2) {
                    m.crashForTests(0, true);
                }
            };
            Coordinator.Outcome o = f.run(null);
            assertTrue(o.completed(), o.failure());
            Coordinator.RoundReport r0 = o.rounds().get(0);
            assertEquals(2, r0.attempts());
            assertEquals(List.of(1, 3), r0.decryptors(), "member 1 answered attempt 0 and is asked again");
            assertEquals(List.of(2), r0.dropped());
            assertEquals(List.of(1, 2, 3), r0.contributors(), "the crashed member's contribution stays in the one sum");
            assertArrayEquals(expected(List.of(1, 2, 3), 0), r0.sum(), "the plaintext sum");
            assertEquals(1, shares.of(Envelope.Kind.RESULT, 0).size(), "released once");
            assertEquals(1, shares.of(Envelope.Kind.RESULT, 0).get(0).attempt(), "the release names attempt 1");
            assertEquals(Set.of(0, 1), attemptsAnswered(shares, 0).get(1), "member 1 answered both attempts");
            assertEquals(Set.of(1), attemptsAnswered(shares, 0).get(3));
            eachMemberAnsweredEachAttemptAtMostOnce(shares, 0);
            Coordinator.RoundReport r1 = o.rounds().get(1);
            assertEquals(List.of(2), r1.missing());
            assertArrayEquals(expected(List.of(1, 3), 1), r1.sum());
            for (int i : new int[] {0, 2}) {
                assertArrayEquals(r0.sum(), f.members.get(i).sums().get(0), "every member verified the release over ct_1");
                assertEquals(2, f.members.get(i).sums().size());
            }
            theShareReuseGuardNeverFired(f);
        }
    }

    @Test
    void aDecryptorSilencedByTheTransportIsReplacedAndTheRoundReleases() throws Exception {
        // member 2 stays connected but its decryption shares never reach anyone (a lossy link)
        String name = "retry-silenced";
        try (SecureSumRuntimeTest.Fed f = fed(name, jobs(3, 1), 3, 2, settings(60, 4), null);
             Tap shares = new Tap(name, new Topics(name).decryptionShareAll(), new Topics(name).resultAll())) {
            String filter = new Topics(name).decryptionShareAll();
            f.memberTransport = (id, t) -> id != 2 ? t : TamperingTransport.publishing(t, filter, e -> List.of());
            Coordinator.Outcome o = f.run(null);
            assertTrue(o.completed(), o.failure());
            Coordinator.RoundReport r0 = o.rounds().get(0);
            assertEquals(2, r0.attempts());
            assertEquals(List.of(1, 3), r0.decryptors());
            assertArrayEquals(expected(List.of(1, 2, 3), 0), r0.sum());
            for (Member m : f.members) {
                assertArrayEquals(r0.sum(), m.sums().get(0));
            }
            eachMemberAnsweredEachAttemptAtMostOnce(shares, 0);
            theShareReuseGuardNeverFired(f);
        }
    }

    @Test
    void aCoordinatorThatReAsksTheSameAttemptWithAnotherSetIsRefused() throws Exception {
        // attempt 0 over {1, 2} as the honest coordinator sends it, then attempt 0 again over {1, 3}: member 1
        // would give two shares of ct_0 under two Lagrange weights (its Shamir share, docs/multiparty.md)
        String name = "retry-same-attempt";
        try (SecureSumRuntimeTest.Fed f = fed(name, jobs(3, 1), 3, 2, settings(60, 30), null);
             Tap shares = new Tap(name, new Topics(name).decryptionShareAll())) {
            f.coordinatorWrap = t -> TamperingTransport.publishing(t, new Topics(name).aggregateAll(), e -> {
                Payloads.Aggregate a = Payloads.readAggregate(e.payload());
                Payloads.Aggregate other = new Payloads.Aggregate(List.of(1, 3), a.contributions(), a.aggregate(), 0);
                return List.of(e, TamperingTransport.resign(e, f.identities.get(0), 0, e.dependsOn(), Payloads.aggregate(other)));
            });
            Coordinator.Outcome o = f.run(null);
            assertTrue(o.completed(), o.failure());
            assertTrue(has(f.members.get(0).rejections(), "coordinator",
                    "already produced decryption shares for attempt 0 of round 0"), f.members.get(0).rejections().toString());
            long member1 = shares.of(Envelope.Kind.DECRYPTION_SHARE, 0).stream().filter(e -> e.member() == 1).count();
            assertEquals(1, member1, "member 1 shared attempt 0 once");
            eachMemberAnsweredEachAttemptAtMostOnce(shares, 0);
            theShareReuseGuardNeverFired(f);
        }
    }

    @Test
    void aCoordinatorThatExceedsTheAttemptLimitIsRefused() throws Exception {
        // after attempt 0, an "attempt 9" (the limit is 9 attempts: 0..8) over {1, 3}: nobody answers it
        String name = "retry-limit";
        int beyond = FederationParameters.MAX_DECRYPTION_ATTEMPTS;
        try (SecureSumRuntimeTest.Fed f = fed(name, jobs(3, 1), 3, 2, settings(60, 30), null);
             Tap shares = new Tap(name, new Topics(name).decryptionShareAll())) {
            f.coordinatorWrap = t -> TamperingTransport.publishing(t, new Topics(name).aggregateAll(), e -> {
                Payloads.Aggregate a = Payloads.readAggregate(e.payload());
                Payloads.Aggregate late = new Payloads.Aggregate(List.of(1, 3), a.contributions(), a.aggregate(), beyond);
                return List.of(TamperingTransport.resign(e, f.identities.get(0), beyond, e.dependsOn(), Payloads.aggregate(late)),
                        e);
            });
            Coordinator.Outcome o = f.run(null);
            assertTrue(o.completed(), o.failure());
            for (int i : new int[] {0, 2}) {
                assertTrue(has(f.members.get(i).rejections(), "coordinator", "attempt " + beyond + " of round 0 is beyond the "
                        + beyond + " decryption attempts"), f.members.get(i).rejections().toString());
            }
            assertTrue(shares.of(Envelope.Kind.DECRYPTION_SHARE, 0).stream().allMatch(e -> e.attempt() == 0),
                    "no share beyond the limit");
            eachMemberAnsweredEachAttemptAtMostOnce(shares, 0);
        }
    }
}

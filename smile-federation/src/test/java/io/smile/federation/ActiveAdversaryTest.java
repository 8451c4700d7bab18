package io.smile.federation;

import static io.smile.federation.SecureSumRuntimeTest.CTX;
import static io.smile.federation.SecureSumRuntimeTest.fed;
import static io.smile.federation.SecureSumRuntimeTest.has;
import static io.smile.federation.SecureSumRuntimeTest.settings;
import static io.smile.federation.ThresholdFederationTest.expected;
import static io.smile.federation.ThresholdFederationTest.jobs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.broker.EmbeddedBroker;
import io.smile.federation.identity.SigningIdentity;
import io.smile.federation.transport.MqttTransport;
import io.smile.federation.transport.Transport;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Evaluator;
import io.smile.he.multiparty.CommonReferenceString;
import io.smile.he.multiparty.Party;
import io.smile.he.multiparty.ShareCodec;
import io.smile.he.multiparty.ThresholdParty;
import io.smile.he.ring.RandomSource;
import io.smile.he.wire.BgvSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The runtime against an active (malicious) coordinator and broker, played through the transport
 * against real {@link Member}s: each attack is refused with a named reason and the victims publish
 * no decryption share for it; and the honest coordinator's late-share case releases one sum only.
 */
class ActiveAdversaryTest {
    @BeforeAll
    static void startBroker() {
        SecureSumRuntimeTest.broker = EmbeddedBroker.startOnFreePort();
    }

    @AfterAll
    static void stopBroker() {
        SecureSumRuntimeTest.broker.close();
    }

    /** Everything published on a filter, in order. */
    static final class Tap implements AutoCloseable {
        final List<String> topics = new CopyOnWriteArrayList<>();
        final List<Envelope> messages = new CopyOnWriteArrayList<>();
        private final Transport t;

        Tap(String name, String... filters) {
            t = new MqttTransport(SecureSumRuntimeTest.broker.url(), name + "-tap");
            for (String f : filters) {
                t.subscribe(f, (topic, b) -> {
                    topics.add(topic);
                    messages.add(Envelope.decode(b));
                });
            }
        }

        List<Envelope> of(Envelope.Kind kind, int round) {
            return messages.stream().filter(e -> e.kind() == kind && e.round() == round).toList();
        }

        @Override
        public void close() {
            t.close();
        }
    }

    private static final BgvSerializer SER = new BgvSerializer(CTX);

    /** The homomorphic sum (as AGGREGATE bytes) of the ciphertexts in these signed contributions. */
    static byte[] sumOf(SortedMap<Integer, byte[]> signedContributions) {
        Evaluator eval = new Evaluator(CTX, null);
        Ciphertext[] sum = null;
        for (byte[] c : signedContributions.values()) {
            List<byte[]> cts = Payloads.readList(Envelope.decode(c).payload());
            if (sum == null) {
                sum = new Ciphertext[cts.size()];
            }
            for (int i = 0; i < cts.size(); i++) {
                Ciphertext ct = SER.readCiphertext(cts.get(i));
                sum[i] = sum[i] == null ? ct : eval.add(sum[i], ct);
            }
        }
        List<byte[]> out = new ArrayList<>();
        for (Ciphertext c : sum) {
            out.add(SER.writeCiphertext(c));
        }
        return Payloads.list(out);
    }

    /** A coordinator's AGGREGATE for {@code round}, listing these contributions, signed by {@code key}. */
    static Envelope aggregate(Envelope like, SigningIdentity key, int round, int attempt, List<Integer> decryptors,
                              SortedMap<Integer, byte[]> signedContributions) {
        Payloads.Aggregate a = new Payloads.Aggregate(decryptors, signedContributions, sumOf(signedContributions), attempt);
        return Envelope.of(Envelope.Kind.AGGREGATE, like.federation(), round, attempt, Envelope.COORDINATOR,
                TamperingTransport.hashOf(like.federation(), round, signedContributions), Payloads.aggregate(a)).signedBy(key);
    }

    private static void noShareFrom(Tap shares, int round, int... members) {
        for (int m : members) {
            assertTrue(shares.of(Envelope.Kind.DECRYPTION_SHARE, round).stream().noneMatch(e -> e.member() == m),
                    "member " + m + " published a decryption share in round " + round);
        }
    }

    /** At most one share message per member and attempt (a member may answer several attempts of a round). */
    static void eachMemberAnsweredEachAttemptAtMostOnce(Tap shares, int round) {
        shares.of(Envelope.Kind.DECRYPTION_SHARE, round).stream().collect(
                java.util.stream.Collectors.groupingBy(e -> List.of(e.member(), e.attempt()), java.util.stream.Collectors.counting()))
                .forEach((ma, n) -> assertEquals(1L, n, "member " + ma.get(0) + " published " + n + " share messages for attempt "
                        + ma.get(1)));
    }

    /** The attempts each member published shares for. */
    static Map<Integer, Set<Integer>> attemptsAnswered(Tap shares, int round) {
        Map<Integer, Set<Integer>> attempts = new TreeMap<>();
        for (Envelope e : shares.of(Envelope.Kind.DECRYPTION_SHARE, round)) {
            attempts.computeIfAbsent(e.member(), k -> new TreeSet<>()).add(e.attempt());
        }
        return attempts;
    }

    // ---- (a) two contributor sets in one round

    @Test
    void aSecondContributorSetInTheSameRoundIsRefusedByEveryMember() throws Exception {
        String name = "adv-two-sets";
        try (SecureSumRuntimeTest.Fed f = fed(name, jobs(3, 1), 2, 2, settings(60, 4), null);
             Tap shares = new Tap(name, new Topics(name).decryptionShareAll())) {
            // attempt 0 over {1, 2, 3} as the honest coordinator sends it, then "attempt 1" over {2, 3}: S - x1
            f.coordinatorWrap = t -> TamperingTransport.publishing(t, new Topics(name).aggregateAll(), e -> {
                SortedMap<Integer, byte[]> c = new TreeMap<>(Payloads.readAggregate(e.payload()).contributions());
                c.remove(1);
                return List.of(e, aggregate(e, f.identities.get(0), e.round(), 1, List.of(2, 3), c));
            });
            Coordinator.Outcome o = f.run(null);
            assertTrue(o.completed(), o.failure());
            assertArrayEquals(expected(List.of(1, 2, 3), 0), o.rounds().get(0).sum(), "only the one sum is released");
            for (Member m : f.members) {
                assertTrue(has(m.rejections(), "coordinator", "a second aggregate for round 0"), m.rejections().toString());
                assertTrue(has(m.rejections(), "coordinator", "one sum per round"), m.rejections().toString());
            }
            assertTrue(shares.of(Envelope.Kind.DECRYPTION_SHARE, 0).stream().allMatch(e -> e.attempt() == 0),
                    "no share for the second contributor set");
            eachMemberAnsweredEachAttemptAtMostOnce(shares, 0);
        }
    }

    // ---- (b) the victim's contribution left out

    @Test
    void anAggregateThatLeavesTheVictimOutIsRefusedByTheVictim() throws Exception {
        String name = "adv-left-out";
        try (SecureSumRuntimeTest.Fed f = fed(name, jobs(3, 1), 2, 2, settings(60, 3), null);
             Tap shares = new Tap(name, new Topics(name).decryptionShareAll())) {
            f.coordinatorWrap = t -> TamperingTransport.publishing(t, new Topics(name).aggregateAll(), e -> {
                SortedMap<Integer, byte[]> c = new TreeMap<>(Payloads.readAggregate(e.payload()).contributions());
                c.remove(1);
                return List.of(aggregate(e, f.identities.get(0), e.round(), e.attempt(), List.of(1, 2), c));
            });
            Coordinator.Outcome o = f.run(null);
            assertFalse(o.completed());
            assertTrue(has(f.members.get(0).rejections(), "coordinator", "leaves out my contribution"),
                    f.members.get(0).rejections().toString());
            noShareFrom(shares, 0, 1);
            assertTrue(f.members.get(0).sums().isEmpty());
        }
    }

    // ---- (c) a forged, and a replayed, contribution

    @Test
    void aContributionForgedUnderAnotherMembersIdIsRefusedByEveryMember() throws Exception {
        String name = "adv-forged";
        try (SecureSumRuntimeTest.Fed f = fed(name, jobs(3, 1), 2, 2, settings(60, 3), null);
             Tap shares = new Tap(name, new Topics(name).decryptionShareAll())) {
            // member 2's entry: member 1's ciphertexts under member 2's id, signed with the coordinator's key
            f.coordinatorWrap = t -> TamperingTransport.publishing(t, new Topics(name).aggregateAll(), e -> {
                SortedMap<Integer, byte[]> c = new TreeMap<>(Payloads.readAggregate(e.payload()).contributions());
                Envelope real = Envelope.decode(c.get(2));
                Envelope fake = Envelope.of(Envelope.Kind.CONTRIBUTION, name, e.round(), 0, 2, real.dependsOn(),
                        Envelope.decode(c.get(1)).payload());
                fake = new Envelope(fake.kind(), name, fake.round(), 0, 2, fake.dependsOn(), fake.payload(),
                        f.identities.get(0).sign(fake.transcriptHash()));
                c.put(2, fake.encode());
                return List.of(aggregate(e, f.identities.get(0), e.round(), e.attempt(), List.of(1, 2), c));
            });
            Coordinator.Outcome o = f.run(null);
            assertFalse(o.completed());
            for (Member m : f.members) {
                assertTrue(has(m.rejections(), "coordinator", "forged CONTRIBUTION: the signature of member 2 does not verify"),
                        m.rejections().toString());
            }
            noShareFrom(shares, 0, 1, 2, 3);
        }
    }

    @Test
    void aContributionReplayedFromAnEarlierRoundIsRefusedByEveryMember() throws Exception {
        String name = "adv-replay";
        AtomicReference<byte[]> round0OfMember2 = new AtomicReference<>();
        try (SecureSumRuntimeTest.Fed f = fed(name, jobs(3, 2), 2, 2, settings(60, 3), null);
             Tap shares = new Tap(name, new Topics(name).decryptionShareAll())) {
            f.coordinatorWrap = t -> TamperingTransport.publishing(t, new Topics(name).aggregateAll(), e -> {
                SortedMap<Integer, byte[]> c = new TreeMap<>(Payloads.readAggregate(e.payload()).contributions());
                if (e.round() == 0) {
                    round0OfMember2.set(c.get(2));
                    return List.of(e);
                }
                c.put(2, round0OfMember2.get()); // member 2's genuine, signed round-0 contribution
                return List.of(aggregate(e, f.identities.get(0), e.round(), e.attempt(), List.of(1, 3), c));
            });
            Coordinator.Outcome o = f.run(null);
            assertFalse(o.completed());
            assertEquals(1, o.rounds().size(), "round 0 is released, round 1 is not");
            for (Member m : f.members) {
                assertTrue(has(m.rejections(), "coordinator", "member 2's CONTRIBUTION was signed for round 0, this is "
                        + "round 1 (replayed)"), m.rejections().toString());
            }
            noShareFrom(shares, 1, 1, 2, 3);
        }
    }

    // ---- (d) a wrong result

    @Test
    void aWrongReleasedSumIsRefusedAndStopsEveryMember() throws Exception {
        String name = "adv-result";
        try (SecureSumRuntimeTest.Fed f = fed(name, jobs(3, 2), 2, 2, settings(5, 30), null)) {
            f.waitForMembers = false;
            f.coordinatorWrap = t -> TamperingTransport.publishing(t, new Topics(name).resultAll(), e -> {
                Payloads.Result r = Payloads.readResult(e.payload());
                long[] sum = r.sum().clone();
                sum[0] += 1; // one unit off: "steering"
                return List.of(TamperingTransport.resign(e, f.identities.get(0), e.attempt(), e.dependsOn(),
                        Payloads.result(new Payloads.Result(r.finished(), r.contributors(), r.missing(), sum,
                                r.decryptors(), r.shares()))));
            });
            f.run(null);
            for (Member m : f.members) {
                ExecutionException x = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                        () -> m.done().get(60, TimeUnit.SECONDS));
                assertTrue(x.getCause().getMessage().contains("the released sum is not the decryption of the aggregate"),
                        x.getCause().getMessage());
                assertTrue(has(m.rejections(), "coordinator", "refused the result of round 0"), m.rejections().toString());
                assertTrue(m.sums().isEmpty(), "the job never saw the wrong sum");
            }
        }
    }

    // ---- (e) an aggregate of round r reused in round r + 1

    @Test
    void anAggregateOfOneRoundReusedInTheNextIsRefused() throws Exception {
        String name = "adv-reuse";
        AtomicReference<Payloads.Aggregate> round0 = new AtomicReference<>();
        try (SecureSumRuntimeTest.Fed f = fed(name, jobs(3, 2), 2, 2, settings(60, 3), null);
             Tap shares = new Tap(name, new Topics(name).decryptionShareAll())) {
            f.coordinatorWrap = t -> TamperingTransport.publishing(t, new Topics(name).aggregateAll(), e -> {
                if (e.round() == 0) {
                    round0.set(Payloads.readAggregate(e.payload()));
                    return List.of(e);
                }
                Payloads.Aggregate old = round0.get(); // round 0's whole aggregate, re-signed for round 1
                return List.of(aggregate(e, f.identities.get(0), e.round(), e.attempt(), old.decryptors(),
                        old.contributions()));
            });
            Coordinator.Outcome o = f.run(null);
            assertFalse(o.completed());
            assertEquals(1, o.rounds().size());
            for (Member m : f.members) {
                assertTrue(has(m.rejections(), "coordinator", "was signed for round 0, this is round 1 (replayed)"),
                        m.rejections().toString());
                assertEquals(1, m.sums().size());
            }
            noShareFrom(shares, 1, 1, 2, 3);
        }
    }

    // ---- the honest coordinator: a late decryption share

    /** Delays this party's decryption-share messages by {@code millis} (a slow link). */
    static Transport delayingShares(Transport inner, String federation, long millis, ScheduledExecutorService timer) {
        String filter = new Topics(federation).decryptionShareAll();
        return new Transport() {
            @Override
            public void publish(String topic, byte[] payload) {
                if (topic.matches(filter.replace("+", "[^/]+"))) {
                    timer.schedule(() -> inner.publish(topic, payload), millis, TimeUnit.MILLISECONDS);
                } else {
                    inner.publish(topic, payload);
                }
            }

            @Override
            public void subscribe(String f, BiConsumer<String, byte[]> handler) {
                inner.subscribe(f, handler);
            }

            @Override
            public long bytesSent() {
                return inner.bytesSent();
            }

            @Override
            public long bytesReceived() {
                return inner.bytesReceived();
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    @Test
    void aLateShareIsOvertakenByARetryAndTheRoundReleasesOneSum() throws Exception {
        // 3 members, t = 2: T0 = {1, 2}; member 1's share arrives after the deadline. Changed deliberately
        // (retries re-randomize): the retry asks {2, 3} over ct_1, member 2 answering again, and attempt 1
        // releases the round; it used to wait for the late share (no fresh pair of members was left)
        String name = "adv-late3";
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (SecureSumRuntimeTest.Fed f = fed(name, jobs(3, 1), 3, 2, settings(60, 5), null);
             Tap shares = new Tap(name, new Topics(name).decryptionShareAll(), new Topics(name).resultAll())) {
            f.memberTransport = (id, t) -> id != 1 ? t : delayingShares(t, name, 7_500, timer);
            Coordinator.Outcome o = f.run(null);
            assertTrue(o.completed(), o.failure());
            Coordinator.RoundReport r = o.rounds().get(0);
            assertEquals(2, r.attempts(), "a second decrypting set, over a re-randomized aggregate");
            assertEquals(List.of(2, 3), r.decryptors());
            assertEquals(List.of(1), r.dropped(), "member 1 was late");
            assertArrayEquals(expected(List.of(1, 2, 3), 0), r.sum());
            for (Member m : f.members) {
                assertArrayEquals(expected(List.of(1, 2, 3), 0), m.sums().get(0));
                assertTrue(m.rejections().stream().noneMatch(x -> x.reason().contains("share reuse")), m.rejections().toString());
            }
            assertEquals(1, shares.of(Envelope.Kind.RESULT, 0).size(), "released once");
            assertEquals(1, shares.of(Envelope.Kind.RESULT, 0).get(0).attempt(), "the release names its attempt");
            eachMemberAnsweredEachAttemptAtMostOnce(shares, 0);
            assertEquals(Set.of(0, 1), attemptsAnswered(shares, 0).get(2), "member 2 answered both attempts");
        } finally {
            timer.shutdownNow();
        }
    }

    @Test
    void aRetryAsksAnyTResponsiveMembersAndTheLateShareAddsNoSecondSum() throws Exception {
        // 5 members, t = 2: T0 = {1, 2}, member 1 late; T1 = {2, 3} completes over ct_1 (changed deliberately:
        // it was {3, 4}, members that had not answered); the late share of attempt 0 arrives after the release:
        // one sum, at most one share message per member and attempt
        String name = "adv-late5";
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        try (SecureSumRuntimeTest.Fed f = fed(name, jobs(5, 1), 5, 2, settings(60, 4), null);
             Tap shares = new Tap(name, new Topics(name).decryptionShareAll(), new Topics(name).resultAll())) {
            f.memberTransport = (id, t) -> id != 1 ? t : delayingShares(t, name, 6_000, timer);
            Coordinator.Outcome o = f.run(null);
            assertTrue(o.completed(), o.failure());
            Coordinator.RoundReport r = o.rounds().get(0);
            assertEquals(2, r.attempts());
            assertEquals(List.of(2, 3), r.decryptors());
            assertArrayEquals(expected(List.of(1, 2, 3, 4, 5), 0), r.sum(), "the same aggregate, all five contributions");
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (shares.of(Envelope.Kind.DECRYPTION_SHARE, 0).stream().noneMatch(e -> e.member() == 1)
                    && System.nanoTime() < until) {
                Thread.sleep(100); // the late share, for the record
            }
            assertEquals(1, shares.of(Envelope.Kind.RESULT, 0).size(), "released once");
            eachMemberAnsweredEachAttemptAtMostOnce(shares, 0);
            noShareFrom(shares, 0, 4, 5);
            for (Member m : f.members) {
                assertArrayEquals(r.sum(), m.sums().get(0));
            }
        } finally {
            timer.shutdownNow();
        }
    }

    // ---- the setup against a broker (colluding with the coordinator)

    @Test
    void aBrokerThatShowsEachMemberOtherTransportKeysAbortsTheSetupBeforeAnyDealing() throws Exception {
        String name = "adv-tkeys";
        Topics topics = new Topics(name);
        try (SecureSumRuntimeTest.Fed f = fed(name, jobs(3, 1), 2, 2, settings(60, 60), null);
             Tap dealings = new Tap(name, topics.dealingAll())) {
            // member 1 is shown the attacker's X25519 key for member 2, member 3 one for member 1
            f.memberTransport = (id, t) -> id == 2 ? t : TamperingTransport.receiving(t, topics.transportKeys(), e -> {
                int victim = id == 1 ? 2 : 1;
                SortedMap<Integer, byte[]> signed = new TreeMap<>(Payloads.readByMember(e.payload()));
                Envelope real = Envelope.decode(signed.get(victim));
                byte[] attackerKey = new ThresholdParty(new Party(CTX, victim, RandomSource.secure()), 2, f.ids,
                        Topics.SETUP_PROTOCOL).transportKeyMessage();
                signed.put(victim, Envelope.of(Envelope.Kind.TRANSPORT_KEY, name, 0, 0, victim, real.dependsOn(), attackerKey)
                        .signedBy(SigningIdentity.generate(victim)).encode()); // not the enrolled key of the victim
                SortedMap<Integer, byte[]> keys = new TreeMap<>();
                signed.forEach((m, b) -> keys.put(m, Envelope.decode(b).payload()));
                return TamperingTransport.resign(e, f.identities.get(0), 0,
                        Transcript.ofMembers("transport-keys", name, 0, keys), Payloads.byMember(signed));
            });
            Coordinator.Outcome o = f.run(null);
            assertFalse(o.completed());
            assertTrue(o.failure().contains("refused the setup messages of member(s)")
                    && o.failure().contains("forged TRANSPORT_KEY"), o.failure());
            assertTrue(has(f.members.get(0).rejections(), "member 2", "forged TRANSPORT_KEY"),
                    f.members.get(0).rejections().toString());
            assertTrue(has(f.members.get(2).rejections(), "member 1", "forged TRANSPORT_KEY"),
                    f.members.get(2).rejections().toString());
            Thread.sleep(500);
            assertTrue(dealings.messages.stream().noneMatch(e -> e.member() == 1 || e.member() == 3),
                    "no dealing from the members shown a substituted key");
        }
    }

    @Test
    void aSubstitutedCkgShareIsRefusedAndTheMemberGoesNoFurther() throws Exception {
        String name = "adv-ckg";
        Topics topics = new Topics(name);
        Coordinator.Settings s = new Coordinator.Settings(Duration.ofSeconds(60), Duration.ofSeconds(20),
                Duration.ofSeconds(60), Duration.ofSeconds(60), 10);
        try (SecureSumRuntimeTest.Fed f = fed(name, jobs(3, 1), 2, 2, s, null);
             Tap start = new Tap(name, topics.keysStart(), topics.crsReveals());
             Tap transport = new Tap(name + "-t", topics.transportKeyAll())) {
            // member 1 is shown, for member 2, a valid CKG share the attacker made for id 2 (so it would
            // derive a public key whose secret the attacker partly holds)
            f.memberTransport = (id, t) -> id != 1 ? t : TamperingTransport.receiving(t, topics.publicKey(), e -> {
                // the attacker (broker + coordinator) sees the coin toss and so knows the CRS
                Payloads.KeysStart k = Payloads.readKeysStart(start.of(Envelope.Kind.KEYS_START, 0).get(0).payload());
                SortedMap<Integer, byte[]> seeds = new TreeMap<>();
                Payloads.readByMember(start.of(Envelope.Kind.CRS_REVEALS, 0).get(0).payload())
                        .forEach((m, b) -> seeds.put(m, Envelope.decode(b).payload()));
                byte[] share = new ShareCodec(CTX).encode(new Party(CTX, 2, RandomSource.secure())
                        .ckgShare(k.protocolId(), new CommonReferenceString(Transcript.crsSeed(name, seeds))));
                SortedMap<Integer, byte[]> signed = new TreeMap<>(Payloads.readByMember(e.payload()));
                Envelope real = Envelope.decode(signed.get(2));
                signed.put(2, Envelope.of(Envelope.Kind.CKG_SHARE, name, 0, 0, 2, real.dependsOn(), share)
                        .signedBy(SigningIdentity.generate(2)).encode());
                SortedMap<Integer, byte[]> shares = new TreeMap<>();
                signed.forEach((m, b) -> shares.put(m, Envelope.decode(b).payload()));
                return TamperingTransport.resign(e, f.identities.get(0), 0,
                        Transcript.ofMembers("ckg-shares", name, 0, shares), Payloads.byMember(signed));
            });
            Coordinator.Outcome o = f.run(null);
            assertFalse(o.completed());
            assertTrue(o.failure().contains("no transport key from member(s) [1]"), o.failure());
            assertTrue(has(f.members.get(0).rejections(), "coordinator", "forged CKG_SHARE: the signature of member 2"),
                    f.members.get(0).rejections().toString());
            assertTrue(transport.messages.stream().noneMatch(e -> e.member() == 1), "member 1 went no further");
        }
    }

    // ---- the CRS: a coin toss the coordinator cannot steer

    @Test
    void aCoordinatorThatChangesASeedRevealIsRefusedAndNoCkgShareIsMade() throws Exception {
        String name = "adv-crs";
        Topics topics = new Topics(name);
        Coordinator.Settings s = new Coordinator.Settings(Duration.ofSeconds(60), Duration.ofSeconds(8),
                Duration.ofSeconds(60), Duration.ofSeconds(60), 10);
        try (SecureSumRuntimeTest.Fed f = fed(name, jobs(3, 1), 2, 2, s, null);
             Tap ckg = new Tap(name, topics.ckgAll())) {
            // member 2's reveal replaced by a seed of the coordinator's choosing (it cannot sign as member 2)
            f.coordinatorWrap = t -> TamperingTransport.publishing(t, topics.crsReveals(), e -> {
                SortedMap<Integer, byte[]> r = new TreeMap<>(Payloads.readByMember(e.payload()));
                Envelope real = Envelope.decode(r.get(2));
                Envelope chosen = Envelope.of(Envelope.Kind.CRS_REVEAL, name, 0, 0, 2, real.dependsOn(), new byte[32]);
                r.put(2, new Envelope(chosen.kind(), name, 0, 0, 2, chosen.dependsOn(), chosen.payload(),
                        f.identities.get(0).sign(chosen.transcriptHash())).encode());
                return List.of(TamperingTransport.resign(e, f.identities.get(0), 0, e.dependsOn(), Payloads.byMember(r)));
            });
            Coordinator.Outcome o = f.run(null);
            assertFalse(o.completed());
            assertTrue(o.failure().contains("no CKG share from member(s) [1, 2, 3]"), o.failure());
            for (int i : new int[] {0, 2}) {
                assertTrue(has(f.members.get(i).rejections(), "coordinator", "forged CRS_REVEAL: the signature of member 2"),
                        f.members.get(i).rejections().toString());
            }
            assertTrue(has(f.members.get(1).rejections(), "coordinator", "the CRS reveal listed for me is not mine"),
                    f.members.get(1).rejections().toString());
            assertTrue(ckg.messages.isEmpty(), "no member made a CKG share for a CRS it did not help choose");
        }
    }

    @Test
    void aRevealThatDoesNotMatchItsCommitmentAbortsTheKeyGeneration() throws Exception {
        // member 2 colludes with the coordinator: it reveals its committed seed to the coordinator, which
        // relays another seed member 2 signed after seeing the others' reveals (to choose the CRS)
        String name = "adv-crs-commit";
        Topics topics = new Topics(name);
        Coordinator.Settings s = new Coordinator.Settings(Duration.ofSeconds(60), Duration.ofSeconds(8),
                Duration.ofSeconds(60), Duration.ofSeconds(60), 10);
        try (SecureSumRuntimeTest.Fed f = fed(name, jobs(3, 1), 2, 2, s, null);
             Tap ckg = new Tap(name, topics.ckgAll())) {
            f.coordinatorWrap = t -> TamperingTransport.publishing(t, topics.crsReveals(), e -> {
                SortedMap<Integer, byte[]> r = new TreeMap<>(Payloads.readByMember(e.payload()));
                Envelope real = Envelope.decode(r.get(2));
                r.put(2, TamperingTransport.resign(real, f.identities.get(2), 0, real.dependsOn(), new byte[32]).encode());
                return List.of(TamperingTransport.resign(e, f.identities.get(0), 0, e.dependsOn(), Payloads.byMember(r)));
            });
            Coordinator.Outcome o = f.run(null);
            assertFalse(o.completed());
            for (int i : new int[] {0, 2}) {
                assertTrue(has(f.members.get(i).rejections(), "coordinator",
                        "CRS coin toss aborted: member 2's reveal does not match its commitment"),
                        f.members.get(i).rejections().toString());
            }
            assertTrue(ckg.messages.stream().noneMatch(e -> e.member() != 2), "the honest members made no CKG share");
        }
    }
}

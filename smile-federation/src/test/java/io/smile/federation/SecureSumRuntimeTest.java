package io.smile.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.broker.EmbeddedBroker;
import io.smile.federation.identity.Roster;
import io.smile.federation.identity.SigningIdentity;
import io.smile.federation.transport.MqttTransport;
import io.smile.federation.transport.Transport;
import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.multiparty.Party;
import io.smile.he.multiparty.ThresholdParty;
import io.smile.he.ring.RandomSource;
import io.smile.he.rlwe.SecretKey;
import io.smile.he.wire.BgvSerializer;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The secure-sum runtime over the real embedded MQTT broker (loopback). */
class SecureSumRuntimeTest {
    static final BgvContext CTX = BgvContext.create(FederationParameters.bgv(), 2);
    static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.startOnFreePort();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    static Coordinator.Settings settings(int contributionSeconds, int decryptionSeconds) {
        return new Coordinator.Settings(Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(contributionSeconds),
                Duration.ofSeconds(decryptionSeconds), 100);
    }

    /** A running federation whose pieces the tests can reach. */
    static final class Fed implements AutoCloseable {
        final List<Integer> ids = new ArrayList<>();
        final List<Member> members = new ArrayList<>();
        final List<Transport> transports = new ArrayList<>();
        /** Index 0: the coordinator's signing identity; index m: member m's. */
        final List<SigningIdentity> identities = new ArrayList<>();
        final Roster roster;
        Coordinator coordinator;
        Transport coordinatorTransport;
        final String name;
        final Coordinator.Settings settings;
        /** Wraps the coordinator's transport (e.g. to play a dishonest coordinator); set before {@link #run}. */
        java.util.function.UnaryOperator<Transport> coordinatorWrap = t -> t;

        final int threshold;
        /** Applied to each member before it starts (test hook: crashes). */
        java.util.function.Consumer<Member> configure = m -> { };
        /** Wraps each member's transport (id, transport), e.g. to play a member that tampers with its messages. */
        java.util.function.BiFunction<Integer, Transport, Transport> memberTransport = (id, t) -> t;

        Fed(String name, List<FederatedJob> jobs, int min, int threshold, Coordinator.Settings s,
            UnaryOperator<Payloads.Aggregate> tamper) {
            this.name = name;
            this.threshold = threshold;
            this.settings = s;
            for (int i = 0; i < jobs.size(); i++) {
                ids.add(i + 1);
            }
            for (int id = 0; id <= jobs.size(); id++) {
                identities.add(SigningIdentity.generate(id));
            }
            roster = Roster.of(identities);
            // a dishonest coordinator: what it broadcasts for decryption is rewritten (and re-signed) on its way out
            if (tamper != null) {
                coordinatorWrap = t -> TamperingTransport.aggregates(t, name, identities.get(0), tamper);
            }
        }

        Coordinator.Outcome run(Runnable afterStart) throws Exception {
            coordinatorTransport = coordinatorWrap.apply(new MqttTransport(broker.url(), name + "-coord"));
            coordinator = new Coordinator(name, ids, min, jobs.get(0), coordinatorTransport, CTX, threshold, settings,
                    identities.get(0), roster, System.out::println);
            var outcome = coordinator.start();
            for (int i = 0; i < ids.size(); i++) {
                Transport t = memberTransport.apply(ids.get(i), new MqttTransport(broker.url(), name + "-m" + ids.get(i)));
                transports.add(t);
                members.add(new Member(name, ids.get(i), ids, minOf(), jobAt(i), t, CTX,
                        new Party(CTX, ids.get(i), RandomSource.secure()), threshold, identities.get(ids.get(i)), roster,
                        System.out::println));
                configure.accept(members.get(i));
            }
            members.forEach(Member::start);
            if (afterStart != null) {
                afterStart.run();
            }
            Coordinator.Outcome o = outcome.get(5, TimeUnit.MINUTES);
            if (o.completed() && waitForMembers) {
                for (Member m : members) {
                    if (!m.crashed()) {
                        m.done().get(60, TimeUnit.SECONDS);
                    }
                }
            }
            return o;
        }

        List<FederatedJob> jobs;
        int min;
        /** False when a test expects members to refuse the release (their done() fails). */
        boolean waitForMembers = true;

        int minOf() {
            return min;
        }

        FederatedJob jobAt(int i) {
            return jobs.get(i);
        }

        @Override
        public void close() {
            members.forEach(Member::close);
            transports.forEach(Transport::close);
            if (coordinator != null) {
                coordinator.close();
                coordinatorTransport.close();
            }
        }
    }

    /** Threshold: a majority of the members. */
    static Fed fed(String name, List<FederatedJob> jobs, int min, Coordinator.Settings s, UnaryOperator<Payloads.Aggregate> t) {
        return fed(name, jobs, min, LocalFederation.majority(jobs.size()), s, t);
    }

    static Fed fed(String name, List<FederatedJob> jobs, int min, int threshold, Coordinator.Settings s,
                   UnaryOperator<Payloads.Aggregate> t) {
        Fed f = new Fed(name, jobs, min, threshold, s, t);
        f.jobs = jobs;
        f.min = min;
        return f;
    }

    /** Random values with ±maxAbs and 0 mixed in. */
    static long[] extremeVector(Random rnd, int width, long maxAbs) {
        long[] v = new long[width];
        for (int i = 0; i < width; i++) {
            switch (rnd.nextInt(4)) {
                case 0 -> v[i] = maxAbs;
                case 1 -> v[i] = -maxAbs;
                case 2 -> v[i] = 0;
                default -> v[i] = (long) ((rnd.nextDouble() * 2 - 1) * maxAbs);
            }
        }
        return v;
    }

    void sumsAreExact(int n, int width, int rounds) throws Exception {
        sumsAreExact(n, LocalFederation.majority(n), width, rounds);
    }

    void sumsAreExact(int n, int threshold, int width, int rounds) throws Exception {
        long maxAbs = FederationParameters.maxAbsValue(n);
        Random rnd = new Random(n);
        long[][][] v = new long[n][rounds][];
        List<FederatedJob> jobs = new ArrayList<>();
        for (int m = 0; m < n; m++) {
            for (int r = 0; r < rounds; r++) {
                v[m][r] = extremeVector(rnd, width, maxAbs);
            }
            long[][] mine = v[m];
            jobs.add(new ScriptedJob(width, maxAbs, rounds, (r, prev) -> mine[r]));
        }
        try (Fed f = fed("sum" + n + "t" + threshold, jobs, n, threshold, settings(60, 60), null)) {
            Coordinator.Outcome o = f.run(null);
            assertTrue(o.completed(), o.failure());
            assertEquals(rounds, o.rounds().size());
            for (int r = 0; r < rounds; r++) {
                long[] expect = new long[width];
                for (int m = 0; m < n; m++) {
                    for (int i = 0; i < width; i++) {
                        expect[i] += v[m][r][i];
                    }
                }
                assertArrayEquals(expect, o.rounds().get(r).sum(), "round " + r);
                for (Member m : f.members) {
                    assertArrayEquals(expect, m.sums().get(r));
                    assertTrue(m.rejections().isEmpty(), m.rejections().toString());
                }
                assertEquals(f.ids, o.rounds().get(r).contributors());
                assertEquals(f.ids.subList(0, threshold), o.rounds().get(r).decryptors(), "t members decrypt");
                assertEquals(1, o.rounds().get(r).attempts());
            }
            assertTrue(f.coordinator.rejections().isEmpty());
        }
    }

    @Test
    void twoOfThreeSumExactlyAcrossTwoCiphertextsPerContribution() throws Exception {
        // width > N: every contribution spans two ciphertexts
        sumsAreExact(3, FederationParameters.DEGREE + 7, 2);
    }

    @Test
    void threeOfFiveSumExactly() throws Exception {
        sumsAreExact(5, 300, 2);
    }

    @Test
    void threeOfThreeIsNOutOfN() throws Exception {
        sumsAreExact(3, 3, 40, 1);
    }

    @Test
    void memberThatSitsOutARoundIsReportedAndLeftOut() throws Exception {
        int width = 16;
        long maxAbs = 1000;
        List<FederatedJob> jobs = new ArrayList<>();
        for (int m = 1; m <= 3; m++) {
            int id = m;
            // member 2 sends nothing in round 1; every member contributes its id (and a count of 1)
            jobs.add(new ScriptedJob(width, maxAbs, 2, (r, prev) -> {
                if (id == 2 && r == 1) {
                    return null;
                }
                long[] c = new long[width];
                c[0] = id;
                c[1] = 1;
                return c;
            }));
        }
        try (Fed f = fed("skip", jobs, 2, settings(3, 60), null)) {
            Coordinator.Outcome o = f.run(null);
            assertTrue(o.completed(), o.failure());
            assertEquals(List.of(1, 2, 3), o.rounds().get(0).contributors());
            assertEquals(6, o.rounds().get(0).sum()[0]);
            assertEquals(List.of(1, 3), o.rounds().get(1).contributors());
            assertEquals(List.of(2), o.rounds().get(1).missing());
            assertEquals(4, o.rounds().get(1).sum()[0]);
            assertEquals(2, o.rounds().get(1).sum()[1]); // the count tells the job how many contributed
        }
    }

    @Test
    void aContributionAboveTheBoundIsNeverEncryptedAndTheMemberIsLeftOut() throws Exception {
        List<FederatedJob> jobs = new ArrayList<>();
        for (int m = 1; m <= 3; m++) {
            long v = m == 3 ? 1001 : 1000;
            jobs.add(new ScriptedJob(2, 1000, 1, (r, prev) -> new long[] {v, -v}));
        }
        try (Fed f = fed("bound", jobs, 2, settings(3, 60), null)) {
            Coordinator.Outcome o = f.run(null);
            assertTrue(o.completed(), o.failure());
            assertEquals(List.of(3), o.rounds().get(0).missing());
            assertArrayEquals(new long[] {2000, -2000}, o.rounds().get(0).sum());
            assertTrue(f.members.get(2).localErrors().get(0).contains("exceeds maxAbsValue"));
            assertTrue(f.members.get(2).rejections().isEmpty());
        }
    }

    @Test
    void malformedUnexpectedAndForeignMessagesAreRejectedAndNamed() throws Exception {
        int width = 8;
        CountDownLatch injected = new CountDownLatch(1);
        List<FederatedJob> jobs = new ArrayList<>();
        for (int m = 1; m <= 3; m++) {
            int id = m;
            jobs.add(new ScriptedJob(width, 100, 1, (r, prev) -> {
                if (id == 3) { // holds round 0 open until the test has injected its messages
                    try {
                        injected.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                long[] c = new long[width];
                c[0] = id;
                return c;
            }));
        }
        Topics topics = new Topics("bad");
        try (Fed f = fed("bad", jobs, 3, settings(60, 60), null);
             Transport intruder = new MqttTransport(broker.url(), "bad-intruder")) {
            Coordinator.Outcome o = f.run(() -> {
                try {
                    // wait until the round is open (the members have the public key)
                    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (f.coordinator.reports().isEmpty() && f.members.get(0).bytesPerRound().size() < 2
                            && System.nanoTime() < until) {
                        Thread.sleep(20);
                    }
                    intruder.publish(topics.contribution(0, 2), new byte[] {1, 2, 3});
                    intruder.publish(topics.contribution(0, 2),
                            new Envelope(Envelope.Kind.CONTRIBUTION, "other", 0, 2, new byte[4]).encode());
                    // signed with the members' own keys: a dishonest member 2 or 3 (the checks after the signature)
                    intruder.publish(topics.contribution(7, 2),
                            new Envelope(Envelope.Kind.CONTRIBUTION, "bad", 7, 2, Payloads.list(List.of()))
                                    .signedBy(f.identities.get(2)).encode());
                    intruder.publish(topics.contribution(0, 3),
                            new Envelope(Envelope.Kind.CONTRIBUTION, "bad", 0, 3, Payloads.list(List.of(new byte[] {9, 9, 9})))
                                    .signedBy(f.identities.get(3)).encode());
                    // an outsider: unsigned, or signed with a key the roster does not enrol for member 2
                    intruder.publish(topics.contribution(0, 2),
                            new Envelope(Envelope.Kind.CONTRIBUTION, "bad", 0, 2, Payloads.list(List.of())).encode());
                    intruder.publish(topics.contribution(0, 2),
                            new Envelope(Envelope.Kind.CONTRIBUTION, "bad", 0, 2, Payloads.list(List.of()))
                                    .signedBy(SigningIdentity.generate(2)).encode());
                    intruder.publish(topics.contribution(0, 1),
                            new Envelope(Envelope.Kind.CONTRIBUTION, "bad", 0, 2, new byte[0]).encode());
                    intruder.publish(topics.contribution(0, 42),
                            new Envelope(Envelope.Kind.CONTRIBUTION, "bad", 0, 42, new byte[0]).encode());
                    byte[] truncated = new Envelope(Envelope.Kind.CONTRIBUTION, "bad", 0, 2, new byte[10])
                            .signedBy(f.identities.get(2)).encode();
                    intruder.publish(topics.contribution(0, 2), Arrays.copyOf(truncated, truncated.length - 3));
                    intruder.publish(topics.aggregate(0), new byte[] {0x53, 0x4d, 0x46, 0x45, 1, 6, 3});
                    // the intruder's messages are handled in order before the round closes: a marker round trip
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    injected.countDown();
                }
            });
            assertTrue(o.completed(), o.failure());
            assertArrayEquals(new long[] {6, 0, 0, 0, 0, 0, 0, 0}, o.rounds().get(0).sum());
            List<Rejection> rej = f.coordinator.rejections();
            rej.forEach(System.out::println);
            assertTrue(has(rej, "member 2", "too short"), "garbage bytes");
            assertTrue(has(rej, "member 2", "federation other"), "foreign federation");
            assertTrue(has(rej, "member 2", "round 7"), "wrong round");
            assertTrue(has(rej, "member 3", "ciphertext"), "garbage payload");
            assertTrue(has(rej, "member 1", "claims member 2"), "spoofed sender");
            assertTrue(has(rej, "member 42", "not a member"), "non-member");
            assertTrue(has(rej, "member 2", "signature length"), "truncated"); // v2: the signature is the last field
            assertTrue(has(rej, "member 2", "unsigned CONTRIBUTION"), "unsigned");
            assertTrue(has(rej, "member 2", "forged CONTRIBUTION: the signature of member 2 does not verify"), "forged");
            for (Member m : f.members) {
                assertTrue(has(m.rejections(), "coordinator", ""), "member " + m.id() + " names the coordinator");
            }
        }
    }

    static boolean has(List<Rejection> rej, String sender, String reasonPart) {
        return rej.stream().anyMatch(r -> r.sender().equals(sender) && r.reason().contains(reasonPart));
    }

    @Test
    void decryptionSharesForTheAggregateDoNotDecryptASingleContribution() throws Exception {
        int width = 32;
        long[][] values = new long[3][];
        List<FederatedJob> jobs = new ArrayList<>();
        Random rnd = new Random(5);
        for (int m = 0; m < 3; m++) {
            values[m] = extremeVector(rnd, width, 1_000_000);
            long[] mine = values[m];
            jobs.add(new ScriptedJob(width, 1_000_000, 1, (r, prev) -> mine));
        }
        Map<String, byte[]> seen = new ConcurrentHashMap<>();
        try (Fed f = fed("eaves", jobs, 3, settings(60, 60), null);
             Transport tap = new MqttTransport(broker.url(), "eaves-tap")) {
            Topics topics = new Topics("eaves");
            tap.subscribe(topics.contributionAll(), seen::put);
            tap.subscribe(topics.decryptionShareAll(), seen::put);
            Coordinator.Outcome o = f.run(null);
            assertTrue(o.completed(), o.failure());
            // everything the coordinator saw: member 1's contribution and all decryption shares of round 0
            BgvSerializer ser = new BgvSerializer(CTX);
            Ciphertext single = ser.readCiphertext(Payloads.readList(
                    Envelope.decode(seen.get(topics.contribution(0, 1))).payload()).get(0));
            List<Integer> decryptors = o.rounds().get(0).decryptors();
            io.smile.he.multiparty.ShareAggregator c = io.smile.he.multiparty.ShareAggregator.forActiveSet(CTX,
                    io.smile.he.multiparty.ShareType.DECRYPT, single.level(), Topics.decryptionProtocol(0, 0, 0),
                    new io.smile.he.multiparty.ActiveSet(decryptors));
            for (int id : decryptors) {
                c.add(id, Payloads.readList(Envelope.decode(seen.get(topics.decryptionShare(0, id))).payload()).get(0));
            }
            long[] attempt = Arrays.copyOf(CTX.encoder().decode(
                    io.smile.he.multiparty.Collective.decrypt(CTX, single, c.combine())), width);
            assertFalse(Arrays.equals(values[0], attempt), "the shares must not decrypt member 1's ciphertext");
            long matches = 0;
            for (int i = 0; i < width; i++) {
                matches += attempt[i] == values[0][i] ? 1 : 0;
            }
            assertTrue(matches <= 2, matches + " of " + width + " slots matched by chance");
        }
    }

    /** A dishonest coordinator forwards something other than the sum for decryption: the members refuse. */
    void refused(String name, UnaryOperator<Payloads.Aggregate> tamper, String expectedReason) throws Exception {
        List<FederatedJob> jobs = new ArrayList<>();
        for (int m = 1; m <= 3; m++) {
            long id = m;
            jobs.add(new ScriptedJob(4, 100, 1, (r, prev) -> new long[] {id, 1, 2, 3}));
        }
        try (Fed f = fed(name, jobs, 2, settings(60, 4), tamper)) {
            Coordinator.Outcome o = f.run(null);
            assertFalse(o.completed());
            assertTrue(o.failure().contains("not responding"), o.failure());
            int refusals = 0;
            for (Member m : f.members) {
                refusals += has(m.rejections(), "coordinator", expectedReason) ? 1 : 0;
                assertTrue(m.sums().isEmpty());
            }
            assertTrue(refusals >= 1, "a member refused with '" + expectedReason + "'");
        }
    }

    static Payloads.Aggregate onlyMember1(Payloads.Aggregate a) {
        SortedMap<Integer, byte[]> one = new TreeMap<>();
        one.put(1, a.contributions().get(1));
        return new Payloads.Aggregate(a.decryptors(), one, Envelope.decode(a.contributions().get(1)).payload());
    }

    @Test
    void membersRefuseToDecryptASingleSitesCiphertextPresentedAsTheAggregate() throws Exception {
        refused("single", SecureSumRuntimeTest::onlyMember1, "at least 2 are required");
    }

    @Test
    void membersRefuseAnAggregateThatIsNotTheSumOfTheBroadcastContributions() throws Exception {
        refused("notsum", a -> new Payloads.Aggregate(a.decryptors(), a.contributions(),
                Envelope.decode(a.contributions().get(1)).payload()), "not the sum");
    }

    @Test
    void membersRefuseAForeignCiphertextListedUnderTheirId() throws Exception {
        // member 1's ciphertext listed twice: as member 1's and as member 2's; the sum is consistent
        refused("spoof", a -> {
            SortedMap<Integer, byte[]> c = new TreeMap<>();
            c.put(1, a.contributions().get(1));
            c.put(2, a.contributions().get(1));
            BgvSerializer ser = new BgvSerializer(CTX);
            Ciphertext x = ser.readCiphertext(Payloads.readList(Envelope.decode(a.contributions().get(1)).payload()).get(0));
            Ciphertext sum = new io.smile.he.bgv.Evaluator(CTX, null).add(x, x);
            return new Payloads.Aggregate(a.decryptors(), c, Payloads.list(List.of(ser.writeCiphertext(sum))));
        }, "re-attributed"); // was "not mine": member 1's signed message cannot pass for member 2's
    }

    @Test
    void theCoordinatorHoldsNoSecretShare() throws Exception {
        List<FederatedJob> jobs = new ArrayList<>();
        for (int m = 1; m <= 3; m++) {
            jobs.add(new ScriptedJob(4, 100, 1, (r, prev) -> new long[] {1, 2, 3, 4}));
        }
        try (Fed f = fed("nosecret", jobs, 3, settings(60, 60), null)) {
            assertTrue(f.run(null).completed());
            Map<Object, Boolean> seen = new java.util.IdentityHashMap<>();
            assertNoSecretFields(f.coordinator, "coordinator", seen);
            assertTrue(seen.keySet().stream().anyMatch(ThresholdDecryptionRelay.class::isInstance), "the walk reaches the phases");
            // and it would see a key share held one object deep
            Object holder = new Object() {
                final Object state = new Object() {
                    final Object share = new Party(CTX, 1, RandomSource.secure());
                };
            };
            org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
                    () -> assertNoSecretFields(holder, "holder", new java.util.IdentityHashMap<>()));
        }
    }

    /** The fields of {@code o} and, through them, of every runtime object it holds (its phases, their state). */
    static void assertNoSecretFields(Object o, String where, Map<Object, Boolean> seen) throws IllegalAccessException {
        if (seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        String runtime = Coordinator.class.getPackageName();
        for (Class<?> c = o.getClass(); c != null && c.getPackageName().equals(runtime); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                if (java.lang.reflect.Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                String name = where + "." + field.getName();
                assertFalse(Party.class.isAssignableFrom(field.getType()), name);
                assertFalse(ThresholdParty.class.isAssignableFrom(field.getType()), name);
                assertFalse(SecretKey.class.isAssignableFrom(field.getType()), name);
                assertFalse(java.security.PrivateKey.class.isAssignableFrom(field.getType()), name);
                assertFalse(java.security.KeyPair.class.isAssignableFrom(field.getType()), name);
                assertFalse(long[][].class.equals(field.getType()), name + " (a polynomial: a Shamir share?)");
                field.setAccessible(true);
                Object v = field.get(o);
                assertNoSecret(v, name);
                if (v != null && v.getClass().getPackageName().equals(runtime) && !v.getClass().isEnum()) {
                    assertNoSecretFields(v, name, seen);
                }
            }
        }
    }

    static void assertNoSecret(Object v, String where) {
        if (v instanceof Party || v instanceof ThresholdParty || v instanceof SecretKey
                || v instanceof java.security.PrivateKey || v instanceof java.security.KeyPair || v instanceof long[][]) {
            throw new AssertionError(where + " holds a secret: " + v.getClass());
        }
        if (v instanceof Collection<?> c) {
            c.forEach(x -> assertNoSecret(x, where + "[]"));
        }
        if (v instanceof Map<?, ?> m) {
            m.values().forEach(x -> assertNoSecret(x, where + "{}"));
        }
        assertNotNull(where);
    }
}

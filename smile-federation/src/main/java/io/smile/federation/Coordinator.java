package io.smile.federation;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Evaluator;
import io.smile.he.multiparty.ActiveSet;
import io.smile.he.multiparty.Collective;
import io.smile.he.multiparty.CommonReferenceString;
import io.smile.he.multiparty.ShareAggregator;
import io.smile.he.multiparty.ShareType;
import io.smile.he.ring.RandomSource;
import io.smile.he.wire.BgvSerializer;
import io.smile.federation.transport.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The cloud side of a federation. It holds no secret share, only public material: the CRS, the
 * collective public key, ciphertexts, and decryption shares (which are smudged). It runs the
 * collective key generation, then per round collects the members' encrypted contributions until
 * every member has contributed or the deadline passes (late or silent members are left out of that
 * round and reported), adds them homomorphically, broadcasts the contributions with their sum,
 * collects t-out-of-n threshold decryption shares, decrypts, releases the sum and decides with its
 * public job instance whether the job is finished.
 *
 * <p>Between the CKG and round 0 it relays the threshold setup: every member's X25519 transport key
 * to all, then each member's sealed dealings to their recipients (it cannot open them), then waits
 * until every member reports its Shamir share ready. Each round is decrypted by the set T =
 * contributors, padded with other responsive members up to t. If a member of T does not answer by
 * the decryption deadline, it is dropped with its contribution, and the new sum is sent to a new set
 * (another attempt); the round fails, naming them, once fewer than t (or fewer than
 * {@code minContributors} contributors) remain.
 *
 * <p>All work runs on one scheduler thread; handlers only enqueue.
 */
public final class Coordinator implements AutoCloseable {
    /** What happened in one round. */
    public record RoundReport(int round, List<Integer> contributors, List<Integer> missing, List<Integer> decryptors,
                              List<Integer> dropped, int attempts, long millis, long contributionMillis, long bytesSent,
                              long bytesReceived, long[] sum, boolean finished) {
    }

    /** The whole run: completed or failed (with the reason), key generation (CKG) and threshold setup cost, rounds. */
    public record Outcome(boolean completed, String failure, long keyMillis, long keyBytesSent,
                          long keyBytesReceived, long setupMillis, long setupBytesSent, long setupBytesReceived,
                          List<RoundReport> rounds) {
    }

    /** Deadlines and the round limit. */
    public record Settings(Duration joinTimeout, Duration keyDeadline, Duration contributionDeadline,
                           Duration decryptionDeadline, int maxRounds) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(60),
                    Duration.ofSeconds(120), 10_000);
        }
    }

    private enum Phase { JOIN, KEYS, SETUP, CONTRIBUTIONS, DECRYPTION, DONE }

    private final String federation;
    private final List<Integer> members;
    private final int minContributors;
    private final FederatedJob publicJob;
    private final Transport transport;
    private final BgvContext ctx;
    private final int threshold;
    private final Settings settings;
    private final Topics topics;
    private final BgvSerializer ser;
    private final Evaluator eval;
    private final int ctsPerContribution;
    private final Consumer<String> log;
    private final ScheduledExecutorService loop;
    private final List<Rejection> rejections = new CopyOnWriteArrayList<>();
    private final List<RoundReport> reports = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    private final RandomSource random;
    /** Set when this coordinator made its own context ({@link #hosted}); closed with it. */
    private BgvContext ownedContext;

    private Phase phase = Phase.JOIN;
    private final Set<Integer> online = new TreeSet<>();
    private CommonReferenceString crs;
    private ShareAggregator ckg;
    private final SortedMap<Integer, byte[]> ckgShares = new TreeMap<>();
    private int round;
    private final SortedMap<Integer, byte[]> contributions = new TreeMap<>();
    private List<Ciphertext> aggregate;
    private final SortedMap<Integer, byte[]> transportKeys = new TreeMap<>();
    private final SortedMap<Integer, SortedMap<Integer, byte[]>> dealings = new TreeMap<>();
    private final Set<Integer> ready = new TreeSet<>();
    private boolean dealingsRelayed;
    /** Members that did not answer a decryption request since they last contributed. */
    private final Set<Integer> unresponsive = new TreeSet<>();
    private final List<Integer> dropped = new ArrayList<>();
    private SortedSet<Integer> decryptors;
    private int attempt;
    private List<ShareAggregator> combiners;
    private ScheduledFuture<?> deadline;
    private long phaseStart;
    private long sentMark;
    private long receivedMark;
    private long keyMillis;
    private long contributionMillis;
    private long keySent;
    private long keyReceived;
    private long setupMillis;
    private long setupSent;
    private long setupReceived;
    private UnaryOperator<Payloads.Aggregate> tamper = UnaryOperator.identity();

    public Coordinator(String federation, List<Integer> members, int minContributors, FederatedJob publicJob,
                       Transport transport, BgvContext ctx, int threshold, Settings settings,
                       RandomSource random, Consumer<String> log) {
        Envelope.checkFederation(federation);
        if (members.isEmpty() || members.size() > FederationParameters.MAX_MEMBERS
                || new TreeSet<>(members).size() != members.size() || members.contains(Envelope.COORDINATOR)) {
            throw new IllegalArgumentException("members must be 1.." + FederationParameters.MAX_MEMBERS
                    + " distinct ids > 0, got " + members);
        }
        if (minContributors < 2 || minContributors > members.size()) {
            throw new IllegalArgumentException("minContributors must be in [2, members], got " + minContributors);
        }
        if (threshold < 1 || threshold > members.size()) {
            throw new IllegalArgumentException("threshold must be in [1, members], got " + threshold);
        }
        FederationParameters.checkHeadroom(members.size(), publicJob.maxAbsValue());
        this.federation = federation;
        this.members = List.copyOf(new TreeSet<>(members));
        this.minContributors = minContributors;
        this.publicJob = publicJob;
        this.transport = transport;
        this.ctx = ctx;
        this.threshold = threshold;
        this.settings = settings;
        this.topics = new Topics(federation);
        this.ser = new BgvSerializer(ctx);
        this.eval = new Evaluator(ctx, null);
        this.ctsPerContribution = Slots.ciphertexts(publicJob.width(), ctx.parameters().slotCount());
        this.random = random;
        this.log = log;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coordinator-" + federation);
            t.setDaemon(true);
            return t;
        });
    }

    /** For tests only: lets a test play a dishonest coordinator that alters what it broadcasts for decryption. */
    void tamperForTests(UnaryOperator<Payloads.Aggregate> t) {
        this.tamper = t;
    }

    /** Subscribes; members must be started after this. Completes when the job is finished or fails. */
    public CompletableFuture<Outcome> start() {
        transport.subscribe(topics.helloAll(), this::receive);
        transport.subscribe(topics.ckgAll(), this::receive);
        transport.subscribe(topics.transportKeyAll(), this::receive);
        transport.subscribe(topics.dealingAll(), this::receive);
        transport.subscribe(topics.readyAll(), this::receive);
        transport.subscribe(topics.contributionAll(), this::receive);
        transport.subscribe(topics.decryptionShareAll(), this::receive);
        sentMark = transport.bytesSent();
        receivedMark = transport.bytesReceived();
        phaseStart = System.nanoTime();
        loop.execute(() -> arm(settings.joinTimeout(), "members did not all join"));
        return outcome;
    }

    public List<Rejection> rejections() {
        return List.copyOf(rejections);
    }

    public List<RoundReport> reports() {
        return List.copyOf(reports);
    }

    private void receive(String topic, byte[] bytes) {
        loop.execute(() -> {
            if (phase == Phase.DONE) {
                return;
            }
            try {
                handle(topic, bytes);
            } catch (RuntimeException e) {
                String reason = e.getMessage() != null ? e.getMessage() : e.toString();
                Rejection r = new Rejection(Topics.senderOf(topic), topic, reason);
                rejections.add(r);
                log.accept("coordinator: " + r);
            }
        });
    }

    private void handle(String topic, byte[] bytes) {
        int sender = Topics.memberOf(topic);
        if (!members.contains(sender)) {
            throw new IllegalArgumentException("not a member of federation " + federation);
        }
        Envelope e = Envelope.decode(bytes);
        if (!e.federation().equals(federation)) {
            throw new IllegalArgumentException("message for federation " + e.federation() + ", this is " + federation);
        }
        if (e.member() != sender) {
            throw new IllegalArgumentException("envelope claims member " + e.member() + " on member " + sender + "'s topic");
        }
        int topicRound = Topics.roundOf(topic);
        if (topicRound >= 0 && topicRound != e.round()) {
            throw new IllegalArgumentException("envelope round " + e.round() + " differs from the topic's round " + topicRound);
        }
        switch (e.kind()) {
            case HELLO -> onHello(sender);
            case CKG_SHARE -> onCkg(sender, e);
            case TRANSPORT_KEY -> onTransportKey(sender, e);
            case DEALINGS -> onDealings(sender, e);
            case SETUP_READY -> onReady(sender, e);
            case CONTRIBUTION -> onContribution(sender, e);
            case DECRYPTION_SHARE -> onDecryptionShare(sender, e);
            default -> throw new IllegalArgumentException("unexpected " + e.kind() + " on " + topic);
        }
    }

    private void onHello(int sender) {
        if (phase != Phase.JOIN) {
            throw new IllegalStateException("join after key generation started");
        }
        online.add(sender);
        if (online.containsAll(members)) {
            phase = Phase.KEYS;
            crs = CommonReferenceString.fresh(random);
            byte[] seed = crs.seed();
            ckg = ShareAggregator.forKeys(ctx, ShareType.CKG, Topics.CKG_PROTOCOL, 0, members);
            log.accept("coordinator: " + members.size() + " members joined; collective key generation");
            arm(settings.keyDeadline(), "CKG shares missing");
            publish(topics.keysStart(), Envelope.Kind.KEYS_START, 0,
                    Payloads.keysStart(new Payloads.KeysStart(seed, Topics.CKG_PROTOCOL)));
        }
    }

    private void onCkg(int sender, Envelope e) {
        if (phase != Phase.KEYS) {
            throw new IllegalStateException("CKG share outside key generation");
        }
        ckg.add(sender, e.payload()); // decodes and checks; names the sender on refusal
        ckgShares.put(sender, e.payload());
        if (ckg.isComplete()) {
            Collective.publicKey(ctx, crs, ckg.combine()); // the coordinator checks it combines
            publish(topics.publicKey(), Envelope.Kind.PUBLIC_KEY, 0, Payloads.byMember(ckgShares));
            keyMillis = (System.nanoTime() - phaseStart) / 1_000_000;
            keySent = transport.bytesSent() - sentMark;
            keyReceived = transport.bytesReceived() - receivedMark;
            log.accept(String.format("coordinator: collective public key published (%d ms, sent %s, received %s)", keyMillis,
                    mb(keySent), mb(keyReceived)));
            phase = Phase.SETUP;
            phaseStart = System.nanoTime();
            sentMark = transport.bytesSent();
            receivedMark = transport.bytesReceived();
            arm(settings.keyDeadline(), "threshold setup incomplete");
        }
    }

    private void expectSetup(String what) {
        if (phase != Phase.SETUP) {
            throw new IllegalStateException(what + " outside the threshold setup");
        }
    }

    /** Transport keys are public; the members check them (the coordinator only relays them, all at once). */
    private void onTransportKey(int sender, Envelope e) {
        expectSetup("transport key");
        if (transportKeys.containsKey(sender)) {
            throw new IllegalArgumentException("second transport key");
        }
        if (e.payload().length == 0 || e.payload().length > 1024) {
            throw new IllegalArgumentException("transport key of " + e.payload().length + " bytes");
        }
        transportKeys.put(sender, e.payload());
        if (transportKeys.size() == members.size()) {
            publish(topics.transportKeys(), Envelope.Kind.TRANSPORT_KEYS, 0, Payloads.byMember(transportKeys));
        }
    }

    /** Sealed dealings by recipient: checked for shape only, then relayed to each recipient once all have dealt. */
    private void onDealings(int sender, Envelope e) {
        expectSetup("dealing");
        if (transportKeys.size() != members.size()) {
            throw new IllegalStateException("dealing before every transport key was relayed");
        }
        if (dealings.containsKey(sender)) {
            throw new IllegalArgumentException("second set of dealings");
        }
        SortedMap<Integer, byte[]> d = Payloads.readByMember(e.payload());
        TreeSet<Integer> others = new TreeSet<>(members);
        others.remove(sender);
        if (!d.keySet().equals(others)) {
            throw new IllegalArgumentException("dealings for " + d.keySet() + ", expected one for every other member " + others);
        }
        for (Map.Entry<Integer, byte[]> x : d.entrySet()) {
            if (x.getValue().length == 0) {
                throw new IllegalArgumentException("empty dealing for member " + x.getKey());
            }
        }
        dealings.put(sender, d);
        if (dealings.size() == members.size()) {
            for (int to : members) {
                SortedMap<Integer, byte[]> mine = new TreeMap<>();
                dealings.forEach((from, byRecipient) -> {
                    if (from != to) {
                        mine.put(from, byRecipient.get(to));
                    }
                });
                publish(topics.dealingsFor(to), Envelope.Kind.DEALINGS_RELAY, 0, Payloads.byMember(mine));
            }
            dealings.clear();
            dealingsRelayed = true;
        }
    }

    /** A member's setup report: ready, or the members whose transport key or dealing it refused (fails the setup). */
    private void onReady(int sender, Envelope e) {
        expectSetup("setup report");
        if (!ready.add(sender)) {
            throw new IllegalArgumentException("second setup report");
        }
        SortedMap<Integer, byte[]> refused = Payloads.readByMember(e.payload());
        if (!refused.isEmpty()) {
            StringBuilder why = new StringBuilder();
            refused.forEach((m, r) -> why.append("; member ").append(m).append(": ")
                    .append(new String(r, StandardCharsets.UTF_8)));
            fail("threshold setup: member " + sender + " refused the setup messages of member(s) " + refused.keySet() + why);
            return;
        }
        if (ready.size() == members.size()) {
            publish(topics.setupComplete(), Envelope.Kind.SETUP_COMPLETE, 0, Payloads.list(List.of()));
            setupMillis = (System.nanoTime() - phaseStart) / 1_000_000;
            setupSent = transport.bytesSent() - sentMark;
            setupReceived = transport.bytesReceived() - receivedMark;
            transportKeys.clear();
            log.accept(String.format("coordinator: threshold setup complete, t = %d of %d (%d ms, sent %s, received %s)",
                    threshold, members.size(), setupMillis, mb(setupSent), mb(setupReceived)));
            openRound(0);
        }
    }

    private void openRound(int r) {
        round = r;
        phase = Phase.CONTRIBUTIONS;
        contributions.clear();
        aggregate = null;
        combiners = null;
        decryptors = null;
        dropped.clear();
        attempt = 0;
        phaseStart = System.nanoTime();
        sentMark = transport.bytesSent();
        receivedMark = transport.bytesReceived();
        arm(settings.contributionDeadline(), null);
    }

    private void onContribution(int sender, Envelope e) {
        if (phase != Phase.CONTRIBUTIONS || e.round() != round) {
            throw new IllegalArgumentException("contribution for round " + e.round() + " while "
                    + (phase == Phase.CONTRIBUTIONS ? "round " + round + " is open" : "no round is open for contributions"));
        }
        if (contributions.containsKey(sender)) {
            throw new IllegalArgumentException("second contribution to round " + round);
        }
        List<byte[]> cts = Payloads.readList(e.payload());
        if (cts.size() != ctsPerContribution) {
            throw new IllegalArgumentException(cts.size() + " ciphertexts, expected " + ctsPerContribution);
        }
        for (byte[] b : cts) {
            Ciphertext ct;
            try {
                ct = ser.readCiphertext(b);
            } catch (RuntimeException x) {
                throw new IllegalArgumentException("not a ciphertext: " + x.getMessage());
            }
            if (ct.size() != 2 || ct.level() != ctx.parameters().maxLevel()) {
                throw new IllegalArgumentException("not a fresh ciphertext (size " + ct.size() + ", level " + ct.level() + ")");
            }
        }
        contributions.put(sender, e.payload());
        unresponsive.remove(sender);
        if (contributions.size() == members.size()) {
            closeContributions();
        }
    }

    private void closeContributions() {
        List<Integer> missing = missing();
        if (!missing.isEmpty()) {
            log.accept("coordinator: round " + round + ": no contribution from member(s) " + missing + ", left out of the sum");
        }
        contributionMillis = (System.nanoTime() - phaseStart) / 1_000_000;
        requestDecryption();
    }

    /**
     * Sums the current contributions and asks the decrypting set for shares: T = the contributors
     * (each must be able to object to a forged entry under its id), padded up to t with other members
     * not known to be unresponsive.
     */
    private void requestDecryption() {
        if (contributions.size() < minContributors) {
            fail(String.format("round %d: only %d contribution(s) from %s%s, at least %d required", round,
                    contributions.size(), contributions.keySet(), dropped.isEmpty() ? " by the deadline"
                            : " after member(s) " + dropped + " stopped answering", minContributors));
            return;
        }
        SortedSet<Integer> set = new TreeSet<>(contributions.keySet());
        for (int m : members) {
            if (set.size() >= threshold) {
                break;
            }
            if (!unresponsive.contains(m)) {
                set.add(m);
            }
        }
        if (set.size() < threshold) {
            List<Integer> unavailable = new ArrayList<>(members);
            unavailable.removeAll(set);
            fail(String.format("round %d: threshold decryption needs t = %d of %d members but only %d are responsive %s; "
                    + "not responding: %s", round, threshold, members.size(), set.size(), set, unavailable));
            return;
        }
        Ciphertext[] sum = new Ciphertext[ctsPerContribution];
        for (byte[] c : contributions.values()) {
            List<byte[]> cts = Payloads.readList(c);
            for (int i = 0; i < ctsPerContribution; i++) {
                Ciphertext ct = ser.readCiphertext(cts.get(i));
                sum[i] = sum[i] == null ? ct : eval.add(sum[i], ct);
            }
        }
        aggregate = List.of(sum);
        decryptors = set;
        ActiveSet active = new ActiveSet(set);
        List<byte[]> aggBytes = new ArrayList<>();
        combiners = new ArrayList<>();
        for (int i = 0; i < sum.length; i++) {
            aggBytes.add(ser.writeCiphertext(sum[i]));
            combiners.add(ShareAggregator.forActiveSet(ctx, ShareType.DECRYPT, sum[i].level(),
                    Topics.decryptionProtocol(round, attempt, i), active));
        }
        Payloads.Aggregate a = tamper.apply(new Payloads.Aggregate(List.copyOf(set), new TreeMap<>(contributions),
                Payloads.list(aggBytes), attempt));
        phase = Phase.DECRYPTION;
        arm(settings.decryptionDeadline(), null);
        publish(topics.aggregate(round), Envelope.Kind.AGGREGATE, round, Payloads.aggregate(a));
    }

    /** Decryption deadline: drop the members of T that did not answer (and their contributions), try a new set. */
    private void retryDecryption() {
        Set<Integer> silent = new TreeSet<>();
        combiners.forEach(c -> silent.addAll(c.missing()));
        log.accept("coordinator: round " + round + ": no decryption share from member(s) " + silent
                + " by the deadline (refused or offline); dropping them and retrying");
        if (attempt >= 255) {
            fail("round " + round + ": too many decryption attempts");
            return;
        }
        unresponsive.addAll(silent);
        dropped.addAll(silent);
        silent.forEach(contributions::remove);
        attempt++;
        requestDecryption();
    }

    private List<Integer> missing() {
        List<Integer> m = new ArrayList<>(members);
        m.removeAll(contributions.keySet());
        return m;
    }

    private void onDecryptionShare(int sender, Envelope e) {
        if (phase != Phase.DECRYPTION || e.round() != round) {
            throw new IllegalArgumentException("decryption share for round " + e.round() + " not expected now");
        }
        List<byte[]> shares = Payloads.readList(e.payload());
        if (shares.size() != combiners.size()) {
            throw new IllegalArgumentException(shares.size() + " decryption shares, expected " + combiners.size());
        }
        for (int i = 0; i < shares.size(); i++) {
            combiners.get(i).add(sender, shares.get(i));
        }
        if (combiners.stream().allMatch(ShareAggregator::isComplete)) {
            release();
        }
    }

    private void release() {
        long[] all = new long[ctsPerContribution * ctx.parameters().slotCount()];
        int slots = ctx.parameters().slotCount();
        for (int i = 0; i < ctsPerContribution; i++) {
            long[] dec = ctx.encoder().decode(Collective.decrypt(ctx, aggregate.get(i), combiners.get(i).combine()));
            System.arraycopy(dec, 0, all, i * slots, slots);
        }
        long[] sum = java.util.Arrays.copyOf(all, publicJob.width());
        boolean finished = publicJob.finished(round, sum);
        List<Integer> contributors = List.copyOf(contributions.keySet());
        List<Integer> missing = missing();
        publish(topics.result(round), Envelope.Kind.RESULT, round,
                Payloads.result(new Payloads.Result(finished, contributors, missing, sum)));
        long millis = (System.nanoTime() - phaseStart) / 1_000_000;
        RoundReport rep = new RoundReport(round, contributors, missing, List.copyOf(decryptors), List.copyOf(dropped),
                attempt + 1, millis, contributionMillis,
                transport.bytesSent() - sentMark,
                transport.bytesReceived() - receivedMark, sum, finished);
        reports.add(rep);
        log.accept(String.format("coordinator: round %d: %d contributors%s, decrypted by %s%s, %d ms (contributions %d ms), "
                        + "sent %s, received %s%s",
                round, contributors.size(), missing.isEmpty() ? "" : " (missing " + missing + ")", decryptors,
                dropped.isEmpty() ? "" : " after dropping " + dropped, millis, contributionMillis,
                mb(rep.bytesSent()),
                mb(rep.bytesReceived()), finished ? ", job finished" : ""));
        if (finished) {
            finish(null);
        } else if (round + 1 >= settings.maxRounds()) {
            fail("round limit " + settings.maxRounds() + " reached before the job finished");
        } else {
            openRound(round + 1);
        }
    }

    private void arm(Duration d, String failureIfJoinOrKeys) {
        if (deadline != null) {
            deadline.cancel(false);
        }
        Phase p = phase;
        int r = round;
        deadline = loop.schedule(() -> {
            if (phase != p || round != r || phase == Phase.DONE) {
                return;
            }
            switch (phase) {
                case JOIN -> {
                    List<Integer> absent = new ArrayList<>(members);
                    absent.removeAll(online);
                    fail(failureIfJoinOrKeys + ": " + absent);
                }
                case KEYS -> fail(failureIfJoinOrKeys + ": " + ckg.missing());
                case CONTRIBUTIONS -> closeContributions();
                case SETUP -> {
                    Set<Integer> silent = new TreeSet<>(members);
                    if (transportKeys.size() < members.size()) {
                        silent.removeAll(transportKeys.keySet());
                        fail(failureIfJoinOrKeys + ": no transport key from member(s) " + silent);
                    } else if (!dealingsRelayed) {
                        silent.removeAll(dealings.keySet());
                        fail(failureIfJoinOrKeys + ": no valid dealings from member(s) " + silent);
                    } else {
                        silent.removeAll(ready);
                        fail(failureIfJoinOrKeys + ": no setup report from member(s) " + silent);
                    }
                }
                case DECRYPTION -> retryDecryption();
                default -> { }
            }
        }, d.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void publish(String topic, Envelope.Kind kind, int r, byte[] payload) {
        transport.publish(topic, new Envelope(kind, federation, r, Envelope.COORDINATOR, payload).encode());
    }

    private void fail(String reason) {
        log.accept("coordinator: FAILED: " + reason);
        finish(reason);
    }

    private void finish(String failure) {
        phase = Phase.DONE;
        if (deadline != null) {
            deadline.cancel(false);
        }
        outcome.complete(new Outcome(failure == null, failure, keyMillis, keySent, keyReceived, setupMillis, setupSent,
                setupReceived, List.copyOf(reports)));
    }

    static String mb(long bytes) {
        return bytes >= 1 << 20 ? String.format("%.2f MB", bytes / 1048576.0) : String.format("%.1f kB", bytes / 1024.0);
    }

    @Override
    public void close() {
        loop.shutdownNow();
        if (ownedContext != null) {
            ownedContext.close();
        }
    }

    /**
     * A coordinator with its own engine context over {@link FederationParameters#bgv()} and a
     * secure random source, for hosts that know nothing of the engine (the cloud service). The
     * context is closed with the coordinator.
     */
    public static Coordinator hosted(String federation, List<Integer> members, int minContributors, FederatedJob publicJob,
                                     Transport transport, int threshold, Settings settings, int threads,
                                     Consumer<String> log) {
        BgvContext ctx = BgvContext.create(FederationParameters.bgv(), Math.max(1, threads));
        try {
            Coordinator c = new Coordinator(federation, members, minContributors, publicJob, transport, ctx, threshold,
                    settings, RandomSource.secure(), log);
            c.ownedContext = ctx;
            return c;
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
    }
}

package io.smile.federation;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Evaluator;
import io.smile.he.multiparty.Collective;
import io.smile.he.multiparty.CommonReferenceString;
import io.smile.he.multiparty.ShareAggregator;
import io.smile.he.multiparty.ShareType;
import io.smile.he.ring.RandomSource;
import io.smile.he.wire.BgvSerializer;
import io.smile.federation.transport.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * collects the decryption shares through the {@link DecryptionScheme}, decrypts, releases the sum
 * and decides with its public job instance whether the job is finished.
 *
 * <p>All work runs on one scheduler thread; handlers only enqueue.
 */
public final class Coordinator implements AutoCloseable {
    /** What happened in one round. */
    public record RoundReport(int round, List<Integer> contributors, List<Integer> missing, long millis,
                              long contributionMillis, long bytesSent, long bytesReceived, long[] sum, boolean finished) {
    }

    /** The whole run: completed or failed (with the reason), key generation cost, rounds. */
    public record Outcome(boolean completed, String failure, long keyMillis, long keyBytesSent,
                          long keyBytesReceived, List<RoundReport> rounds) {
    }

    /** Deadlines and the round limit. */
    public record Settings(Duration joinTimeout, Duration keyDeadline, Duration contributionDeadline,
                           Duration decryptionDeadline, int maxRounds) {
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(60),
                    Duration.ofSeconds(120), 10_000);
        }
    }

    private enum Phase { JOIN, KEYS, CONTRIBUTIONS, DECRYPTION, DONE }

    private final String federation;
    private final List<Integer> members;
    private final int minContributors;
    private final FederatedJob publicJob;
    private final Transport transport;
    private final BgvContext ctx;
    private final DecryptionScheme scheme;
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

    private Phase phase = Phase.JOIN;
    private final Set<Integer> online = new TreeSet<>();
    private CommonReferenceString crs;
    private ShareAggregator ckg;
    private final SortedMap<Integer, byte[]> ckgShares = new TreeMap<>();
    private int round;
    private final SortedMap<Integer, byte[]> contributions = new TreeMap<>();
    private List<Ciphertext> aggregate;
    private List<DecryptionScheme.Combiner> combiners;
    private ScheduledFuture<?> deadline;
    private long phaseStart;
    private long sentMark;
    private long receivedMark;
    private long keyMillis;
    private long contributionMillis;
    private long keySent;
    private long keyReceived;
    private UnaryOperator<Payloads.Aggregate> tamper = UnaryOperator.identity();

    public Coordinator(String federation, List<Integer> members, int minContributors, FederatedJob publicJob,
                       Transport transport, BgvContext ctx, DecryptionScheme scheme, Settings settings,
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
        FederationParameters.checkHeadroom(members.size(), publicJob.maxAbsValue());
        this.federation = federation;
        this.members = List.copyOf(new TreeSet<>(members));
        this.minContributors = minContributors;
        this.publicJob = publicJob;
        this.transport = transport;
        this.ctx = ctx;
        this.scheme = scheme;
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
            openRound(0);
        }
    }

    private void openRound(int r) {
        round = r;
        phase = Phase.CONTRIBUTIONS;
        contributions.clear();
        aggregate = null;
        combiners = null;
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
        if (contributions.size() == members.size()) {
            closeContributions();
        }
    }

    private void closeContributions() {
        if (contributions.size() < minContributors) {
            fail(String.format("round %d: only %d contribution(s) from %s by the deadline, at least %d required", round,
                    contributions.size(), contributions.keySet(), minContributors));
            return;
        }
        List<Integer> missing = missing();
        if (!missing.isEmpty()) {
            log.accept("coordinator: round " + round + ": no contribution from member(s) " + missing + ", left out of the sum");
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
        contributionMillis = (System.nanoTime() - phaseStart) / 1_000_000;
        SortedSet<Integer> decryptors = scheme.decryptors(members, online);
        if (decryptors == null) {
            fail("round " + round + ": no valid set of decrypting members among " + online);
            return;
        }
        List<byte[]> aggBytes = new ArrayList<>();
        combiners = new ArrayList<>();
        for (int i = 0; i < sum.length; i++) {
            aggBytes.add(ser.writeCiphertext(sum[i]));
            combiners.add(scheme.combiner(ctx, sum[i].level(), Topics.decryptionProtocol(round, i), decryptors));
        }
        Payloads.Aggregate a = tamper.apply(new Payloads.Aggregate(List.copyOf(decryptors), new TreeMap<>(contributions),
                Payloads.list(aggBytes)));
        phase = Phase.DECRYPTION;
        arm(settings.decryptionDeadline(), null);
        publish(topics.aggregate(round), Envelope.Kind.AGGREGATE, round, Payloads.aggregate(a));
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
        if (combiners.stream().allMatch(DecryptionScheme.Combiner::isComplete)) {
            release();
        }
    }

    private void release() {
        long[] all = new long[ctsPerContribution * ctx.parameters().slotCount()];
        int slots = ctx.parameters().slotCount();
        for (int i = 0; i < ctsPerContribution; i++) {
            long[] dec = ctx.encoder().decode(combiners.get(i).decrypt(aggregate.get(i)));
            System.arraycopy(dec, 0, all, i * slots, slots);
        }
        long[] sum = java.util.Arrays.copyOf(all, publicJob.width());
        boolean finished = publicJob.finished(round, sum);
        List<Integer> contributors = List.copyOf(contributions.keySet());
        List<Integer> missing = missing();
        publish(topics.result(round), Envelope.Kind.RESULT, round,
                Payloads.result(new Payloads.Result(finished, contributors, missing, sum)));
        long millis = (System.nanoTime() - phaseStart) / 1_000_000;
        RoundReport rep = new RoundReport(round, contributors, missing, millis, contributionMillis,
                transport.bytesSent() - sentMark,
                transport.bytesReceived() - receivedMark, sum, finished);
        reports.add(rep);
        log.accept(String.format("coordinator: round %d: %d contributors%s, %d ms (contributions %d ms), sent %s, received %s%s",
                round, contributors.size(), missing.isEmpty() ? "" : " (missing " + missing + ")", millis, contributionMillis,
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
                case DECRYPTION -> {
                    Set<Integer> missing = new TreeSet<>();
                    combiners.forEach(c -> missing.addAll(c.missing()));
                    fail("round " + round + ": no decryption share from member(s) " + missing
                            + " by the deadline (refused or offline)");
                }
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
        outcome.complete(new Outcome(failure == null, failure, keyMillis, keySent, keyReceived, List.copyOf(reports)));
    }

    static String mb(long bytes) {
        return bytes >= 1 << 20 ? String.format("%.2f MB", bytes / 1048576.0) : String.format("%.1f kB", bytes / 1024.0);
    }

    @Override
    public void close() {
        loop.shutdownNow();
    }
}

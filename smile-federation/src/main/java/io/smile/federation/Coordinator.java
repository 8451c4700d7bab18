package io.smile.federation;

import io.smile.he.bgv.BgvContext;
import io.smile.federation.identity.Roster;
import io.smile.federation.identity.SigningIdentity;
import io.smile.federation.identity.Roster;
import io.smile.federation.identity.SigningIdentity;
import io.smile.federation.transport.Transport;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

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
 * until every member reports its Shamir share ready. Every message is signed by its author (the
 * coordinator's own with its {@link SigningIdentity}, the members' relayed unchanged) and verified
 * against the {@link Roster}. A round has one aggregate, fixed when its contributions close; it is
 * decrypted by t members, and a retry after a silent decryptor asks any t responsive members to
 * decrypt the next attempt's public re-randomization of it ({@code AttemptCiphertexts}), never
 * changing the contributions (see {@link ThresholdDecryptionRelay}).
 *
 * <p>This class routes each message to the phase that expects it ({@link CollectiveKeyRelay},
 * {@link ThresholdSetupRelay}, {@link RoundContributions}, {@link ThresholdDecryptionRelay}), runs
 * the deadlines and reports; {@link CoordinatorMeter} keeps the statistics. All work runs on one
 * scheduler thread; handlers only enqueue.
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

    private final FederatedJob publicJob;
    private final Transport transport;
    private final Settings settings;
    private final CoordinatorChannel ch;
    private final CollectiveKeyRelay keys;
    private final ThresholdSetupRelay setup;
    private final RoundContributions contributions;
    private final ThresholdDecryptionRelay decryption;
    private final CoordinatorMeter meter;
    private final ScheduledExecutorService loop;
    private final List<Rejection> rejections = new CopyOnWriteArrayList<>();
    private final List<RoundReport> reports = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    /** Set when this coordinator made its own context ({@link #hosted}); closed with it. */
    private BgvContext ownedContext;

    private Phase phase = Phase.JOIN;
    private int round;
    private ScheduledFuture<?> deadline;

    /** A coordinator; {@code threshold} must be at least 2 ({@link FederationParameters#checkThreshold}). */
    public Coordinator(String federation, List<Integer> members, int minContributors, FederatedJob publicJob,
                       Transport transport, BgvContext ctx, int threshold, Settings settings,
                       SigningIdentity identity, Roster roster, Consumer<String> log) {
        this(federation, members, minContributors, publicJob, transport, ctx, threshold, false, settings,
                identity, roster, log);
    }

    /** {@code thresholdOneForTests}: package-private, so that no host (CLI, REST) can reach t = 1. */
    Coordinator(String federation, List<Integer> members, int minContributors, FederatedJob publicJob,
                Transport transport, BgvContext ctx, int threshold, boolean thresholdOneForTests, Settings settings,
                SigningIdentity identity, Roster roster, Consumer<String> log) {
        Envelope.checkFederation(federation);
        if (members.isEmpty() || members.size() > FederationParameters.MAX_MEMBERS
                || new TreeSet<>(members).size() != members.size() || members.contains(Envelope.COORDINATOR)) {
            throw new IllegalArgumentException("members must be 1.." + FederationParameters.MAX_MEMBERS
                    + " distinct ids > 0, got " + members);
        }
        if (minContributors < 2 || minContributors > members.size()) {
            throw new IllegalArgumentException("minContributors must be in [2, members], got " + minContributors);
        }
        if (!(thresholdOneForTests && threshold == 1)) {
            FederationParameters.checkThreshold(threshold, members.size());
        } else if (members.size() < 1) {
            throw new IllegalArgumentException("no members");
        }
        FederationParameters.checkHeadroom(members.size(), publicJob.maxAbsValue());
        if (identity.id() != Envelope.COORDINATOR) {
            throw new IllegalArgumentException("the coordinator signs as party 0, got an identity of party " + identity.id());
        }
        roster.requireParties(members);
        roster.requireEnrolled(identity);
        this.publicJob = publicJob;
        this.transport = transport;
        this.settings = settings;
        this.ch = new CoordinatorChannel(federation, List.copyOf(new TreeSet<>(members)), threshold, minContributors, ctx,
                publicJob.width(), transport, identity, roster, log, this::fail);
        this.keys = new CollectiveKeyRelay(ch); // the CRS is a coin toss of the members: the coordinator draws nothing
        this.setup = new ThresholdSetupRelay(ch);
        this.contributions = new RoundContributions(ch);
        this.decryption = new ThresholdDecryptionRelay(ch);
        this.meter = new CoordinatorMeter(transport);
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "coordinator-" + federation);
            t.setDaemon(true);
            return t;
        });
    }

    /** Subscribes; members must be started after this. Completes when the job is finished or fails. */
    public CompletableFuture<Outcome> start() {
        Topics topics = ch.topics;
        for (String filter : List.of(topics.helloAll(), topics.crsRevealAll(), topics.ckgAll(), topics.transportKeyAll(), topics.dealingAll(),
                topics.readyAll(), topics.contributionAll(), topics.decryptionShareAll())) {
            transport.subscribe(filter, this::receive);
        }
        meter.started();
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
                ch.log.accept("coordinator: " + r);
            }
        });
    }

    /** Dispatches a member's message to the phase that expects it. */
    private void handle(String topic, byte[] bytes) {
        Envelope e = ch.open(topic, bytes);
        int sender = e.member();
        switch (e.kind()) {
            case HELLO -> {
                expect(Phase.JOIN, "join after key generation started");
                if (keys.onHello(sender, e)) {
                    phase = Phase.KEYS;
                    ch.log.accept("coordinator: " + ch.members.size() + " members joined; collective key generation");
                    arm(settings.keyDeadline(), "collective key generation incomplete");
                    keys.startKeyGeneration();
                }
            }
            case CRS_REVEAL -> {
                expect(Phase.KEYS, "CRS reveal outside key generation");
                keys.onReveal(sender, e);
            }
            case CKG_SHARE -> {
                expect(Phase.KEYS, "CKG share outside key generation");
                if (keys.onShare(sender, e)) {
                    PhaseMeter.Span s = meter.keysDone();
                    ch.log.accept(String.format("coordinator: collective public key published (%d ms, sent %s, received %s)",
                            s.millis(), mb(s.bytesSent()), mb(s.bytesReceived())));
                    phase = Phase.SETUP;
                    arm(settings.keyDeadline(), "threshold setup incomplete");
                }
            }
            case TRANSPORT_KEY -> {
                expect(Phase.SETUP, "transport key outside the threshold setup");
                setup.onTransportKey(sender, e);
            }
            case DEALINGS -> {
                expect(Phase.SETUP, "dealing outside the threshold setup");
                setup.onDealings(sender, e);
            }
            case SETUP_READY -> {
                expect(Phase.SETUP, "setup report outside the threshold setup");
                if (setup.onReady(sender, e)) {
                    PhaseMeter.Span s = meter.setupDone();
                    ch.log.accept(String.format("coordinator: threshold setup complete, t = %d of %d (%d ms, sent %s, received %s)",
                            ch.threshold, ch.members.size(), s.millis(), mb(s.bytesSent()), mb(s.bytesReceived())));
                    openRound(0);
                }
            }
            case CONTRIBUTION -> {
                if (phase != Phase.CONTRIBUTIONS || e.round() != round) {
                    throw new IllegalArgumentException("contribution for round " + e.round() + " while "
                            + (phase == Phase.CONTRIBUTIONS ? "round " + round + " is open" : "no round is open for contributions"));
                }
                boolean all = contributions.add(sender, round, e);
                decryption.contributed(sender);
                if (all) {
                    closeContributions();
                }
            }
            case DECRYPTION_SHARE -> {
                if (phase != Phase.DECRYPTION || e.round() != round) {
                    throw new IllegalArgumentException("decryption share for round " + e.round() + " not expected now");
                }
                if (decryption.onShares(sender, e)) {
                    release();
                }
            }
            default -> throw new IllegalArgumentException("unexpected " + e.kind() + " on " + topic);
        }
    }

    private void expect(Phase p, String otherwise) {
        if (phase != p) {
            throw new IllegalStateException(otherwise);
        }
    }

    private void openRound(int r) {
        round = r;
        phase = Phase.CONTRIBUTIONS;
        contributions.open();
        decryption.open();
        meter.roundOpened();
        arm(settings.contributionDeadline(), null);
    }

    private void closeContributions() {
        List<Integer> missing = contributions.missing();
        if (!missing.isEmpty()) {
            ch.log.accept("coordinator: round " + round + ": no contribution from member(s) " + missing + ", left out of the sum");
        }
        meter.contributionsClosed();
        requestDecryption(decryption.request(round, contributions));
    }

    private void requestDecryption(boolean requested) {
        if (requested && phase != Phase.DONE) {
            phase = Phase.DECRYPTION;
            arm(settings.decryptionDeadline(), null);
        }
    }

    private void release() {
        long[] sum = decryption.decrypt(publicJob.width());
        boolean finished = publicJob.finished(round, sum);
        List<Integer> contributors = contributions.contributors();
        List<Integer> missing = contributions.missing();
        // the result carries the released attempt's signed shares: every member recombines and checks it
        ch.publish(ch.topics.result(round), Envelope.Kind.RESULT, round, decryption.releasedAttempt(),
                decryption.aggregateHash(), Payloads.result(new Payloads.Result(finished, contributors, missing, sum,
                        decryption.decryptors(), decryption.releasedShares())));
        PhaseMeter.Span s = meter.roundDone();
        List<Integer> dropped = decryption.dropped();
        RoundReport rep = new RoundReport(round, contributors, missing, decryption.decryptors(), dropped,
                decryption.attempts(), s.millis(), meter.contributionMillis(), s.bytesSent(), s.bytesReceived(), sum, finished);
        reports.add(rep);
        ch.log.accept(String.format("coordinator: round %d: %d contributors%s, decrypted by %s%s, %d ms (contributions %d ms), "
                        + "sent %s, received %s%s",
                round, contributors.size(), missing.isEmpty() ? "" : " (missing " + missing + ")", rep.decryptors(),
                dropped.isEmpty() ? "" : " (silent decryptors " + dropped + ")", rep.millis(), rep.contributionMillis(),
                mb(rep.bytesSent()), mb(rep.bytesReceived()), finished ? ", job finished" : ""));
        if (finished) {
            finish(null);
        } else if (round + 1 >= settings.maxRounds()) {
            fail("round limit " + settings.maxRounds() + " reached before the job finished");
        } else {
            openRound(round + 1);
        }
    }

    /** The deadline of the current phase; {@code failure} names what the join, key or setup phase lacked. */
    private void arm(Duration d, String failure) {
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
                case JOIN -> fail(failure + ": " + keys.absent());
                case KEYS -> fail(failure + ": " + keys.missing());
                case SETUP -> fail(failure + ": " + setup.stalled());
                case CONTRIBUTIONS -> closeContributions();
                case DECRYPTION -> requestDecryption(decryption.retry(round));
                default -> { }
            }
        }, d.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void fail(String reason) {
        ch.log.accept("coordinator: FAILED: " + reason);
        finish(reason);
    }

    private void finish(String failure) {
        phase = Phase.DONE;
        if (deadline != null) {
            deadline.cancel(false);
        }
        outcome.complete(meter.outcome(failure, reports));
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
     * A coordinator with its own engine context over {@link FederationParameters#bgv()}, for hosts that know nothing of the engine (the cloud service). The
     * context is closed with the coordinator.
     */
    public static Coordinator hosted(String federation, List<Integer> members, int minContributors, FederatedJob publicJob,
                                     Transport transport, int threshold, Settings settings, int threads,
                                     SigningIdentity identity, Roster roster, Consumer<String> log) {
        BgvContext ctx = BgvContext.create(FederationParameters.bgv(), Math.max(1, threads));
        try {
            Coordinator c = new Coordinator(federation, members, minContributors, publicJob, transport, ctx, threshold,
                    settings, identity, roster, log);
            c.ownedContext = ctx;
            return c;
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
    }
}

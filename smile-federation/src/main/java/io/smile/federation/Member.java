package io.smile.federation;

import io.smile.he.bgv.BgvContext;
import io.smile.he.multiparty.Party;
import io.smile.he.multiparty.ThresholdParty;
import io.smile.federation.identity.Roster;
import io.smile.federation.identity.SigningIdentity;
import io.smile.federation.transport.Transport;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A site of the federation. It holds its {@link Party} (its secret share never leaves it), takes
 * part in the collective key generation, and in every round encrypts its job's contribution under
 * the collective public key. Before it produces a decryption share it verifies the round's
 * aggregate against the contributions the coordinator broadcast: the aggregate must be exactly
 * their homomorphic sum, they must come from at least {@code minContributors} distinct members,
 * and its own entry, if listed, must be byte-identical to what it sent. A coordinator that asks
 * for the decryption of one site's ciphertext (or of anything but such a sum) is refused.
 *
 * <p>Decryption is t-out-of-n ({@link ThresholdParty}): after the CKG, every member Shamir-shares its
 * key share with the others (transport keys and sealed dealings, relayed by the coordinator, which
 * cannot open them). Every message is signed by its author with its {@link SigningIdentity} and
 * verified against the {@link Roster}, relayed messages included, so the coordinator cannot forge,
 * substitute or replay a member's key material or contribution. A round has one aggregate: the
 * member answers each attempt of a round at most once (attempt k decrypts a public
 * re-randomization ct_k of the aggregate that the member derives itself, so no ciphertext is
 * answered twice), at most {@link FederationParameters#MAX_DECRYPTION_ATTEMPTS}, refuses a second aggregate
 * (another hash) for the round and an aggregate that leaves out its own contribution, and checks
 * the released sum against the signed shares it carries before its job uses it; a wrong release
 * stops the member ({@link #done()} fails with the reason).
 *
 * <p>This class routes each message to the phase that expects it ({@link MemberKeyGeneration},
 * {@link MemberThresholdSetup}, {@link MemberContribution}, {@link MemberDecryption} with its
 * {@link AggregateVerifier}) and follows the released sums; {@link MemberMeter} keeps the
 * statistics. All protocol work runs on one thread per member (a Party is not thread-safe).
 */
public final class Member implements AutoCloseable {
    private final FederatedJob job;
    private final Transport transport;
    private final MemberChannel ch;
    private final MemberKeyGeneration keys;
    private final MemberThresholdSetup setup;
    private final MemberContribution contribution;
    private final MemberDecryption decryption;
    private final MemberMeter meter;
    private final ExecutorService loop;
    private final List<String> localErrors = new CopyOnWriteArrayList<>();
    private final List<long[]> sums = new CopyOnWriteArrayList<>();
    private final CompletableFuture<long[]> done = new CompletableFuture<>();

    private int round;
    private long[] lastSum;
    private int crashRound = -1;
    private boolean crashAfterContributing;
    private volatile boolean crashed;
    /** Set when a release failed verification: the member takes no further step. */
    private volatile boolean stopped;

    /** A member; {@code threshold} must be at least 2 ({@link FederationParameters#checkThreshold}). */
    public Member(String federation, int id, List<Integer> members, int minContributors, FederatedJob job,
                  Transport transport, BgvContext ctx, Party party, int threshold, SigningIdentity identity, Roster roster,
                  Consumer<String> log) {
        this(federation, id, members, minContributors, job, transport, ctx, party, threshold, false, identity, roster, log);
    }

    /** {@code thresholdOneForTests}: package-private, so that no host (CLI, REST) can reach t = 1. */
    Member(String federation, int id, List<Integer> members, int minContributors, FederatedJob job,
           Transport transport, BgvContext ctx, Party party, int threshold, boolean thresholdOneForTests,
           SigningIdentity identity, Roster roster, Consumer<String> log) {
        Envelope.checkFederation(federation);
        if (party.id() != id || id <= 0 || !members.contains(id)) {
            throw new IllegalArgumentException("member id " + id + " must be > 0, be the party's id and be in " + members);
        }
        if (members.size() != new TreeSet<>(members).size() || members.size() > FederationParameters.MAX_MEMBERS) {
            throw new IllegalArgumentException("members must be distinct and at most " + FederationParameters.MAX_MEMBERS);
        }
        if (minContributors < 2 || minContributors > members.size()) {
            throw new IllegalArgumentException("minContributors must be in [2, members], got " + minContributors);
        }
        if (!(thresholdOneForTests && threshold == 1)) {
            FederationParameters.checkThreshold(threshold, members.size());
        } else if (members.size() < 1) {
            throw new IllegalArgumentException("no members");
        }
        FederationParameters.checkHeadroom(members.size(), job.maxAbsValue());
        if (identity.id() != id) {
            throw new IllegalArgumentException("member " + id + " needs its own signing identity, got party " + identity.id() + "'s");
        }
        roster.requireParties(members);
        roster.requireEnrolled(identity);
        this.job = job;
        this.transport = transport;
        this.ch = new MemberChannel(federation, id, List.copyOf(new TreeSet<>(members)), threshold, minContributors, ctx,
                job.width(), transport, identity, roster, log);
        this.keys = new MemberKeyGeneration(ch, party);
        this.setup = new MemberThresholdSetup(ch, party);
        this.contribution = new MemberContribution(ch, job);
        this.decryption = new MemberDecryption(ch);
        this.meter = new MemberMeter(transport);
        this.loop = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "member-" + id);
            t.setDaemon(true);
            return t;
        });
    }

    public int id() {
        return ch.id;
    }

    /** Subscribes to the coordinator's topics, then announces itself. */
    public Member start() {
        Topics topics = ch.topics;
        for (String filter : List.of(topics.keysStart(), topics.crsReveals(), topics.publicKey(), topics.transportKeys(), topics.dealingsFor(ch.id),
                topics.setupComplete(), topics.aggregateAll(), topics.resultAll())) {
            transport.subscribe(filter, this::receive);
        }
        meter.started();
        keys.hello();
        return this;
    }

    /**
     * For tests and the benchmark: the member "crashes" in {@code round} (closes its MQTT connection
     * and stops), before contributing or right after publishing its contribution.
     */
    public void crashForTests(int round, boolean afterContributing) {
        this.crashRound = round;
        this.crashAfterContributing = afterContributing;
    }

    /** True once a test crash has happened. */
    public boolean crashed() {
        return crashed;
    }

    /** Completes with the last released sum when the job is finished. */
    public CompletableFuture<long[]> done() {
        return done;
    }

    public List<Rejection> rejections() {
        return ch.rejections();
    }

    /** Released sums, by round. */
    public List<long[]> sums() {
        return List.copyOf(sums);
    }

    /**
     * Per phase (index 0 = CKG up to the public key, index 1 = threshold setup, then one per round):
     * {bytes sent, bytes received,
     * ms spent encoding + encrypting its contribution, ms spent verifying the aggregate + computing its
     * decryption shares}. The round-r entry covers the time between the releases of r − 1 and r.
     */
    public List<long[]> bytesPerRound() {
        return meter.perPhase();
    }

    /** Problems with this member's own contributions (not messages from others). */
    public List<String> localErrors() {
        return List.copyOf(localErrors);
    }

    private void receive(String topic, byte[] bytes) {
        loop.execute(() -> {
            if (crashed || stopped) {
                return;
            }
            try {
                handle(topic, bytes);
            } catch (FederationFormatException | IllegalArgumentException | IllegalStateException e) {
                ch.reject(new Rejection(Topics.senderOf(topic), topic, e.getMessage()));
            } catch (RuntimeException e) {
                ch.reject(new Rejection(Topics.senderOf(topic), topic, e.toString()));
            }
        });
    }

    /** Dispatches a coordinator's message to the phase that expects it. */
    private void handle(String topic, byte[] bytes) {
        Envelope e = ch.open(topic, bytes);
        switch (e.kind()) {
            case KEYS_START -> keys.onKeysStart(topic, e);
            case CRS_REVEALS -> keys.onReveals(topic, e);
            case PUBLIC_KEY -> {
                keys.onPublicKey(topic, e);
                meter.phaseDone();
                ch.log.accept("member " + ch.id + ": collective public key ready; threshold setup (t = " + ch.threshold + ")");
                setup.begin();
            }
            case TRANSPORT_KEYS -> setup.onTransportKeys(topic, e);
            case DEALINGS_RELAY -> setup.onDealings(topic, e);
            case SETUP_COMPLETE -> onSetupComplete(topic, e);
            case AGGREGATE -> meter.decrypting(() -> onAggregate(e));
            case RESULT -> onResult(e);
            default -> throw new IllegalArgumentException("unexpected " + e.kind() + " on " + topic);
        }
    }

    private void onSetupComplete(String topic, Envelope e) {
        MemberChannel.expectTopic(topic, ch.topics.setupComplete(), e);
        MemberChannel.expectDependsOn(e, ch.transportHash == null ? Envelope.NOTHING : ch.transportHash, "set of transport keys");
        if (!setup.isComplete() || keys.encryptor() == null || round != 0 || !sums.isEmpty() || meter.phasesDone() != 1) {
            throw new IllegalStateException("setup completion not expected now");
        }
        meter.phaseDone();
        ch.log.accept("member " + ch.id + ": threshold setup complete");
        contribute();
    }

    /** A failure of this member's own job (or a bound violation) is logged locally: the member sits the round out. */
    private void contribute() {
        meter.encrypting(() -> {
            try {
                if (round == crashRound && !crashAfterContributing) {
                    contribution.none();
                    crash();
                    return;
                }
                if (contribution.encryptAndPublish(round, lastSum, keys.encryptor()) && round == crashRound) {
                    crash();
                }
            } catch (RuntimeException x) {
                contribution.none();
                localErrors.add("round " + round + ": " + x.getMessage());
                ch.log.accept("member " + ch.id + ": no contribution to round " + round + ": " + x.getMessage());
            }
        });
    }

    private void crash() {
        crashed = true;
        ch.log.accept("member " + ch.id + ": crashing (test) in round " + round);
        transport.close();
    }

    private void onAggregate(Envelope e) {
        if (keys.encryptor() == null) {
            throw new IllegalStateException("aggregate before the public key");
        }
        if (!setup.isComplete()) {
            throw new IllegalStateException("aggregate before the threshold setup is complete");
        }
        decryption.onAggregate(e, round, contribution.sentEnvelope(), setup, keys.publicKey());
    }

    private void onResult(Envelope e) {
        if (e.round() != round || keys.encryptor() == null || meter.phasesDone() < 2) {
            throw new IllegalArgumentException("result for round " + e.round() + " not expected (current round " + round + ")");
        }
        Payloads.Result r = Payloads.readResult(e.payload());
        if (r.sum().length != job.width()) {
            throw new FederationFormatException("result has " + r.sum().length + " values, width is " + job.width());
        }
        try {
            decryption.verifyRelease(e, r, round, keys.publicKey());
        } catch (IllegalArgumentException x) {
            // a release this member cannot verify is never used: the job stops here
            ch.reject(new Rejection("coordinator", ch.topics.result(round), x.getMessage()));
            done.completeExceptionally(new IllegalStateException("member " + ch.id + " stopped: " + x.getMessage()));
            stopped = true;
            return;
        }
        if (!decryption.answered(round)) {
            // the others decrypted without me (I refused the aggregate, or was not asked); the sum is verified and public
            ch.log.accept("member " + ch.id + ": round " + round + " was released without my decryption share");
        }
        boolean finished = job.finished(round, r.sum());
        if (finished != r.finished()) {
            throw new IllegalStateException("coordinator says finished=" + r.finished() + ", my job says " + finished);
        }
        sums.add(r.sum());
        lastSum = r.sum();
        meter.phaseDone();
        if (finished) {
            done.complete(r.sum());
            return;
        }
        round++;
        contribute();
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        setup.destroy();
    }
}

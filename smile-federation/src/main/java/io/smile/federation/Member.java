package io.smile.federation;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Encryptor;
import io.smile.he.bgv.Evaluator;
import io.smile.he.multiparty.Collective;
import io.smile.he.multiparty.CommonReferenceString;
import io.smile.he.multiparty.ActiveSet;
import io.smile.he.multiparty.Party;
import io.smile.he.multiparty.ShareAggregator;
import io.smile.he.multiparty.ShareCodec;
import io.smile.he.multiparty.ShareType;
import io.smile.he.multiparty.ThresholdParty;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.wire.BgvSerializer;
import io.smile.federation.transport.Transport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
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
 * cannot open them). A round is decrypted by a set T of at least t members, and a member answers
 * only if every listed contributor is in T: each listed contribution is then vouched for by its owner,
 * whose share is needed, as with n-out-of-n.
 *
 * <p>All protocol work runs on one thread per member (a Party is not thread-safe).
 */
public final class Member implements AutoCloseable {
    private final String federation;
    private final int id;
    private final List<Integer> members;
    private final int minContributors;
    private final FederatedJob job;
    private final Transport transport;
    private final BgvContext ctx;
    private final Party party;
    private final int threshold;
    private final Topics topics;
    private final ShareCodec codec;
    private final BgvSerializer ser;
    private final Evaluator eval;
    private final int ctsPerContribution;
    private final Consumer<String> log;
    private final ExecutorService loop;
    private final List<Rejection> rejections = new CopyOnWriteArrayList<>();
    private final List<String> localErrors = new CopyOnWriteArrayList<>();
    private final List<long[]> sums = new CopyOnWriteArrayList<>();
    private final List<long[]> bytesPerRound = new CopyOnWriteArrayList<>();
    private final CompletableFuture<long[]> done = new CompletableFuture<>();

    private CommonReferenceString crs;
    private long ckgProtocol;
    private byte[] myCkgShare;
    private Encryptor encryptor;
    private int round;
    private List<byte[]> myContribution;
    private int answeredRound = -1;
    private int answeredAttempt = -1;
    private ThresholdParty thresholdParty;
    private boolean setupReported;
    private UnaryOperator<SortedMap<Integer, byte[]>> dealingTamper = UnaryOperator.identity();
    private int crashRound = -1;
    private boolean crashAfterContributing;
    private volatile boolean crashed;
    private long[] lastSum;
    private long sentMark;
    private long receivedMark;
    private long encryptNanos;
    private long decryptNanos;

    public Member(String federation, int id, List<Integer> members, int minContributors, FederatedJob job,
                  Transport transport, BgvContext ctx, Party party, int threshold, Consumer<String> log) {
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
        if (threshold < 1 || threshold > members.size()) {
            throw new IllegalArgumentException("threshold must be in [1, members], got " + threshold);
        }
        FederationParameters.checkHeadroom(members.size(), job.maxAbsValue());
        this.federation = federation;
        this.id = id;
        this.members = List.copyOf(new TreeSet<>(members));
        this.minContributors = minContributors;
        this.job = job;
        this.transport = transport;
        this.ctx = ctx;
        this.party = party;
        this.threshold = threshold;
        this.topics = new Topics(federation);
        this.codec = new ShareCodec(ctx);
        this.ser = new BgvSerializer(ctx);
        this.eval = new Evaluator(ctx, null);
        this.ctsPerContribution = Slots.ciphertexts(job.width(), ctx.parameters().slotCount());
        this.log = log;
        this.loop = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "member-" + id);
            t.setDaemon(true);
            return t;
        });
    }

    public int id() {
        return id;
    }

    /** Subscribes to the coordinator's topics, then announces itself. */
    public Member start() {
        transport.subscribe(topics.keysStart(), this::receive);
        transport.subscribe(topics.publicKey(), this::receive);
        transport.subscribe(topics.transportKeys(), this::receive);
        transport.subscribe(topics.dealingsFor(id), this::receive);
        transport.subscribe(topics.setupComplete(), this::receive);
        transport.subscribe(topics.aggregateAll(), this::receive);
        transport.subscribe(topics.resultAll(), this::receive);
        sentMark = transport.bytesSent();
        receivedMark = transport.bytesReceived();
        transport.publish(topics.hello(id), new Envelope(Envelope.Kind.HELLO, federation, 0, id, new byte[0]).encode());
        return this;
    }

    /** For tests only: alters the sealed dealings (recipient → bytes) before they are sent. */
    void tamperDealingsForTests(UnaryOperator<SortedMap<Integer, byte[]>> t) {
        this.dealingTamper = t;
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
        return List.copyOf(rejections);
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
        return List.copyOf(bytesPerRound);
    }

    private void receive(String topic, byte[] bytes) {
        loop.execute(() -> {
            if (crashed) {
                return;
            }
            try {
                handle(topic, bytes);
            } catch (FederationFormatException | IllegalArgumentException | IllegalStateException e) {
                reject(topic, e.getMessage());
            } catch (RuntimeException e) {
                reject(topic, e.toString());
            }
        });
    }

    private void reject(String topic, String reason) {
        Rejection r = new Rejection(Topics.senderOf(topic), topic, reason);
        rejections.add(r);
        log.accept("member " + id + ": " + r);
    }

    private void handle(String topic, byte[] bytes) {
        Envelope e = Envelope.decode(bytes);
        if (!e.federation().equals(federation)) {
            throw new IllegalArgumentException("message for federation " + e.federation() + ", this is " + federation);
        }
        if (e.member() != Envelope.COORDINATOR) {
            throw new IllegalArgumentException("coordinator topic carries member id " + e.member());
        }
        int topicRound = Topics.roundOf(topic);
        if (topicRound >= 0 && topicRound != e.round()) {
            throw new IllegalArgumentException("envelope round " + e.round() + " differs from the topic's round " + topicRound);
        }
        switch (e.kind()) {
            case KEYS_START -> onKeysStart(topic, e);
            case PUBLIC_KEY -> onPublicKey(topic, e);
            case TRANSPORT_KEYS -> onTransportKeys(topic, e);
            case DEALINGS_RELAY -> onDealings(topic, e);
            case SETUP_COMPLETE -> onSetupComplete(topic, e);
            case AGGREGATE -> onAggregate(topic, e);
            case RESULT -> onResult(topic, e);
            default -> throw new IllegalArgumentException("unexpected " + e.kind() + " on " + topic);
        }
    }

    private void expectTopic(String topic, String expected, Envelope e) {
        if (!topic.equals(expected)) {
            throw new IllegalArgumentException(e.kind() + " on the wrong topic");
        }
    }

    private void onKeysStart(String topic, Envelope e) {
        expectTopic(topic, topics.keysStart(), e);
        if (crs != null) {
            throw new IllegalStateException("key generation already started");
        }
        Payloads.KeysStart k = Payloads.readKeysStart(e.payload());
        if (k.crsSeed().length != 32) {
            throw new FederationFormatException("CRS seed must be 32 bytes");
        }
        crs = new CommonReferenceString(k.crsSeed());
        ckgProtocol = k.protocolId();
        myCkgShare = codec.encode(party.ckgShare(ckgProtocol, crs));
        transport.publish(topics.ckg(id), new Envelope(Envelope.Kind.CKG_SHARE, federation, 0, id, myCkgShare).encode());
    }

    private void onPublicKey(String topic, Envelope e) {
        expectTopic(topic, topics.publicKey(), e);
        if (crs == null || encryptor != null) {
            throw new IllegalStateException("public key not expected now");
        }
        SortedMap<Integer, byte[]> shares = Payloads.readByMember(e.payload());
        if (!shares.keySet().equals(new TreeSet<>(members))) {
            throw new IllegalArgumentException("CKG shares from " + shares.keySet() + ", expected every member " + members);
        }
        if (!Arrays.equals(shares.get(id), myCkgShare)) {
            throw new IllegalArgumentException("the CKG share listed for me is not mine");
        }
        ShareAggregator agg = ShareAggregator.forKeys(ctx, ShareType.CKG, ckgProtocol, 0, members);
        for (Map.Entry<Integer, byte[]> s : shares.entrySet()) {
            agg.add(s.getKey(), s.getValue());
        }
        PublicKey pk = Collective.publicKey(ctx, crs, agg.combine());
        encryptor = Encryptor.withPublicKey(ctx, pk);
        markBytes();
        log.accept("member " + id + ": collective public key ready; threshold setup (t = " + threshold + ")");
        thresholdParty = new ThresholdParty(party, threshold, members, Topics.SETUP_PROTOCOL);
        transport.publish(topics.transportKey(id), new Envelope(Envelope.Kind.TRANSPORT_KEY, federation, 0, id,
                thresholdParty.transportKeyMessage()).encode());
    }

    /** Every member's transport key (relayed): accept the peers' keys, then deal. */
    private void onTransportKeys(String topic, Envelope e) {
        expectTopic(topic, topics.transportKeys(), e);
        if (thresholdParty == null || thresholdParty.missingTransportKeys().isEmpty()) {
            throw new IllegalStateException("transport keys not expected now");
        }
        SortedMap<Integer, byte[]> keys = Payloads.readByMember(e.payload());
        if (!keys.keySet().equals(new TreeSet<>(members))) {
            throw new IllegalArgumentException("transport keys from " + keys.keySet() + ", expected every member " + members);
        }
        if (!Arrays.equals(keys.get(id), thresholdParty.transportKeyMessage())) {
            throw new IllegalArgumentException("the transport key listed for me is not mine");
        }
        SortedMap<Integer, byte[]> refused = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> k : keys.entrySet()) {
            if (k.getKey() != id) {
                try {
                    thresholdParty.acceptTransportKey(k.getKey(), k.getValue());
                } catch (RuntimeException x) {
                    refused.put(k.getKey(), ("transport key: " + x.getMessage()).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        if (!refused.isEmpty()) {
            reportSetup(refused);
            return;
        }
        SortedMap<Integer, byte[]> dealings = dealingTamper.apply(new TreeMap<>(thresholdParty.deal()));
        transport.publish(topics.dealing(id), new Envelope(Envelope.Kind.DEALINGS, federation, 0, id,
                Payloads.byMember(dealings)).encode());
    }

    /** The dealings sealed to this member (relayed), by dealer: open them; report completion or the refused dealers. */
    private void onDealings(String topic, Envelope e) {
        expectTopic(topic, topics.dealingsFor(id), e);
        if (thresholdParty == null || setupReported || !thresholdParty.missingTransportKeys().isEmpty()) {
            throw new IllegalStateException("dealings not expected now");
        }
        SortedMap<Integer, byte[]> dealings = Payloads.readByMember(e.payload());
        TreeSet<Integer> others = new TreeSet<>(members);
        others.remove(id);
        if (!dealings.keySet().equals(others)) {
            throw new IllegalArgumentException("dealings from " + dealings.keySet() + ", expected every other member " + others);
        }
        SortedMap<Integer, byte[]> refused = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> d : dealings.entrySet()) {
            try {
                thresholdParty.receiveDealing(d.getKey(), d.getValue());
            } catch (RuntimeException x) {
                String reason = x.getMessage() != null ? x.getMessage() : x.toString();
                refused.put(d.getKey(), ("dealing: " + reason).getBytes(StandardCharsets.UTF_8));
                rejections.add(new Rejection("member " + d.getKey(), topic, "dealing refused: " + reason));
                log.accept("member " + id + ": refused the dealing of member " + d.getKey() + ": " + reason);
            }
        }
        if (refused.isEmpty() && !thresholdParty.isSetupComplete()) {
            throw new IllegalStateException("setup incomplete after every dealing: " + thresholdParty.missingDealings());
        }
        reportSetup(refused);
    }

    /** SETUP_READY: an empty map = my Shamir share is ready; otherwise the refused members with the reasons. */
    private void reportSetup(SortedMap<Integer, byte[]> refused) {
        setupReported = true;
        transport.publish(topics.ready(id), new Envelope(Envelope.Kind.SETUP_READY, federation, 0, id,
                Payloads.byMember(refused)).encode());
    }

    private void onSetupComplete(String topic, Envelope e) {
        expectTopic(topic, topics.setupComplete(), e);
        if (thresholdParty == null || !thresholdParty.isSetupComplete() || encryptor == null || round != 0
                || !sums.isEmpty() || bytesPerRound.size() != 1) {
            throw new IllegalStateException("setup completion not expected now");
        }
        markBytes();
        log.accept("member " + id + ": threshold setup complete");
        contribute();
    }

    /** A failure of this member's own job (or a bound violation) is logged locally: the member sits the round out. */
    private void contribute() {
        long t0 = System.nanoTime();
        try {
            encryptAndPublish();
        } catch (RuntimeException e) {
            myContribution = null;
            localErrors.add("round " + round + ": " + e.getMessage());
            log.accept("member " + id + ": no contribution to round " + round + ": " + e.getMessage());
        } finally {
            encryptNanos += System.nanoTime() - t0;
        }
    }

    /** Problems with this member's own contributions (not messages from others). */
    public List<String> localErrors() {
        return List.copyOf(localErrors);
    }

    private void crash() {
        crashed = true;
        log.accept("member " + id + ": crashing (test) in round " + round);
        transport.close();
    }

    private void encryptAndPublish() {
        if (round == crashRound && !crashAfterContributing) {
            myContribution = null;
            crash();
            return;
        }
        long[] c = job.contribution(round, lastSum);
        if (c == null) {
            myContribution = null;
            log.accept("member " + id + ": sits out round " + round);
            return;
        }
        if (c.length != job.width()) {
            throw new IllegalStateException("job gave " + c.length + " values, width is " + job.width());
        }
        long bound = job.maxAbsValue();
        for (int i = 0; i < c.length; i++) {
            if (c[i] > bound || c[i] < -bound) {
                throw new IllegalStateException("contribution entry " + i + " = " + c[i] + " exceeds maxAbsValue " + bound);
            }
        }
        List<byte[]> cts = new ArrayList<>();
        for (long[] chunk : Slots.split(c, ctx.parameters().slotCount())) {
            cts.add(ser.writeCiphertext(encryptor.encrypt(ctx.encoder().encode(chunk))));
        }
        myContribution = cts;
        transport.publish(topics.contribution(round, id),
                new Envelope(Envelope.Kind.CONTRIBUTION, federation, round, id, Payloads.list(cts)).encode());
        if (round == crashRound) {
            crash();
        }
    }

    private void onAggregate(String topic, Envelope e) {
        long t0 = System.nanoTime();
        try {
            verifyAndShare(topic, e);
        } finally {
            decryptNanos += System.nanoTime() - t0;
        }
    }

    private void verifyAndShare(String topic, Envelope e) {
        if (encryptor == null) {
            throw new IllegalStateException("aggregate before the public key");
        }
        if (thresholdParty == null || !thresholdParty.isSetupComplete()) {
            throw new IllegalStateException("aggregate before the threshold setup is complete");
        }
        Payloads.Aggregate a = Payloads.readAggregate(e.payload());
        if (e.round() != round || (answeredRound == round && a.attempt() <= answeredAttempt)) {
            throw new IllegalArgumentException("aggregate for round " + e.round() + " attempt " + a.attempt()
                    + " not expected (current round " + round
                    + (answeredRound == round ? ", attempt " + answeredAttempt + " already answered" : "") + ")");
        }
        TreeSet<Integer> decryptors = new TreeSet<>(a.decryptors());
        if (!members.containsAll(decryptors) || decryptors.size() != a.decryptors().size()) {
            throw new IllegalArgumentException("decrypting set " + a.decryptors() + " is not a set of members");
        }
        if (decryptors.size() < threshold) {
            throw new IllegalArgumentException("refused to decrypt: decrypting set " + decryptors + " has fewer than t = "
                    + threshold + " members");
        }
        if (!decryptors.containsAll(a.contributions().keySet())) {
            throw new IllegalArgumentException("refused to decrypt: contributors " + a.contributions().keySet()
                    + " are not all in the decrypting set " + decryptors + " (no owner could object to a forged entry)");
        }
        verify(a);
        List<byte[]> aggregate = Payloads.readList(a.aggregate());
        answeredRound = round;
        answeredAttempt = a.attempt();
        if (!decryptors.contains(id)) {
            return;
        }
        ActiveSet set = new ActiveSet(decryptors);
        int bits = FederationParameters.smudgingBits(ctx, ctx.parameters().maxLevel(), members.size());
        List<byte[]> shares = new ArrayList<>();
        for (int i = 0; i < aggregate.size(); i++) {
            Ciphertext ct = ser.readCiphertext(aggregate.get(i));
            shares.add(codec.encode(thresholdParty.decryptionShare(Topics.decryptionProtocol(round, a.attempt(), i), ct,
                    bits, set)));
        }
        transport.publish(topics.decryptionShare(round, id),
                new Envelope(Envelope.Kind.DECRYPTION_SHARE, federation, round, id, Payloads.list(shares)).encode());
    }

    /** The checks before any decryption share: see the class comment. */
    private void verify(Payloads.Aggregate a) {
        SortedMap<Integer, byte[]> contributions = a.contributions();
        if (contributions.size() < minContributors) {
            throw new IllegalArgumentException("refused to decrypt: the aggregate has " + contributions.size()
                    + " contribution(s), at least " + minContributors + " are required");
        }
        if (!members.containsAll(contributions.keySet())) {
            throw new IllegalArgumentException("refused to decrypt: contributors " + contributions.keySet()
                    + " include non-members");
        }
        if (contributions.containsKey(id)) {
            List<byte[]> listed = Payloads.readList(contributions.get(id));
            if (myContribution == null || listed.size() != myContribution.size()) {
                throw new IllegalArgumentException("refused to decrypt: a contribution is listed under my id that I did not send");
            }
            for (int i = 0; i < listed.size(); i++) {
                if (!Arrays.equals(listed.get(i), myContribution.get(i))) {
                    throw new IllegalArgumentException("refused to decrypt: the contribution listed under my id is not mine");
                }
            }
        } else if (myContribution != null) {
            log.accept("member " + id + ": my contribution to round " + round + " was left out (late?)");
        }
        Ciphertext[] sum = new Ciphertext[ctsPerContribution];
        for (Map.Entry<Integer, byte[]> c : contributions.entrySet()) {
            List<byte[]> cts = Payloads.readList(c.getValue());
            if (cts.size() != ctsPerContribution) {
                throw new IllegalArgumentException("refused to decrypt: member " + c.getKey() + "'s contribution has "
                        + cts.size() + " ciphertexts, expected " + ctsPerContribution);
            }
            for (int i = 0; i < cts.size(); i++) {
                Ciphertext ct = ser.readCiphertext(cts.get(i));
                if (ct.size() != 2 || ct.level() != ctx.parameters().maxLevel()) {
                    throw new IllegalArgumentException("refused to decrypt: member " + c.getKey()
                            + "'s ciphertext is not a fresh encryption");
                }
                sum[i] = sum[i] == null ? ct : eval.add(sum[i], ct);
            }
        }
        List<byte[]> aggregate = Payloads.readList(a.aggregate());
        if (aggregate.size() != ctsPerContribution) {
            throw new IllegalArgumentException("refused to decrypt: aggregate has " + aggregate.size() + " ciphertexts");
        }
        for (int i = 0; i < ctsPerContribution; i++) {
            if (!Arrays.equals(ser.writeCiphertext(sum[i]), aggregate.get(i))) {
                throw new IllegalArgumentException("refused to decrypt: ciphertext " + i
                        + " of the aggregate is not the sum of the broadcast contributions " + contributions.keySet());
            }
        }
    }

    private void onResult(String topic, Envelope e) {
        if (e.round() != round || encryptor == null || bytesPerRound.size() < 2) {
            throw new IllegalArgumentException("result for round " + e.round() + " not expected (current round " + round + ")");
        }
        if (answeredRound != round) {
            // the others decrypted without me (I refused the aggregate, or never got it); the sum is public anyway
            log.accept("member " + id + ": round " + round + " was released without my decryption share");
        }
        Payloads.Result r = Payloads.readResult(e.payload());
        if (r.sum().length != job.width()) {
            throw new FederationFormatException("result has " + r.sum().length + " values, width is " + job.width());
        }
        boolean finished = job.finished(round, r.sum());
        if (finished != r.finished()) {
            throw new IllegalStateException("coordinator says finished=" + r.finished() + ", my job says " + finished);
        }
        sums.add(r.sum());
        lastSum = r.sum();
        markBytes();
        if (finished) {
            done.complete(r.sum());
            return;
        }
        round++;
        contribute();
    }

    private void markBytes() {
        long s = transport.bytesSent();
        long rcv = transport.bytesReceived();
        bytesPerRound.add(new long[] {s - sentMark, rcv - receivedMark, encryptNanos / 1_000_000, decryptNanos / 1_000_000});
        encryptNanos = 0;
        decryptNanos = 0;
        sentMark = s;
        receivedMark = rcv;
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thresholdParty != null) {
            thresholdParty.destroy();
        } else {
            party.destroy();
        }
    }
}

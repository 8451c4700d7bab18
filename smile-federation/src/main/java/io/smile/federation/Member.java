package io.smile.federation;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Encryptor;
import io.smile.he.bgv.Evaluator;
import io.smile.he.multiparty.Collective;
import io.smile.he.multiparty.CommonReferenceString;
import io.smile.he.multiparty.Party;
import io.smile.he.multiparty.ShareAggregator;
import io.smile.he.multiparty.ShareCodec;
import io.smile.he.multiparty.ShareType;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.wire.BgvSerializer;
import io.smile.federation.transport.Transport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
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
 * for the decryption of one site's ciphertext (or of anything but such a sum) is refused. Every
 * member verifies its own entry, and n-out-of-n decryption needs every member, so each listed
 * contribution is vouched for by its owner.
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
    private final DecryptionScheme scheme;
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
    private long[] lastSum;
    private long sentMark;
    private long receivedMark;
    private long encryptNanos;
    private long decryptNanos;

    public Member(String federation, int id, List<Integer> members, int minContributors, FederatedJob job,
                  Transport transport, BgvContext ctx, Party party, DecryptionScheme scheme, Consumer<String> log) {
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
        FederationParameters.checkHeadroom(members.size(), job.maxAbsValue());
        this.federation = federation;
        this.id = id;
        this.members = List.copyOf(new TreeSet<>(members));
        this.minContributors = minContributors;
        this.job = job;
        this.transport = transport;
        this.ctx = ctx;
        this.party = party;
        this.scheme = scheme;
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
        transport.subscribe(topics.aggregateAll(), this::receive);
        transport.subscribe(topics.resultAll(), this::receive);
        sentMark = transport.bytesSent();
        receivedMark = transport.bytesReceived();
        transport.publish(topics.hello(id), new Envelope(Envelope.Kind.HELLO, federation, 0, id, new byte[0]).encode());
        return this;
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
     * Per phase (index 0 = keys up to the public key, then one per round): {bytes sent, bytes received,
     * ms spent encoding + encrypting its contribution, ms spent verifying the aggregate + computing its
     * decryption shares}. The round-r entry covers the time between the releases of r − 1 and r.
     */
    public List<long[]> bytesPerRound() {
        return List.copyOf(bytesPerRound);
    }

    private void receive(String topic, byte[] bytes) {
        loop.execute(() -> {
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
        log.accept("member " + id + ": collective public key ready");
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

    private void encryptAndPublish() {
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
        if (e.round() != round || answeredRound == round) {
            throw new IllegalArgumentException("aggregate for round " + e.round() + " not expected (current round " + round
                    + (answeredRound == round ? ", already answered" : "") + ")");
        }
        Payloads.Aggregate a = Payloads.readAggregate(e.payload());
        verify(a);
        List<byte[]> aggregate = Payloads.readList(a.aggregate());
        TreeSet<Integer> decryptors = new TreeSet<>(a.decryptors());
        if (!members.containsAll(decryptors) || decryptors.size() != a.decryptors().size()) {
            throw new IllegalArgumentException("decrypting set " + a.decryptors() + " is not a set of members");
        }
        answeredRound = round;
        if (!decryptors.contains(id)) {
            return;
        }
        int bits = FederationParameters.smudgingBits(ctx, ctx.parameters().maxLevel(), members.size());
        List<byte[]> shares = new ArrayList<>();
        for (int i = 0; i < aggregate.size(); i++) {
            Ciphertext ct = ser.readCiphertext(aggregate.get(i));
            shares.add(scheme.share(ctx, party, Topics.decryptionProtocol(round, i), ct, decryptors, bits));
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
        if (e.round() != round || answeredRound != round) {
            throw new IllegalArgumentException("result for round " + e.round() + " not expected (current round " + round + ")");
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
        party.destroy();
    }
}

package io.smile.cloud.scoring;

import static org.junit.jupiter.api.Assertions.*;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smile.cloud.TestKeys;
import io.smile.cloud.TestModel;
import io.smile.cloud.intake.FairExecutor;
import io.smile.cloud.intake.Reason;
import io.smile.he.api.HeCiphertext;
import io.smile.pdm.model.SlotLayout;
import io.smile.protocol.FeatureBatch;
import io.smile.protocol.ResultBatch;
import io.smile.protocol.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine without MQTT: fairness, queue limits, acknowledgements, rejections that never throw. */
class CloudEngineTest {
    /** Scored results, by gateway. */
    private final Map<String, List<ResultBatch>> published = new ConcurrentHashMap<>();
    /** Refusals (status other than ok), by gateway. */
    private final Map<String, List<ResultBatch>> refusals = new ConcurrentHashMap<>();
    /** The encoded scored results, in publishing order, by gateway. */
    private final Map<String, List<byte[]>> publishedBytes = new ConcurrentHashMap<>();
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private final List<AtomicInteger> acks = new ArrayList<>();

    private CloudEngine engine(Path dir, ModelRegistry models, int workers, int queue, int perGateway) throws Exception {
        GatewayRegistry registry = GatewayRegistryTest.registry(dir, 10, false);
        for (String g : new String[] {"slow", "fast"}) {
            registry.register("t", g, GatewayRegistryTest.registration("t", g, 1));
        }
        // raw scores (the model owner's option), so the results can be compared with the plaintext scores
        return new CloudEngine(new CloudEngine.Settings(workers, queue, perGateway, 1 << 20, 256 << 20,
                io.smile.pdm.model.EncryptedScorer.Output.SCORE), registry, models,
                new CloudMetrics(new SimpleMeterRegistry()), (topic, payload) -> {
                    ResultBatch r = ResultBatch.decode(payload);
                    if (!r.isScored()) { // a refusal: the slow gateway is slow in taking results only
                        refusals.computeIfAbsent(r.gatewayId(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(r);
                        return;
                    }
                    if (topic.contains("/slow/")) {
                        releaseSlow.await(60, TimeUnit.SECONDS);
                    }
                    published.computeIfAbsent(r.gatewayId(), k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(r);
                    publishedBytes.computeIfAbsent(r.gatewayId(), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                            .add(payload);
                });
    }

    /** Random admissible windows of the test model (also {@link CompactKeysScoringTest}'s). */
    static List<long[]> windows(int n, Random r) {
        List<long[]> out = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            long[] x = new long[TestModel.ENC.width()];
            for (int i = 0; i < x.length - 1; i++) {
                x[i] = r.nextInt(31) - 15;
            }
            x[x.length - 1] = TestModel.ENC.resolution();
            out.add(x);
        }
        return out;
    }

    /** A signed feature batch of {@code windows} under the test keys (also {@link CompactKeysScoringTest}'s). */
    static byte[] batch(String gateway, long seq, List<long[]> windows) {
        TestKeys k = TestKeys.get();
        long[] slots = new long[k.session.slotCount()];
        for (int w = 0; w < windows.size(); w++) {
            System.arraycopy(windows.get(w), 0, slots, w * 8, windows.get(w).length);
        }
        HeCiphertext ct = k.owner.encrypt(slots);
        List<FeatureBatch.Window> meta = new ArrayList<>();
        for (int w = 0; w < windows.size(); w++) {
            meta.add(new FeatureBatch.Window("m" + w, w));
        }
        return FeatureBatch.signed(k.identity, gateway, seq, 0, TestModel.ID, meta, ct.serialize()).encode();
    }

    private Runnable ack() {
        AtomicInteger a = new AtomicInteger();
        acks.add(a);
        return a::incrementAndGet;
    }

    private static void await(String what, java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void aSlowGatewayHoldsOneWorkerAndItsExcessIsRejectedWhileOthersAreScored(@TempDir Path dir) throws Exception {
        Random r = new Random(7);
        try (CloudEngine e = engine(dir, ModelRegistry.of(TestModel.file()), 2, 8, 2)) {
            CloudMetrics m = e.metrics();
            String slowTopic = Topics.features("t", "slow");
            List<long[]> w0 = windows(3, r);
            e.onFeatures(slowTopic, batch("slow", 0, w0), ack()); // runs, then blocks in publish
            e.onFeatures(slowTopic, batch("slow", 1, windows(1, r)), ack()); // waits behind it
            e.onFeatures(slowTopic, batch("slow", 2, windows(1, r)), ack()); // a third: refused
            assertEquals(1, m.rejectedCount(Reason.QUEUE_FULL));
            // ... and told so, with a delay to retry after: the gateway keeps it instead of losing it
            ResultBatch refusal = refusals.get("slow").get(0);
            assertEquals(2, refusal.sequence());
            assertEquals("queue-full", refusal.status());
            assertTrue(refusal.retryAfterMillis() >= FairExecutor.MIN_RETRY_AFTER_MILLIS, "" + refusal.retryAfterMillis());
            assertEquals(1, m.refusedWithRetryCount());

            List<long[]> fast = windows(5, r);
            e.onFeatures(Topics.features("t", "fast"), batch("fast", 0, fast), ack());
            await("the fast gateway's result", () -> published.containsKey("fast"));
            assertFalse(published.containsKey("slow"), "slow gateway still blocked");
            ResultBatch fr = published.get("fast").get(0);
            assertEquals(ResultBatch.Output.SCORE, fr.output(), "the raw-score option says so in the result");
            long[] dec = TestKeys.get().owner.decrypt(TestKeys.get().session.readCiphertext(fr.ciphertext()));
            for (int w = 0; w < fast.size(); w++) {
                assertEquals(TestModel.model().score(fast.get(w)), new SlotLayout(8, dec.length).scoreOf(dec, w));
            }

            releaseSlow.countDown();
            await("both slow batches", () -> published.getOrDefault("slow", List.of()).size() == 2);
            List<ResultBatch> slow = published.get("slow");
            assertEquals(0, slow.get(0).sequence(), "a gateway's batches are scored in order");
            assertEquals(1, slow.get(1).sequence());
            await("idle", e::isIdle);
            assertEquals(3, m.scoredCount());
            for (AtomicInteger a : acks) {
                assertEquals(1, a.get(), "every message acknowledged exactly once");
            }
        }
    }

    @Test
    void theGlobalQueueIsBounded(@TempDir Path dir) throws Exception {
        Random r = new Random(8);
        try (CloudEngine e = engine(dir, ModelRegistry.of(TestModel.file()), 1, 1, 10)) {
            e.onFeatures(Topics.features("t", "slow"), batch("slow", 0, windows(1, r)), ack()); // occupies the worker
            await("the slow batch to start", () -> e.queueDepth() == 0);
            e.onFeatures(Topics.features("t", "slow"), batch("slow", 1, windows(1, r)), ack()); // fills the queue
            e.onFeatures(Topics.features("t", "fast"), batch("fast", 0, windows(1, r)), ack()); // no room
            assertEquals(1, e.metrics().rejectedCount(Reason.QUEUE_FULL));
            assertEquals(1, e.queueDepth());
            releaseSlow.countDown();
            await("idle", e::isIdle);
            assertEquals(2, e.metrics().scoredCount());
        }
    }

    @Test
    void garbageNeverThrowsAndEachIsCountedAndAcknowledged(@TempDir Path dir) throws Exception {
        try (CloudEngine e = engine(dir, ModelRegistry.load(Optional.empty()), 1, 4, 4)) {
            Random r = new Random(9);
            e.onFeatures("not/a/smile/topic", new byte[10], ack());
            e.onFeatures(Topics.features("t", "fast"), new byte[(1 << 20) + 1], ack());
            byte[] junk = new byte[300];
            r.nextBytes(junk);
            e.onFeatures(Topics.features("t", "fast"), junk, ack());
            e.onFeatures(Topics.features("t", "fast"), batch("fast", 0, windows(1, r)), ack());
            e.onKeys(Topics.keys("t", "x"), junk, ack());
            e.onKeys("smile/t/x", junk, ack());
            e.onKeys(Topics.keys("t", "x"), new byte[0], ack());
            await("idle", e::isIdle);
            CloudMetrics m = e.metrics();
            assertEquals(1, m.rejectedCount(Reason.TOPIC_MISMATCH));
            assertEquals(1, m.rejectedCount(Reason.OVERSIZED));
            assertEquals(1, m.rejectedCount(Reason.MALFORMED));
            assertEquals(1, m.rejectedCount(Reason.NO_MODEL));
            assertEquals(1, m.registrationRejectedCount(Reason.MALFORMED));
            assertEquals(1, m.registrationRejectedCount(Reason.TOPIC_MISMATCH));
            assertEquals(4, m.receivedCount());
            for (AtomicInteger a : acks) {
                assertEquals(1, a.get(), "every message acknowledged exactly once");
            }
        }
    }

    @Test
    void aBatchArrivingRightAfterItsRegistrationWaitsForIt(@TempDir Path dir) throws Exception {
        Random r = new Random(10);
        try (CloudEngine e = engine(dir, ModelRegistry.of(TestModel.file()), 2, 4, 4)) {
            byte[] reg = GatewayRegistryTest.registration("t", "late", 1);
            List<long[]> w = windows(2, r);
            e.onKeys(Topics.keys("t", "late"), reg, ack());
            e.onFeatures(Topics.features("t", "late"), batch("late", 0, w), ack());
            await("the late gateway's result", () -> published.containsKey("late"));
            assertEquals(0, e.metrics().rejectedCount(Reason.UNKNOWN_GATEWAY));
        }
    }

    /**
     * The attack of a lossy network on an at-least-once protocol: the result of a scored batch is lost, the
     * gateway sends the batch again. Without the stored result the cloud dropped it as a duplicate and the
     * gateway never got an answer; now it gets the same result again, and the batch is scored once.
     */
    @Test
    void aBatchSentAgainAfterItWasScoredIsAnsweredWithTheStoredResultNotScoredTwice(@TempDir Path dir) throws Exception {
        Random r = new Random(11);
        try (CloudEngine e = engine(dir, ModelRegistry.of(TestModel.file()), 1, 4, 4)) {
            byte[] b = batch("fast", 5, windows(3, r));
            String topic = Topics.features("t", "fast");
            e.onFeatures(topic, b, ack());
            await("the result", () -> published.getOrDefault("fast", List.of()).size() == 1);
            e.onFeatures(topic, b, ack()); // the result was lost on the way: the gateway re-sends
            await("the stored result again", () -> published.getOrDefault("fast", List.of()).size() == 2);
            await("idle", e::isIdle);
            List<byte[]> sent = publishedBytes.get("fast");
            assertArrayEquals(sent.get(0), sent.get(1), "the same result, byte for byte");
            assertEquals(1, e.metrics().scoredCount(), "scored once");
            assertEquals(1, e.metrics().resentCount(CloudMetrics.Resent.STORED_RESULT));
            assertTrue(e.storedResultBytes() >= sent.get(0).length);
        }
    }

    /**
     * Overload: far more batches than the queue holds, sent at once. Every one is either scored or refused
     * with a retry delay (the gateway keeps it); none is acknowledged and dropped without an answer.
     */
    @Test
    void underOverloadEveryBatchIsScoredOrRefusedWithARetryNoneIsLostSilently(@TempDir Path dir) throws Exception {
        Random r = new Random(12);
        releaseSlow.countDown();
        int perGateway = 12;
        try (CloudEngine e = engine(dir, ModelRegistry.of(TestModel.file()), 1, 3, 2)) {
            List<byte[]> slow = new ArrayList<>();
            List<byte[]> fast = new ArrayList<>();
            for (int seq = 0; seq < perGateway; seq++) {
                slow.add(batch("slow", seq, windows(1, r)));
                fast.add(batch("fast", seq, windows(1, r)));
            }
            for (int seq = 0; seq < perGateway; seq++) {
                e.onFeatures(Topics.features("t", "slow"), slow.get(seq), ack());
                e.onFeatures(Topics.features("t", "fast"), fast.get(seq), ack());
            }
            await("idle", e::isIdle);
            for (String g : new String[] {"slow", "fast"}) {
                java.util.Set<Long> answered = new java.util.TreeSet<>();
                for (ResultBatch res : published.getOrDefault(g, List.of())) {
                    assertTrue(answered.add(res.sequence()), g + " " + res.sequence() + " answered twice");
                }
                for (ResultBatch ref : refusals.getOrDefault(g, List.of())) {
                    assertEquals("queue-full", ref.status());
                    assertTrue(ref.retryAfterMillis() > 0);
                    assertTrue(answered.add(ref.sequence()), g + " " + ref.sequence() + " answered twice");
                }
                assertEquals(perGateway, answered.size(), g + ": every batch scored or refused with a retry, got " + answered);
            }
            assertTrue(e.metrics().refusedWithRetryCount() > 0, "the overload was real");
            assertEquals(2.0 * perGateway, e.metrics().scoredCount() + e.metrics().refusedWithRetryCount());
            for (AtomicInteger a : acks) {
                assertEquals(1, a.get(), "every message acknowledged exactly once");
            }
        }
    }
}

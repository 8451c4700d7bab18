package io.smile.cloud.scoring;

import static org.junit.jupiter.api.Assertions.*;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smile.broker.EmbeddedBroker;
import io.smile.broker.MosquittoBroker;
import io.smile.cloud.TestKeys;
import io.smile.cloud.TestModel;
import io.smile.cloud.intake.Outbox;
import io.smile.cloud.intake.Publisher;
import io.smile.cloud.mqtt.MqttConnector;
import io.smile.protocol.FeatureBatch;
import io.smile.protocol.ResultBatch;
import io.smile.protocol.Topics;
import io.smile.protocol.mqtt.MqttSession;
import io.smile.protocol.mqtt.MqttSettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmarks of the cloud's capacity, run on demand and printing numbers (nothing here asserts a speed):
 *
 * <pre>
 * mvn -B -o -pl cloud-service -am verify -Dtest=CapacityBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dsmile.bench=true
 * </pre>
 *
 * <ul>
 *   <li>{@code memoryPerRegisteredGateway}: heap after GC with K gateways registered (K = 1, 10, 20);</li>
 *   <li>{@code throughputAtSaturationAndAtFourTimesIt}: a load generator of valid encrypted batches (the job's
 *       parameters, full ciphertexts) over an embedded MQTT broker into the engine with the service's
 *       defaults; first offered well above what the workers score to find the saturation rate, then at 4× that
 *       rate. It prints ciphertexts/s and windows/s scored while the load lasts, and checks that every batch
 *       was either scored or refused with a retry (none lost silently).
 *       {@code -Dsmile.bench.outbox=false} publishes results from the workers directly (as before issue 17).</li>
 * </ul>
 */
class CapacityBenchmark {
    private static final boolean ON = Boolean.getBoolean("smile.bench");

    private static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    @Test
    void memoryPerRegisteredGateway(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(ON, "benchmark: -Dsmile.bench=true");
        TestKeys.get();
        byte[] reg0 = GatewayRegistryTest.registration("t", "g0", 1);
        System.out.printf("registration message: %d bytes%n", reg0.length);
        try (GatewayRegistry registry = GatewayRegistryTest.registry(dir, 100, false)) {
            long base = heapAfterGc();
            int registered = 0;
            long previous = base;
            int previousK = 0;
            for (int k : new int[] {1, 10, 20}) {
                while (registered < k) {
                    String id = "g" + registered;
                    registry.register("t", id, GatewayRegistryTest.registration("t", id, 1));
                    registered++;
                }
                long heap = heapAfterGc();
                System.out.printf("gateways registered: %2d  heap after GC: %7.1f MB  (+%6.1f MB over none; %6.1f MB per "
                                + "gateway since K=%d)%n", k, heap / 1e6, (heap - base) / 1e6,
                        (heap - previous) / 1e6 / (k - previousK), previousK);
                previous = heap;
                previousK = k;
            }
            System.out.printf("max heap of this JVM: %.0f MB%n", Runtime.getRuntime().maxMemory() / 1e6);
        }
    }

    /** One load phase: batches offered at {@code ratePerSecond} for {@code seconds}. */
    private record Phase(double offeredPerSecond, long sent, long scored, long refused, double scoredPerSecond,
                         long lost) {
    }

    @Test
    void throughputAtSaturationAndAtFourTimesIt(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(ON, "benchmark: -Dsmile.bench=true");
        boolean outbox = !"false".equals(System.getProperty("smile.bench.outbox"));
        int gateways = Integer.getInteger("smile.bench.gateways", 20);
        int seconds = Integer.getInteger("smile.bench.seconds", 10);
        int workers = Runtime.getRuntime().availableProcessors();
        TestKeys keys = TestKeys.get();
        int windows = keys.session.slotCount() / TestModel.ENC.blockSize();
        byte[] ciphertext = keys.owner.encrypt(new long[keys.session.slotCount()]).serialize();
        List<FeatureBatch.Window> meta = new ArrayList<>();
        for (int w = 0; w < windows; w++) {
            meta.add(new FeatureBatch.Window("m" + w, w));
        }
        // Mosquitto (as in the measurements) when installed: it sends a client everything it queued for
        // it at once (up to the client's receive maximum), so the engine's queue is what bounds the backlog
        Optional<MosquittoBroker> mosquitto = MosquittoBroker.create(dir.resolve("mosquitto"),
                new MosquittoBroker.Config(10, false, 1800));
        try (AutoCloseable brokerProcess = mosquitto.isPresent() ? mosquitto.get().start() : EmbeddedBroker.startOnFreePort();
             GatewayRegistry registry = GatewayRegistryTest.registry(dir, gateways + 1, false)) {
            for (int g = 0; g < gateways; g++) {
                registry.register("t", "g" + g, GatewayRegistryTest.registration("t", "g" + g, 1));
            }
            String url = brokerProcess instanceof MosquittoBroker m ? m.url() : ((EmbeddedBroker) brokerProcess).url();
            MqttConnector[] mqtt = new MqttConnector[1];
            Publisher toMqtt = (topic, payload) -> mqtt[0].publish(topic, payload);
            Publisher publisher = outbox ? new Outbox(toMqtt, 4096, 256L << 20, "bench-publish") : toMqtt;
            CloudMetrics metrics = new CloudMetrics(new SimpleMeterRegistry());
            // the service's defaults: a worker per core, 256 batches queued, 32 per gateway
            try (CloudEngine engine = new CloudEngine(new CloudEngine.Settings(workers, 256, 32, 64 << 20, 256 << 20),
                    registry, ModelRegistry.of(TestModel.file()), metrics, publisher)) {
                mqtt[0] = new MqttConnector(new MqttConnector.Settings(url, "bench-cloud", Optional.empty(),
                        Optional.empty(), false, 600, 30, 2, 10, Optional.empty(), Optional.empty()), engine);
                mqtt[0].start();
                Map<String, Set<Long>> scored = new ConcurrentHashMap<>();
                Map<String, Set<Long>> refused = new ConcurrentHashMap<>();
                AtomicLong scoredCount = new AtomicLong();
                try (MqttSession results = new MqttSession(MqttSettings.of(url, "bench-results"));
                     MqttSession load = new MqttSession(MqttSettings.of(url, "bench-load")
                             .withMaxPendingPublishes(100_000))) {
                    results.subscribe("smile/t/+/alerts", d -> {
                        ResultBatch r = ResultBatch.decode(d.payload());
                        if (r.isScored()) {
                            if (scored.computeIfAbsent(r.gatewayId(), k -> ConcurrentHashMap.newKeySet()).add(r.sequence())) {
                                scoredCount.incrementAndGet();
                            }
                        } else {
                            refused.computeIfAbsent(r.gatewayId(), k -> ConcurrentHashMap.newKeySet()).add(r.sequence());
                        }
                    });
                    results.connect(Duration.ofSeconds(30));
                    load.connect(Duration.ofSeconds(30));
                    while (!mqtt[0].isConnected()) {
                        Thread.sleep(20);
                    }
                    long[] nextSeq = new long[gateways];
                    // warm-up, then the saturation phase: offered far above what two cores score (about 3/s)
                    phase(load, gateways, nextSeq, meta, ciphertext, 2, 3, scoredCount, scored, refused, engine);
                    Phase sat = phase(load, gateways, nextSeq, meta, ciphertext, 12, seconds, scoredCount, scored, refused,
                            engine);
                    double saturation = sat.scoredPerSecond;
                    Phase four = phase(load, gateways, nextSeq, meta, ciphertext, 4 * saturation, seconds, scoredCount,
                            scored, refused, engine);
                    Phase one = phase(load, gateways, nextSeq, meta, ciphertext, 0.5 * saturation, seconds, scoredCount,
                            scored, refused, engine);
                    System.out.printf("%n== overload benchmark: %d gateways, %d workers, %d windows per ciphertext "
                            + "(%d bytes), results %s, broker %s%n", gateways, workers, windows, ciphertext.length,
                            outbox ? "through the outbox thread" : "published by the workers",
                            mosquitto.isPresent() ? "Mosquitto" : "embedded HiveMQ");
                    for (var p : List.of(Map.entry("far above saturation", sat), Map.entry("4x saturation", four),
                            Map.entry("0.5x saturation", one))) {
                        Phase x = p.getValue();
                        System.out.printf("%-22s offered %6.2f ct/s: scored %6.2f ct/s = %8.1f windows/s; sent %d, "
                                        + "scored %d, refused with retry %d, lost %d%n", p.getKey(), x.offeredPerSecond,
                                x.scoredPerSecond, x.scoredPerSecond * windows, x.sent, x.scored, x.refused, x.lost);
                    }
                    System.out.printf("engine totals: scored %d, refused with retry %d, rejected queue-full %d%n",
                            (long) metrics.scoredCount(), (long) metrics.refusedWithRetryCount(),
                            (long) metrics.rejectedCount(io.smile.cloud.intake.Reason.QUEUE_FULL));
                    assertEquals(0, sat.lost + four.lost + one.lost, "every batch scored or refused with a retry");
                }
            } finally {
                if (mqtt[0] != null) {
                    mqtt[0].close();
                }
                if (publisher instanceof Outbox o) {
                    o.close();
                }
            }
        }
    }

    /** Offers batches round-robin over the gateways at the rate, then waits until every one is answered (bounded). */
    private static Phase phase(MqttSession load, int gateways, long[] nextSeq, List<FeatureBatch.Window> meta,
                               byte[] ciphertext, double rate, int seconds, AtomicLong scoredCount,
                               Map<String, Set<Long>> scored, Map<String, Set<Long>> refused, CloudEngine engine)
            throws InterruptedException {
        long[] firstSeq = nextSeq.clone();
        long scoredBefore = scoredCount.get();
        long t0 = System.nanoTime();
        long end = t0 + TimeUnit.SECONDS.toNanos(seconds);
        long sent = 0;
        while (System.nanoTime() < end) {
            long due = (long) ((System.nanoTime() - t0) / 1e9 * rate) + 1;
            while (sent < due) {
                int g = (int) (sent % gateways);
                long seq = nextSeq[g]++;
                byte[] b = FeatureBatch.signed(TestKeys.get().identity, "g" + g, seq, System.currentTimeMillis(), TestModel.ID,
                        meta, ciphertext).encode();
                load.publish(Topics.features("t", "g" + g), b);
                sent++;
            }
            Thread.sleep(5);
        }
        long scoredDuring = scoredCount.get() - scoredBefore;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        // drain: until everything sent in this phase is answered (scored or refused), or nothing more came for
        // 10 s with the engine idle (what is unanswered then is lost), at most 3 minutes
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        long lost = unanswered(gateways, nextSeq, firstSeq, scored, refused);
        long lastChange = System.nanoTime();
        while (lost > 0 && System.nanoTime() < deadline
                && !(engine.isIdle() && System.nanoTime() - lastChange > TimeUnit.SECONDS.toNanos(10))) {
            Thread.sleep(200);
            long now = unanswered(gateways, nextSeq, firstSeq, scored, refused);
            if (now != lost || !engine.isIdle()) {
                lastChange = System.nanoTime();
            }
            lost = now;
        }
        long refusedN = 0;
        long scoredN = 0;
        for (int g = 0; g < gateways; g++) {
            for (long s = firstSeq[g]; s < nextSeq[g]; s++) {
                boolean sc = scored.getOrDefault("g" + g, Set.of()).contains(s);
                scoredN += sc ? 1 : 0;
                refusedN += !sc && refused.getOrDefault("g" + g, Set.of()).contains(s) ? 1 : 0;
            }
        }
        return new Phase(rate, sent, scoredN, refusedN, scoredDuring / elapsed, lost);
    }

    private static long unanswered(int gateways, long[] nextSeq, long[] firstSeq, Map<String, Set<Long>> scored,
                                   Map<String, Set<Long>> refused) {
        long n = 0;
        for (int g = 0; g < gateways; g++) {
            for (long s = firstSeq[g]; s < nextSeq[g]; s++) {
                if (!scored.getOrDefault("g" + g, Set.of()).contains(s) && !refused.getOrDefault("g" + g, Set.of()).contains(s)) {
                    n++;
                }
            }
        }
        return n;
    }
}

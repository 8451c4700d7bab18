package io.smile.cloud.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smile.cloud.TestKeys;
import io.smile.cloud.TestModel;
import io.smile.he.rlwe.ExpandedKeyCache;
import io.smile.pdm.model.EncryptedScorer;
import io.smile.pdm.model.SlotLayout;
import io.smile.protocol.ResultBatch;
import io.smile.protocol.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code smile.keys.expanded-cache-mb} reaches the backend through the registry's settings, and
 * gateways whose keys are held compact score exactly like the plaintext model with the cache at
 * its default and off, two gateways on two workers at once.
 */
class CompactKeysScoringTest {
    @AfterEach
    void restoreDefault() {
        ExpandedKeyCache.shared().setCapacityBytes(ExpandedKeyCache.DEFAULT_CAPACITY_BYTES);
    }

    @Test
    void aNegativeCapIsRefused(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> new GatewayRegistry.Settings(dir, 1, false, "bgv-java", 1, 16,
                QueryBudget.Limits.DEFAULT, -1));
        assertEquals(256L << 20, new GatewayRegistry.Settings(dir, 1, false, "bgv-java", 1, 16).expandedKeyCacheBytes());
    }

    @Test
    void compactKeysScoreExactlyWithTheCacheOnAndOff(@TempDir Path dir) throws Exception {
        TestKeys.get();
        Random r = new Random(31);
        for (long cap : new long[] {0, GatewayRegistry.Settings.DEFAULT_EXPANDED_KEY_CACHE_BYTES}) {
            ExpandedKeyCache.shared().clear();
            Map<String, ResultBatch> results = new ConcurrentHashMap<>();
            Path d = dir.resolve("cap" + cap);
            GatewayRegistry registry = new GatewayRegistry(new GatewayRegistry.Settings(d, 10, false, "bgv-java", 1, 16,
                    QueryBudget.Limits.DEFAULT, cap), ModelRegistry.of(TestModel.file()));
            assertEquals(cap, ExpandedKeyCache.shared().capacityBytes(), "the setting reached the backend");
            for (String g : new String[] {"a", "b"}) {
                registry.register("t", g, GatewayRegistryTest.registration("t", g, 1));
            }
            try (CloudEngine e = new CloudEngine(new CloudEngine.Settings(2, 8, 2, 1 << 20, 256 << 20,
                    EncryptedScorer.Output.SCORE), registry, ModelRegistry.of(TestModel.file()),
                    new CloudMetrics(new SimpleMeterRegistry()), (topic, payload) -> {
                        ResultBatch b = ResultBatch.decode(payload);
                        results.put(b.gatewayId(), b);
                    })) {
                Map<String, List<long[]>> sent = Map.of("a", CloudEngineTest.windows(4, r), "b", CloudEngineTest.windows(3, r));
                for (Map.Entry<String, List<long[]>> s : sent.entrySet()) {
                    e.onFeatures(Topics.features("t", s.getKey()), CloudEngineTest.batch(s.getKey(), 0, s.getValue()), () -> { });
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
                while (results.size() < 2) {
                    assertTrue(System.nanoTime() < deadline, "timed out waiting for the results (cap " + cap + ")");
                    Thread.sleep(10);
                }
                for (Map.Entry<String, List<long[]>> s : sent.entrySet()) {
                    ResultBatch res = results.get(s.getKey());
                    assertTrue(res.isScored(), "cap " + cap + ": " + res.status());
                    long[] dec = TestKeys.get().owner.decrypt(TestKeys.get().session.readCiphertext(res.ciphertext()));
                    for (int w = 0; w < s.getValue().size(); w++) {
                        assertEquals(TestModel.model().score(s.getValue().get(w)), new SlotLayout(8, dec.length).scoreOf(dec, w),
                                "cap " + cap + ", gateway " + s.getKey() + ", window " + w);
                    }
                }
            }
            if (cap == 0) {
                assertEquals(0, ExpandedKeyCache.shared().entries(), "cap 0 caches nothing");
            } else {
                assertTrue(ExpandedKeyCache.shared().entries() > 0, "the default cap caches rows");
                assertTrue(ExpandedKeyCache.shared().sizeBytes() <= cap);
            }
            registry.close();
        }
    }
}

package io.smile.cloud.segments;

import static org.junit.jupiter.api.Assertions.*;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smile.cloud.Fixtures;
import io.smile.cloud.intake.Reason;
import io.smile.protocol.SegmentRequest;
import io.smile.protocol.SegmentResult;
import io.smile.protocol.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The segmentation engine without MQTT or keys: queue limits per unit and in total, every message
 * acknowledged exactly once, garbage on any topic rejected without an exception reaching the caller.
 */
class SegmentationEngineTest {
    private final List<SegmentResult> published = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    private SegmentationEngine engine(int queue, int perUnit) {
        SegmentModel.Loaded none = new SegmentModel.Loaded(Optional.empty(), "none");
        return new SegmentationEngine(new SegmentationEngine.Settings(1, queue, perUnit, 1 << 16, 1 << 20),
                new SegmentUnits(new SegmentUnits.Settings("bgv-java", 1, 10, 64), Optional.empty()), none,
                new SegmentMetrics(new SimpleMeterRegistry()), (topic, payload) -> {
                    SegmentResult r = SegmentResult.decode(payload);
                    assertEquals(Topics.segmentResults("t", r.unitId()), topic);
                    if (r.unitId().equals("slow")) {
                        release.await(60, TimeUnit.SECONDS);
                    }
                    published.add(r);
                });
    }

    private static byte[] request(String unit, String id) {
        return new SegmentRequest(unit, id, 1L, new byte[] {1, 2, 3}).encode();
    }

    private static Runnable counting(AtomicInteger n) {
        return n::incrementAndGet;
    }

    @Test
    void limitsPerUnitAndInTotalAndEveryMessageAcknowledgedOnce() throws Exception {
        try (SegmentationEngine e = engine(1, 1)) {
            AtomicInteger[] acks = new AtomicInteger[5];
            for (int i = 0; i < acks.length; i++) {
                acks[i] = new AtomicInteger();
            }
            // slow-1 is taken by the worker and blocks in publish; slow-2 exceeds the unit's limit
            e.onSegmentRequest(Topics.segmentRequests("t", "slow"), request("slow", "r1"), counting(acks[0]));
            Fixtures.await("slow-1 running", Duration.ofSeconds(10), () -> e.units().size() == 0 && !e.isIdle()
                    && e.metrics().requests(Reason.UNKNOWN_UNIT) == 1);
            e.onSegmentRequest(Topics.segmentRequests("t", "slow"), request("slow", "r2"), counting(acks[1]));
            assertEquals(1, e.metrics().requests(Reason.QUEUE_FULL));
            assertEquals(1, acks[1].get(), "a refused message is acknowledged at once");
            // a second unit waits (capacity 1), a third is refused
            e.onSegmentRequest(Topics.segmentRequests("t", "u2"), request("u2", "r3"), counting(acks[2]));
            e.onSegmentRequest(Topics.segmentRequests("t", "u3"), request("u3", "r4"), counting(acks[3]));
            assertEquals(2, e.metrics().requests(Reason.QUEUE_FULL));
            assertEquals(0, acks[0].get(), "not acknowledged before it is finished with");
            assertEquals(0, acks[2].get());
            release.countDown();
            Fixtures.await("idle", Duration.ofSeconds(10), e::isIdle);
            Fixtures.await("answers", Duration.ofSeconds(10), () -> published.size() == 2);
            for (int i = 0; i < 4; i++) {
                assertEquals(1, acks[i].get(), "message " + i + " acknowledged once");
            }
            assertTrue(published.stream().allMatch(r -> r.status().equals(Reason.UNKNOWN_UNIT.wire())));
            assertEquals(List.of("r1", "r3"), published.stream().map(SegmentResult::requestId).sorted().toList());
        }
    }

    @Test
    void garbageIsRejectedNeverThrownAndAlwaysAcknowledged() throws Exception {
        try (SegmentationEngine e = engine(8, 8)) {
            release.countDown();
            AtomicInteger acks = new AtomicInteger();
            e.onSegmentRequest("not/a/topic", new byte[] {1}, counting(acks));
            e.onSegmentRequest(Topics.segmentRequests("t", "u"), new byte[1 << 17], counting(acks));
            e.onSegmentRequest(Topics.segmentRequests("t", "u"), new byte[] {9, 9, 9}, counting(acks));
            e.onSegmentRequest(Topics.segmentRequests("t", "u"), request("v", "r"), counting(acks));
            e.onSegmentKeys("smile/t/u", new byte[] {1}, counting(acks));
            e.onSegmentKeys(Topics.segmentKeys("t", "u"), new byte[0], counting(acks));
            e.onSegmentKeys(Topics.segmentKeys("t", "u"), new byte[2 << 20], counting(acks));
            e.onSegmentKeys(Topics.segmentKeys("t", "u"), new byte[] {1, 2, 3}, counting(acks));
            Fixtures.await("all acknowledged", Duration.ofSeconds(10), () -> acks.get() == 8 && e.isIdle());
            SegmentMetrics m = e.metrics();
            assertEquals(2, m.requests(Reason.TOPIC_MISMATCH), "bad topic, and an envelope of another unit");
            assertEquals(1, m.requests(Reason.OVERSIZED));
            assertEquals(1, m.requests(Reason.MALFORMED));
            assertEquals(1, m.registrations(Reason.TOPIC_MISMATCH));
            assertEquals(1, m.registrations(Reason.OVERSIZED));
            assertEquals(1, m.registrations(Reason.MALFORMED));
            assertEquals(0, m.registrations(SegmentMetrics.REGISTERED));
            assertTrue(published.isEmpty(), "nothing attributable to a request of the topic's unit was answered");
            SegmentationEngine.Answer a = e.assign("u", new byte[] {1});
            assertFalse(a.ok());
            assertEquals(Reason.UNKNOWN_UNIT, a.reason());
            assertEquals(Reason.MALFORMED, e.assign("a/b", new byte[] {1}).reason());
            assertEquals(Reason.OVERSIZED, e.assign("u", new byte[1 << 17]).reason());
        }
    }
}

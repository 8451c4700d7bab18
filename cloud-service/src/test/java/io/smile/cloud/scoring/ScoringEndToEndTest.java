package io.smile.cloud.scoring;

import static io.restassured.RestAssured.given;
import static io.smile.cloud.Fixtures.metricValue;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smile.cloud.BrokerResource;
import io.smile.cloud.CloudService;
import io.smile.cloud.Fixtures;
import io.smile.cloud.TestGateway;
import io.smile.cloud.TestModel;
import io.smile.cloud.intake.Reason;
import io.smile.protocol.ResultBatch;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole flow through a real MQTT v5 broker: register, publish encrypted batches, decrypt results. */
@QuarkusTest
@QuarkusTestResource(value = BrokerResource.class, restrictToAnnotatedClass = false)
class ScoringEndToEndTest {
    @Inject
    CloudService service;

    @Test
    void everyWindowScoreEqualsThePlaintextModel() throws Exception {
        try (TestGateway gw = Fixtures.registeredGateway("gw-main")) {
            long scoredBefore = (long) service.engine().metrics().scoredCount();
            int[] sizes = {1, 300, 2048};
            for (int seq = 0; seq < sizes.length; seq++) {
                List<long[]> windows = gw.randomWindows(sizes[seq]);
                ResultBatch r = gw.scoreAndCheck(seq, windows);
                assertEquals(seq, r.sequence());
                assertEquals("gw-main", r.gatewayId());
                assertTrue(r.evaluationMicros() > 0);
                assertTrue(r.receivedAtMillis() > 0);
            }
            assertTrue(service.engine().metrics().scoredCount() >= scoredBefore + 3);
            Fixtures.api().get("/gateways/gw-main").then().statusCode(200)
                    .body("id", is("gw-main"))
                    .body("tenant", is("acme"))
                    .body("lastSequence", is(2))
                    .body("batchesScored", is(3))
                    .body("parameterFingerprint", matchesPattern("[0-9a-f]{16}"))
                    .body("registeredAt", notNullValue());
        }
    }

    /**
     * A re-sent batch (a QoS 1 redelivery, or the gateway re-sending because its result did not come) is
     * scored once and answered with the stored result, byte for byte the same: never dropped without an answer.
     */
    @Test
    void duplicateSequencesAreScoredOnceAndAnsweredWithTheStoredResult() throws Exception {
        try (TestGateway gw = Fixtures.registeredGateway("gw-dup")) {
            double dupBefore = service.engine().metrics().rejectedCount(Reason.DUPLICATE);
            double resentBefore = service.engine().metrics().resentCount(CloudMetrics.Resent.STORED_RESULT);
            double scoredBefore = service.engine().metrics().scoredCount();
            List<long[]> windows = gw.randomWindows(5);
            byte[] batch = gw.batch(10, windows).encode();
            String topic = io.smile.protocol.Topics.features("acme", "gw-dup");
            // the same batch twice in a row (as a QoS 1 redelivery would), then once more after it was scored
            gw.publishRaw(topic, batch, false);
            gw.publishRaw(topic, batch, false);
            gw.checkScores(gw.awaitResult(10, Duration.ofSeconds(120)), windows);
            gw.publishRaw(topic, batch, false);
            List<long[]> next = gw.randomWindows(2);
            gw.scoreAndCheck(11, next);
            Fixtures.await("two duplicates counted", Duration.ofSeconds(30),
                    () -> service.engine().metrics().rejectedCount(Reason.DUPLICATE) >= dupBefore + 2);
            // both copies came after the first was scored (a gateway's batches run one at a time): both are
            // answered with the stored result
            Fixtures.await("every copy answered", Duration.ofSeconds(30), () -> gw.resultsFor(10) == 3);
            Thread.sleep(300);
            assertEquals(3, gw.resultsFor(10), "sequence 10: one result and two re-sends of it");
            byte[] first = null;
            for (ResultBatch r : gw.all) {
                if (r.sequence() == 10) {
                    gw.checkScores(r, windows);
                    if (first == null) {
                        first = r.ciphertext();
                    }
                    assertArrayEquals(first, r.ciphertext(), "the stored result, not a new evaluation");
                }
            }
            assertEquals(1, gw.resultsFor(11));
            assertEquals(scoredBefore + 2, service.engine().metrics().scoredCount(), 0.0, "10 and 11 scored once each");
            assertEquals(resentBefore + 2, service.engine().metrics().resentCount(CloudMetrics.Resent.STORED_RESULT));
        }
    }

    @Test
    void metricsEndpointShowsTheCounters() throws Exception {
        Fixtures.assertOthersStillScored();
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String name : new String[] {"smile_batches_received_total", "smile_batches_scored_total",
                "smile_bytes_in_total", "smile_bytes_out_total", "smile_gateways_registered",
                "smile_worker_queue_depth", "smile_inference_seconds_count", "smile_inference_seconds_bucket",
                "smile_registrations_total"}) {
            assertTrue(metrics.contains(name), name + " missing from /q/metrics");
        }
        assertTrue(metrics.contains("smile_inference_seconds{quantile=\"0.5\""), "inference percentiles");
        for (Reason reason : Reason.refusing(Reason.Refused.BATCH)) {
            assertTrue(metrics.contains("smile_batches_rejected_total{reason=\"" + reason.wire() + "\"}"), reason.wire());
        }
        assertTrue(metricValue(metrics, "smile_batches_scored_total") >= 1);
        assertTrue(metricValue(metrics, "smile_bytes_out_total") > 0);
        assertTrue(metricValue(metrics, "smile_gateways_registered") >= 1);
    }

    @Test
    void restEndpointsListShowAndDeleteGatewaysAndDescribeModels() throws Exception {
        try (TestGateway gw = Fixtures.registeredGateway("gw-rest")) {
            Fixtures.api().get("/gateways").then().statusCode(200).body("id", hasItem("gw-rest"));
            Fixtures.api().get("/gateways/gw-rest").then().statusCode(200)
                    .body("lastSequence", is(-1)).body("batchesScored", is(0)).body("blockSize", is(8));
            Fixtures.api().get("/gateways/nobody").then().statusCode(404);
            Fixtures.api().delete("/gateways/nobody").then().statusCode(404);

            Fixtures.api().get("/models").then().statusCode(200)
                    .body("size()", is(1))
                    .body("[0].id", is(TestModel.ID))
                    .body("[0].version", is(TestModel.VERSION))
                    .body("[0].features", contains(io.smile.pdm.model.Ai4iFeatures.ENCODING.features().stream()
                            .map(io.smile.pdm.model.FeatureEncoding.Feature::name).toArray(String[]::new)))
                    .body("[0].createdAt", notNullValue())
                    .body("[0].quality.f1", is(0.81f))
                    .body("[0]", not(hasKey("weights")));

            given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                    .body("checks.name", hasItems("mqtt", "model"));
            given().get("/q/health/live").then().statusCode(200).body("status", is("UP"));

            Fixtures.api().delete("/gateways/gw-rest").then().statusCode(204);
            Fixtures.api().get("/gateways/gw-rest").then().statusCode(404);
            double before = service.engine().metrics().rejectedCount(Reason.UNKNOWN_GATEWAY);
            gw.publish(gw.batch(0, gw.randomWindows(1)));
            Fixtures.awaitRejected(service, Reason.UNKNOWN_GATEWAY, before);
            // the retained registration was cleared: it does not come back
            Thread.sleep(300);
            assertFalse(Fixtures.registered("gw-rest"));
        }
    }

    @Test
    void serviceReconnectsWhenTheBrokerRestartsMidStream() throws Exception {
        try (TestGateway gw = Fixtures.registeredGateway("gw-restart")) {
            List<long[]> w0 = gw.randomWindows(4);
            gw.scoreAndCheck(0, w0);
            BrokerResource.broker().stop();
            Fixtures.await("readiness DOWN", Duration.ofSeconds(30),
                    () -> given().get("/q/health/ready").statusCode() == 503);
            BrokerResource.broker().start();
            Fixtures.await("readiness UP again", Duration.ofSeconds(60),
                    () -> given().get("/q/health/ready").statusCode() == 200);
            Fixtures.await("gateway client reconnected", Duration.ofSeconds(30), gw::isConnected);
            gw.scoreAndCheck(1, gw.randomWindows(6));
            Fixtures.assertOthersStillScored();
        }
    }
}

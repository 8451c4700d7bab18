package io.smile.cloud.segments;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smile.cloud.BrokerResource;
import io.smile.cloud.CloudService;
import io.smile.cloud.Fixtures;
import io.smile.cloud.TestUnit;
import io.smile.cloud.intake.Reason;
import io.smile.cloud.segments.SegmentMetrics;
import io.smile.protocol.SegmentResult;
import io.smile.workforce.SegmentClient;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Without smile.segments.centroids (the default test profile) the service runs, says so at
 * GET /segments, accepts unit registrations, and answers requests with no-model over MQTT and REST.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerResource.class, restrictToAnnotatedClass = false)
class SegmentNoModelTest {
    @Inject
    CloudService service;

    @Test
    void requestsAreRejectedWithNoModel() throws Exception {
        Fixtures.api().get("/segments").then().statusCode(200)
                .body("modelLoaded", is(false))
                .body("k", nullValue())
                .body("problem", containsString("smile.segments.centroids"));
        SegmentMetrics metrics = service.segments().metrics();
        try (TestUnit u = new TestUnit(BrokerResource.broker().url(), Fixtures.TENANT, "unit-nomodel")) {
            u.register();
            Fixtures.await("segment registration", Duration.ofSeconds(90), () -> SegmentAssignmentTest.unitListed("unit-nomodel"));
            SegmentClient client = new SegmentClient(u.keys.owner, 4);
            byte[] request = client.request(TestUnit.employees(2, 9));
            double before = metrics.requests(Reason.NO_MODEL);
            u.send("req-nm", request);
            SegmentResult r = u.await("req-nm", Duration.ofSeconds(30));
            assertEquals(Reason.NO_MODEL.wire(), r.status());
            assertFalse(r.ok());
            Fixtures.api().contentType("application/octet-stream").body(request).post("/segments/unit-nomodel/assign")
                    .then().statusCode(503).body(is(Reason.NO_MODEL.wire()));
            assertEquals(before + 2, metrics.requests(Reason.NO_MODEL));
            u.clearKeys();
        }
        given().get("/q/health/live").then().statusCode(200);
        Fixtures.assertOthersStillScored();
    }
}

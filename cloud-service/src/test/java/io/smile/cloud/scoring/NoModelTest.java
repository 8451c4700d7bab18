package io.smile.cloud.scoring;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smile.cloud.BrokerResource;
import io.smile.cloud.CloudService;
import io.smile.cloud.Fixtures;
import io.smile.cloud.TestGateway;
import io.smile.cloud.intake.Reason;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Without a model file the service runs, reports the model check DOWN and rejects batches with no-model. */
@QuarkusTest
@TestProfile(NoModelTest.MissingModel.class)
@QuarkusTestResource(value = BrokerResource.class, restrictToAnnotatedClass = false)
class NoModelTest {
    public static class MissingModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("smile.model.path", "target/quarkus-test/no-such-model.json");
        }
    }

    @Inject
    CloudService service;

    @Test
    void batchesAreRejectedWithNoModelAndHealthIsDown() throws Exception {
        Fixtures.api().get("/models").then().statusCode(200).body("size()", is(0));
        given().get("/q/health/ready").then().statusCode(503).body("status", is("DOWN"))
                .body("checks.find { it.name == 'model' }.status", is("DOWN"));
        given().get("/q/health/live").then().statusCode(200);
        try (TestGateway gw = Fixtures.registeredGateway("gw-nomodel")) {
            double before = service.engine().metrics().rejectedCount(Reason.NO_MODEL);
            gw.publish(gw.batch(0, gw.randomWindows(1)));
            Fixtures.awaitRejected(service, Reason.NO_MODEL, before);
            assertTrue(gw.all.isEmpty());
        }
    }
}

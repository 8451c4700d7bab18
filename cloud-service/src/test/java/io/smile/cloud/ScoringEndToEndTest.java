package io.smile.cloud;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smile.protocol.ResultBatch;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = BrokerResource.class, restrictToAnnotatedClass = false)
class ScoringEndToEndTest {
    @Inject
    CloudService service;

    static void awaitRegistered(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            if (given().get("/gateways/" + id).statusCode() == 200) {
                return;
            }
            Thread.sleep(50);
        }
        fail("gateway " + id + " not registered in time");
    }

    @Test
    void gatewayRegistersAndEveryWindowScoreEqualsThePlaintextModel() throws Exception {
        long t0 = System.nanoTime();
        try (TestGateway gw = new TestGateway(BrokerResource.broker().url(), "acme", "gw-main")) {
            System.out.println("keys " + (System.nanoTime() - t0) / 1e6);
            gw.register();
            awaitRegistered("gw-main");
            System.out.println("registered " + (System.nanoTime() - t0) / 1e6);
            ResultBatch r = gw.scoreAndCheck(0, gw.randomWindows(1));
            System.out.println("scored1 " + (System.nanoTime() - t0) / 1e6 + " eval " + r.evaluationMicros());
            r = gw.scoreAndCheck(1, gw.randomWindows(2048));
            System.out.println("scored2 " + (System.nanoTime() - t0) / 1e6 + " eval " + r.evaluationMicros());
            assertEquals(1, r.sequence());
        }
    }
}

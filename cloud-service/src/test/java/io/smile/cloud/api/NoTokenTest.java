package io.smile.cloud.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.*;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smile.cloud.BrokerResource;
import io.smile.cloud.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The secure default: a service started without any smile.api.tokens.* answers 401 on every
 * protected endpoint, whatever token is presented, and says so at start.
 */
@QuarkusTest
@TestProfile(NoTokenTest.NoTokens.class)
@QuarkusTestResource(value = BrokerResource.class, restrictToAnnotatedClass = false)
class NoTokenTest {
    static final Path LOG = BrokerResource.ROOT.resolve("no-token.log");

    /** Its own config profile: the %test one configures the tests' tokens, and a map entry cannot be removed. */
    public static class NoTokens implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "no-token";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", "0", "quarkus.http.host", "127.0.0.1",
                    "smile.mqtt.client-id", "smile-cloud-no-token", "smile.workers", "1",
                    "quarkus.log.file.enabled", "true", "quarkus.log.file.path", LOG.toString());
        }
    }

    @Test
    void everyProtectedEndpointIs401() throws Exception {
        for (String token : List.of(Fixtures.ADMIN_TOKEN, Fixtures.VIEWER_TOKEN, "")) {
            for (String p : List.of("/gateways", "/models", "/federations", "/segments")) {
                Fixtures.as(token).get(p).then().statusCode(401);
                given().get(p).then().statusCode(401);
            }
            Fixtures.as(token).contentType("application/json").body(Map.of("id", "f", "job", "pdm-training", "members", List.of(1, 2)))
                    .post("/federations").then().statusCode(401);
            Fixtures.as(token).contentType("application/octet-stream").body(new byte[] {1}).post("/segments/u/assign")
                    .then().statusCode(401);
        }
        given().get("/q/health/live").then().statusCode(200);
        assertTrue(Files.readString(LOG).contains("REST API: no token configured"), "the start warns that nobody can call the API");
    }
}

package io.smile.cloud.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.*;
import static org.junit.jupiter.api.Assertions.*;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.smile.cloud.BrokerResource;
import io.smile.cloud.CloudService;
import io.smile.cloud.Fixtures;
import io.smile.cloud.api.ApiTokens;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The REST API's bearer tokens with the test profile's three tokens (all roles, viewer, unit):
 * no token or a wrong one is 401, a token without the endpoint's role is 403, the right one
 * reaches the resource; health and metrics stay open; neither tokens nor hashes are logged.
 */
@QuarkusTest
@QuarkusTestResource(value = BrokerResource.class, restrictToAnnotatedClass = false)
class ApiAuthTest {
    private static final String WRONG_TOKEN = "smile-test-wrong-token-93be0d47";
    private static final List<String> VIEWER_PATHS = List.of("/gateways", "/gateways/nobody", "/models", "/federations",
            "/federations/nobody", "/segments");
    /** A start request the resource would accept: refusing it must come from authorization. */
    private static final Map<String, Object> START = Map.of("id", "auth-probe", "job", "pdm-training", "members", List.of(1, 2, 3));

    @Inject
    CloudService service;

    /** Every protected request of the API, made with the given request specification. */
    private static void everyEndpoint(Supplier<RequestSpecification> as, int status) {
        for (String p : VIEWER_PATHS) {
            as.get().get(p).then().statusCode(status);
        }
        as.get().contentType("application/json").body(START).post("/federations").then().statusCode(status);
        as.get().contentType("application/octet-stream").body(new byte[] {1, 2, 3}).post("/segments/nobody/assign")
                .then().statusCode(status);
        as.get().delete("/gateways/nobody").then().statusCode(status);
        as.get().delete("/segments/nobody").then().statusCode(status);
    }

    @Test
    void withoutATokenEveryEndpointIs401WithABearerChallenge() {
        everyEndpoint(() -> given(), 401);
        given().get("/gateways").then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        assertTrue(service.federations().status("auth-probe").isEmpty(), "no federation started");
    }

    @Test
    void aWrongOrMalformedTokenIs401() {
        everyEndpoint(() -> Fixtures.as(WRONG_TOKEN), 401);
        given().header("Authorization", "Bearer").get("/models").then().statusCode(401);
        given().header("Authorization", "Bearer ").get("/models").then().statusCode(401);
        // the hash in place of the token must not work: the configuration is not a password file
        given().header("Authorization", "Bearer " + ApiTokens.sha256Hex(Fixtures.VIEWER_TOKEN)).get("/models").then().statusCode(401);
        // a token one character off
        String near = Fixtures.VIEWER_TOKEN.substring(0, Fixtures.VIEWER_TOKEN.length() - 1) + "x";
        Fixtures.as(near).get("/models").then().statusCode(401);
        given().auth().preemptive().basic("test-viewer", Fixtures.VIEWER_TOKEN).get("/models").then().statusCode(401);
    }

    @Test
    void aViewerReadsButChangesNothing() {
        for (String p : List.of("/gateways", "/models", "/federations", "/segments")) {
            Fixtures.as(Fixtures.VIEWER_TOKEN).get(p).then().statusCode(200);
        }
        Fixtures.as(Fixtures.VIEWER_TOKEN).get("/gateways/nobody").then().statusCode(404);
        Fixtures.as(Fixtures.VIEWER_TOKEN).contentType("application/json").body(START).post("/federations").then().statusCode(403);
        assertTrue(service.federations().status("auth-probe").isEmpty(), "no federation started");
        Fixtures.as(Fixtures.VIEWER_TOKEN).delete("/gateways/nobody").then().statusCode(403);
        Fixtures.as(Fixtures.VIEWER_TOKEN).delete("/segments/nobody").then().statusCode(403);
        Fixtures.as(Fixtures.VIEWER_TOKEN).contentType("application/octet-stream").body(new byte[] {1})
                .post("/segments/nobody/assign").then().statusCode(403);
    }

    @Test
    void aUnitTokenOnlyAsksForAssignments() {
        // past authorization the service itself answers: no segment model in this profile
        Fixtures.as(Fixtures.UNIT_TOKEN).contentType("application/octet-stream").body(new byte[] {1, 2, 3})
                .post("/segments/nobody/assign").then().statusCode(not(anyOf(is(401), is(403))))
                .body(not(emptyString()));
        for (String p : VIEWER_PATHS) {
            Fixtures.as(Fixtures.UNIT_TOKEN).get(p).then().statusCode(403);
        }
        Fixtures.as(Fixtures.UNIT_TOKEN).contentType("application/json").body(START).post("/federations").then().statusCode(403);
        Fixtures.as(Fixtures.UNIT_TOKEN).delete("/segments/nobody").then().statusCode(403);
    }

    @Test
    void aTokenBoundToOneUnitServesThatUnitOnly() {
        Fixtures.as(Fixtures.UNIT_A_TOKEN).contentType("application/octet-stream").body(new byte[] {1, 2, 3})
                .post("/segments/unit-b/assign").then().statusCode(403);
        Fixtures.as(Fixtures.UNIT_A_TOKEN).contentType("application/octet-stream").body(new byte[] {1, 2, 3})
                .post("/segments/unit-a/assign").then().statusCode(not(anyOf(is(401), is(403))));
        Fixtures.as(Fixtures.UNIT_A_TOKEN).get("/segments").then().statusCode(403);
    }

    @Test
    void anOperatorReachesTheStateChangingEndpoints() {
        // answers of the resources themselves (bad request, unknown ids), not of the security layer
        Fixtures.api().contentType("application/json").body(Map.of("job", "pdm-training")).post("/federations").then().statusCode(400);
        Fixtures.api().delete("/gateways/nobody").then().statusCode(404);
        Fixtures.api().delete("/segments/nobody").then().statusCode(404);
        Fixtures.api().get("/models").then().statusCode(200).body("size()", is(1));
        // "bearer" in any case (RFC 7235: the scheme is case-insensitive)
        given().header("Authorization", "bearer " + Fixtures.VIEWER_TOKEN).get("/models").then().statusCode(200);
    }

    @Test
    void healthAndMetricsStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("smile_"));
    }

    @Test
    void theStartLogCountsTheTokensAndNeverShowsOne() throws Exception {
        // requests with every kind of token first, so their handling is in the log too
        Fixtures.as(WRONG_TOKEN).get("/models");
        Fixtures.as(Fixtures.VIEWER_TOKEN).get("/models");
        Fixtures.api().contentType("application/json").body(Map.of("job", "pdm-training")).post("/federations");
        String log = Files.readString(BrokerResource.LOG);
        assertTrue(log.contains("REST API: 4 bearer token(s) configured: test-admin, test-unit, test-unit-a, test-viewer"), "token count logged");
        assertTrue(log.contains("POST /federations by token test-admin"), "state changes are logged with the token's name");
        for (String token : List.of(Fixtures.ADMIN_TOKEN, Fixtures.VIEWER_TOKEN, Fixtures.UNIT_TOKEN, WRONG_TOKEN)) {
            assertFalse(log.contains(token), "a token is in the log");
            assertFalse(log.contains(ApiTokens.sha256Hex(token)), "a token's hash is in the log");
            assertFalse(log.contains(ApiTokens.sha256Hex(token).substring(0, 16)), "part of a token's hash is in the log");
        }
    }
}

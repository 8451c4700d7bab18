package io.smile.cloud.segments;

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
import io.smile.cloud.SecretScan;
import io.smile.cloud.TestUnit;
import io.smile.cloud.intake.Reason;
import io.smile.cloud.segments.SegmentMetrics;
import io.smile.he.api.HeBackend;
import io.smile.he.api.HeParameterSpec;
import io.smile.he.api.HeSession;
import io.smile.protocol.SegmentRequest;
import io.smile.protocol.SegmentResult;
import io.smile.workforce.AssignmentLayout;
import io.smile.workforce.HrEncoding;
import io.smile.workforce.SegmentClient;
import io.smile.workforce.SegmentModelFile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Encrypted segment assignment through the running service and a real MQTT v5 broker: a unit with
 * its own key owner registers its public material, sends encrypted employees over MQTT and over
 * REST, decrypts the distances, and they equal the plaintext ones; malformed, unknown-unit,
 * wrong-parameter and bad-ciphertext messages are rejected with their reason while the service
 * keeps answering; the log holds neither plaintext nor key bytes.
 */
@QuarkusTest
@TestProfile(SegmentAssignmentTest.WithCentroids.class)
@QuarkusTestResource(value = BrokerResource.class, restrictToAnnotatedClass = false)
class SegmentAssignmentTest {
    static final int K = 3;
    static final Path CENTROIDS = BrokerResource.ROOT.resolve("centroids.json");
    private static TestUnit unit;
    private static final List<long[]> SENT = new ArrayList<>();

    /** The test profile plus a tiny segment model file (3 synthetic centroids), written before the service starts. */
    public static class WithCentroids implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(BrokerResource.ROOT);
                SegmentModelFile.of(centroids(), Map.of("source", "SegmentAssignmentTest")).write(CENTROIDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("smile.segments.centroids", CENTROIDS.toString());
        }
    }

    static long[][] centroids() {
        Random rnd = new Random(11);
        long[][] c = new long[K][HrEncoding.FEATURES];
        for (long[] row : c) {
            for (int d = 0; d < row.length; d++) {
                row[d] = rnd.nextInt(161) - 80;
            }
        }
        return c;
    }

    @Inject
    CloudService service;

    private SegmentMetrics metrics() {
        return service.segments().metrics();
    }

    static boolean unitListed(String id) {
        return Fixtures.api().get("/segments").then().statusCode(200).extract().jsonPath().getList("units.id").contains(id);
    }

    /** The unit "unit-a", registered over MQTT (once per class). */
    static synchronized TestUnit unit() throws Exception {
        if (unit == null) {
            unit = new TestUnit(BrokerResource.broker().url(), Fixtures.TENANT, "unit-a");
            unit.register();
            Fixtures.await("segment registration of unit-a", Duration.ofSeconds(90), () -> unitListed("unit-a"));
        }
        return unit;
    }

    static synchronized List<long[]> employees(int n, long seed) {
        List<long[]> e = TestUnit.employees(n, seed);
        SENT.addAll(e);
        return e;
    }

    /** Every decrypted distance equals the plaintext one and the arg-min is the plaintext segment. */
    static void assertPlaintextDistances(List<long[]> employees, long[][] distances) {
        long[][] mu = centroids();
        for (int e = 0; e < employees.size(); e++) {
            int best = 0;
            for (int c = 0; c < K; c++) {
                long expected = TestUnit.squaredDistance(employees.get(e), mu[c]);
                assertEquals(expected, distances[e][c], "employee " + e + " centroid " + c);
                if (expected < TestUnit.squaredDistance(employees.get(e), mu[best])) {
                    best = c;
                }
            }
            assertEquals(best, SegmentClient.argMin(distances)[e], "segment of employee " + e);
        }
    }

    /** A good request over MQTT is answered correctly (the service is still serving). */
    void assertStillAnswers(String requestId) throws Exception {
        TestUnit u = unit();
        SegmentClient client = new SegmentClient(u.keys.owner, K);
        List<long[]> batch = employees(2, requestId.hashCode());
        u.send(requestId, client.request(batch));
        SegmentResult r = u.await(requestId, Duration.ofSeconds(60));
        assertTrue(r.ok(), r.status());
        assertPlaintextDistances(batch, client.distances(r.response()));
    }

    @Test
    void mqttRequestIsAnsweredWithThePlaintextDistancesAndSegments() throws Exception {
        TestUnit u = unit();
        SegmentClient client = new SegmentClient(u.keys.owner, K);
        assertEquals(AssignmentLayout.DEGREE / (K * AssignmentLayout.BLOCK), client.capacity());
        List<long[]> batch = employees(6, 1);
        double okBefore = metrics().requests(SegmentMetrics.OK);
        long t0 = System.nanoTime();
        byte[] request = client.request(batch);
        long t1 = System.nanoTime();
        u.send("req-1", request);
        SegmentResult r = u.await("req-1", Duration.ofSeconds(60));
        long t2 = System.nanoTime();
        assertTrue(r.ok(), r.status());
        assertEquals("req-1", r.requestId());
        assertEquals("unit-a", r.unitId());
        assertTrue(r.evaluationMicros() > 0);
        long[][] distances = client.distances(r.response());
        assertEquals(batch.size(), distances.length);
        assertPlaintextDistances(batch, distances);
        assertEquals(okBefore + 1, metrics().requests(SegmentMetrics.OK));
        System.out.printf("segment request over MQTT: %d employees, encrypt %.0f ms, round trip %.0f ms (evaluation %.0f ms), "
                        + "request %d bytes, answer %d bytes%n", batch.size(), (t1 - t0) / 1e6, (t2 - t1) / 1e6,
                r.evaluationMicros() / 1e3, request.length, r.response().length);
    }

    @Test
    void restRequestIsAnsweredTheSameWay() throws Exception {
        TestUnit u = unit();
        SegmentClient client = new SegmentClient(u.keys.owner, K);
        Fixtures.api().get("/segments").then().statusCode(200)
                .body("modelLoaded", is(true))
                .body("k", is(K))
                .body("capacity", is(client.capacity()))
                .body("model.encoding", is(SegmentModelFile.ENCODING))
                .body("model.file", is("centroids.json"))
                .body("units.id", hasItem("unit-a"))
                .body("units.find { it.id == 'unit-a' }.tenant", is(Fixtures.TENANT))
                .body("units.find { it.id == 'unit-a' }.parameterFingerprint", matchesPattern("[0-9a-f]{16}"))
                .body("$", not(hasKey("centroids")))
                .body("model", not(hasKey("centroids")));
        List<long[]> batch = employees(5, 2);
        byte[] request = client.paddedRequest(batch);
        long t0 = System.nanoTime();
        byte[] response = Fixtures.api().contentType("application/octet-stream").body(request)
                .post("/segments/unit-a/assign").then().statusCode(200).contentType("application/octet-stream")
                .extract().asByteArray();
        long t1 = System.nanoTime();
        long[][] distances = client.distances(response);
        assertEquals(client.capacity(), distances.length, "a padded request answers every slot");
        assertPlaintextDistances(batch, Arrays.copyOf(distances, batch.size()));
        System.out.printf("segment request over REST: padded to %d employees, round trip %.0f ms, request %d bytes, answer %d bytes%n",
                client.capacity(), (t1 - t0) / 1e6, request.length, response.length);

        double unknown = metrics().requests(Reason.UNKNOWN_UNIT);
        Fixtures.api().contentType("application/octet-stream").body(request).post("/segments/nobody/assign")
                .then().statusCode(404).body(is(Reason.UNKNOWN_UNIT.wire()));
        assertEquals(unknown + 1, metrics().requests(Reason.UNKNOWN_UNIT));
        double bad = metrics().requests(Reason.BAD_CIPHERTEXT);
        Fixtures.api().contentType("application/octet-stream").body("not a request".getBytes(StandardCharsets.UTF_8))
                .post("/segments/unit-a/assign").then().statusCode(400).body(is(Reason.BAD_CIPHERTEXT.wire()));
        assertEquals(bad + 1, metrics().requests(Reason.BAD_CIPHERTEXT));
        Fixtures.api().contentType("application/octet-stream").body(request).post("/segments/bad%20id/assign")
                .then().statusCode(400);

        // a unit removed through REST is unknown again, and its retained registration does not come back
        try (TestUnit gone = new TestUnit(BrokerResource.broker().url(), Fixtures.TENANT, "unit-deleted")) {
            gone.register();
            Fixtures.await("registration of unit-deleted", Duration.ofSeconds(90), () -> unitListed("unit-deleted"));
            Fixtures.api().delete("/segments/unit-deleted").then().statusCode(204);
            Fixtures.api().delete("/segments/unit-deleted").then().statusCode(404);
            assertFalse(unitListed("unit-deleted"));
            Fixtures.api().contentType("application/octet-stream").body(request).post("/segments/unit-deleted/assign")
                    .then().statusCode(404).body(is(Reason.UNKNOWN_UNIT.wire()));
            Thread.sleep(300);
            assertFalse(unitListed("unit-deleted"));
        }
    }

    @Test
    void badMessagesAreRejectedWithTheirReasonAndTheServiceKeepsAnswering() throws Exception {
        TestUnit u = unit();
        SegmentClient client = new SegmentClient(u.keys.owner, K);

        // garbage instead of an envelope: no request id to answer, counted as malformed
        double malformed = metrics().requests(Reason.MALFORMED);
        u.publishRequest("garbage".getBytes(StandardCharsets.UTF_8));
        Fixtures.await("malformed", Duration.ofSeconds(30), () -> metrics().requests(Reason.MALFORMED) > malformed);

        // an envelope whose body is not a request of this unit's parameters: answered with bad-ciphertext
        double badCt = metrics().requests(Reason.BAD_CIPHERTEXT);
        u.send("req-garbage", new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13});
        SegmentResult r = u.await("req-garbage", Duration.ofSeconds(30));
        assertEquals(Reason.BAD_CIPHERTEXT.wire(), r.status());
        assertEquals(0, r.response().length);
        assertEquals(badCt + 1, metrics().requests(Reason.BAD_CIPHERTEXT));

        // the envelope names another unit than its topic
        double mismatch = metrics().requests(Reason.TOPIC_MISMATCH);
        u.publishRequest(new SegmentRequest("unit-other", "req-x", 1L, client.request(employees(1, 3))).encode());
        Fixtures.await("topic-mismatch", Duration.ofSeconds(30), () -> metrics().requests(Reason.TOPIC_MISMATCH) > mismatch);

        // oversized payloads are dropped before decoding
        double oversized = metrics().requests(Reason.OVERSIZED);
        u.publishRequest(new byte[5 << 20]);
        Fixtures.await("oversized", Duration.ofSeconds(30), () -> metrics().requests(Reason.OVERSIZED) > oversized);

        // a unit that never registered: answered with unknown-unit
        double unknown = metrics().requests(Reason.UNKNOWN_UNIT);
        try (TestUnit stranger = new TestUnit(BrokerResource.broker().url(), Fixtures.TENANT, "unit-stranger")) {
            stranger.send("req-s", client.request(employees(1, 4)));
            assertEquals(Reason.UNKNOWN_UNIT.wire(), stranger.await("req-s", Duration.ofSeconds(30)).status());
        }
        assertEquals(unknown + 1, metrics().requests(Reason.UNKNOWN_UNIT));

        // registrations with other parameters, or another block size, are refused: the unit stays unknown
        double wrong = metrics().registrations(Reason.WRONG_PARAMETERS);
        try (TestUnit other = new TestUnit(BrokerResource.broker().url(), Fixtures.TENANT, "unit-wrong");
             HeSession small = HeBackend.byName("bgv-java").open(HeParameterSpec.preset("N4096_DEPTH1"))) {
            other.publishKeys(other.registration(small.exportParameters(), AssignmentLayout.BLOCK).encode());
            Fixtures.await("wrong-parameters", Duration.ofSeconds(30),
                    () -> metrics().registrations(Reason.WRONG_PARAMETERS) > wrong);
            other.publishKeys(other.registration(other.keys.parameters, 8).encode());
            Fixtures.await("wrong-parameters (block size)", Duration.ofSeconds(30),
                    () -> metrics().registrations(Reason.WRONG_PARAMETERS) > wrong + 1);
            double malformedReg = metrics().registrations(Reason.MALFORMED);
            other.publishKeys("not a registration".getBytes(StandardCharsets.UTF_8));
            Fixtures.await("malformed registration", Duration.ofSeconds(30),
                    () -> metrics().registrations(Reason.MALFORMED) > malformedReg);
            other.clearKeys();
            assertFalse(unitListed("unit-wrong"));
            other.send("req-w", client.request(employees(1, 5)));
            assertEquals(Reason.UNKNOWN_UNIT.wire(), other.await("req-w", Duration.ofSeconds(30)).status());
        }

        assertStillAnswers("req-after-rejections");
        given().get("/q/health/live").then().statusCode(200);
        String prom = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String outcome : new String[] {"ok", Reason.MALFORMED.wire(), Reason.BAD_CIPHERTEXT.wire(), Reason.UNKNOWN_UNIT.wire(),
                Reason.OVERSIZED.wire(), Reason.TOPIC_MISMATCH.wire(), Reason.NO_MODEL.wire()}) {
            assertTrue(prom.contains("smile_segment_requests_total{outcome=\"" + outcome + "\"}"), outcome);
        }
        assertTrue(prom.contains("smile_segment_registrations_total{outcome=\"wrong-parameters\"}"));
        assertTrue(prom.contains("smile_segment_latency_seconds_count"));
        assertTrue(prom.contains("smile_segment_units_registered"));
        assertTrue(Fixtures.metricValue(prom, "smile_segment_requests_total{outcome=\"ok\"}") >= 1, "ok counted");
    }

    @Test
    void theLogHoldsNoPlaintextAndNoKeyBytes() throws Exception {
        TestUnit u = unit();
        SegmentClient client = new SegmentClient(u.keys.owner, K);
        // an answered and a rejected request of this test at least go through the logging paths
        assertStillAnswers("req-privacy");
        u.send("req-privacy-bad", Arrays.copyOf(client.request(employees(1, 6)), 100));
        assertEquals(Reason.BAD_CIPHERTEXT.wire(), u.await("req-privacy-bad", Duration.ofSeconds(30)).status());

        List<Path> logs = new ArrayList<>();
        try (Stream<Path> files = Files.list(BrokerResource.ROOT)) {
            files.filter(p -> p.getFileName().toString().startsWith(BrokerResource.LOG.getFileName().toString()))
                    .forEach(logs::add);
        }
        assertFalse(logs.isEmpty());
        String log = Files.readString(BrokerResource.LOG, StandardCharsets.ISO_8859_1);
        assertTrue(log.contains("segment request rejected: unit=unit-a request=req-privacy-bad reason=bad-ciphertext"), "ids only");
        assertTrue(log.contains("unit unit-a of tenant acme"), "registration logged");

        List<byte[]> keyChunks = new ArrayList<>(SecretScan.chunks(u.keys.owner.exportSecretKeyForLocalStorage()));
        keyChunks.addAll(SecretScan.chunks(u.keys.publicKey));
        keyChunks.addAll(SecretScan.chunks(u.keys.evaluationKeys));
        List<String> plaintexts = new ArrayList<>();
        List<long[]> sent;
        synchronized (SegmentAssignmentTest.class) {
            sent = new ArrayList<>(SENT);
        }
        long[][] mu = centroids();
        for (long[] x : sent) {
            plaintexts.add(Arrays.toString(x));
            plaintexts.add(Arrays.stream(x).mapToObj(Long::toString).collect(Collectors.joining(",")));
            plaintexts.add(Arrays.stream(x).mapToObj(Long::toString).collect(Collectors.joining(" ")));
            plaintexts.add(Arrays.toString(Arrays.stream(mu).mapToLong(c -> TestUnit.squaredDistance(x, c)).toArray()));
        }
        for (long[] c : mu) {
            plaintexts.add(Arrays.toString(c));
            plaintexts.add(Arrays.stream(c).mapToObj(Long::toString).collect(Collectors.joining(",")));
        }
        for (Path p : logs) {
            byte[] content = Files.readAllBytes(p);
            assertFalse(SecretScan.containsAny(content, keyChunks), "key bytes found in " + p);
            String text = new String(content, StandardCharsets.ISO_8859_1);
            for (byte[] chunk : keyChunks) {
                assertFalse(text.contains(HexFormat.of().formatHex(chunk)), "key bytes (hex) in " + p);
                assertFalse(text.contains(Base64.getEncoder().encodeToString(chunk).substring(0, 40)), "key bytes (base64) in " + p);
            }
            for (String plain : plaintexts) {
                assertFalse(text.contains(plain), "plaintext " + plain + " found in " + p);
            }
        }
    }
}

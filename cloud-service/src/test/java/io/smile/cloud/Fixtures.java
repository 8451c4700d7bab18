package io.smile.cloud;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.fail;

import io.restassured.specification.RequestSpecification;
import io.smile.cloud.intake.Reason;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Shared helpers of the Quarkus tests: a gateway that must keep being scored, and polling. */
public final class Fixtures {
    public static final String TENANT = "acme";
    /** Bearer tokens whose SHA-256 hashes the test profile configures (application.properties, %test). */
    public static final String ADMIN_TOKEN = "smile-test-admin-token-0f4e2b9c";
    public static final String VIEWER_TOKEN = "smile-test-viewer-token-7a1d3e55";
    public static final String UNIT_TOKEN = "smile-test-unit-token-c2b8f611";
    /** Bound to unit-a by its role unit:unit-a. */
    public static final String UNIT_A_TOKEN = "smile-test-unit-a-token-5e0c71d2";
    private static TestGateway ok;
    private static String okUrl;
    private static long okSequence;

    private Fixtures() {
    }

    /** A REST request with the token that has every role. */
    public static RequestSpecification api() {
        return as(ADMIN_TOKEN);
    }

    public static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(25);
        }
        fail("timed out after " + timeout + " waiting for " + what);
    }

    public static boolean registered(String id) {
        return api().get("/gateways/" + id).statusCode() == 200;
    }

    public static void awaitRegistered(String id) throws InterruptedException {
        await("registration of " + id, Duration.ofSeconds(90), () -> registered(id));
    }

    /** A new test gateway on the current broker, registered. */
    public static TestGateway registeredGateway(String id) throws Exception {
        TestGateway g = new TestGateway(BrokerResource.broker().url(), TENANT, id);
        g.register();
        awaitRegistered(id);
        return g;
    }

    /** The gateway "gw-ok", registered with the running service (again after a restart). */
    public static synchronized TestGateway ok() throws Exception {
        String url = BrokerResource.broker().url();
        if (ok == null || !url.equals(okUrl)) {
            if (ok != null) {
                ok.close();
            }
            ok = new TestGateway(url, TENANT, "gw-ok");
            okUrl = url;
        }
        if (!registered("gw-ok")) {
            ok.register();
            awaitRegistered("gw-ok");
        }
        return ok;
    }

    /** A valid batch of another gateway is still scored correctly. */
    public static void assertOthersStillScored() throws Exception {
        TestGateway g = ok();
        long seq;
        synchronized (Fixtures.class) {
            seq = okSequence++;
        }
        g.scoreAndCheck(seq, g.randomWindows(3));
    }

    /** Waits until the rejection counter of that reason exceeds {@code before}. */
    public static void awaitRejected(CloudService service, Reason reason, double before) throws InterruptedException {
        await("a rejection with reason " + reason, Duration.ofSeconds(60),
                () -> service.engine().metrics().rejectedCount(reason) > before);
    }

    public static void awaitRegistrationRejected(CloudService service, Reason reason, double before) throws InterruptedException {
        await("a registration rejection with reason " + reason, Duration.ofSeconds(60),
                () -> service.engine().metrics().registrationRejectedCount(reason) > before);
    }

    /** The value of a Prometheus sample line ({@code name} or {@code name{tags}}); NaN if absent. */
    public static double metricValue(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }
}

package io.smile.cli.edge;

import io.smile.testkit.TestBroker;
import io.smile.edge.TestSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EdgeAgentCliTest {
    @TempDir
    Path root;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EdgeAgentCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void helpListsTheOptions() {
        Run r = run("--help");
        assertEquals(0, r.code());
        for (String option : new String[] {"--fleet", "--gateway", "--state-dir", "--broker", "--model",
                "--batch-interval-ms", "--max-windows", "--outbox-max-mb"}) {
            assertTrue(r.out().contains(option), option + " in\n" + r.out());
        }
    }

    @Test
    void anUnknownGatewayIsAClearError() {
        Run r = run("--gateway", "no-such-gateway", "--state-dir", root.resolve("s").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no gateway 'no-such-gateway'") && r.err().contains("gw-hall-a"), r.err());
    }

    @Test
    void aBadOptionIsAUsageError() {
        assertEquals(2, run("--batch-interval-ms", "soon").code());
    }

    /** A fleet file with one gateway whose broker and OPC UA server ports have nothing listening. */
    private Path fleetWithNothingRunning(String gateway) throws java.io.IOException {
        Path fleet = root.resolve("fleet-" + gateway + ".yaml");
        Files.writeString(fleet, """
                tenant: cli-tenant
                broker: { url: "tcp://127.0.0.1:%d" }
                gateways:
                  - id: %s
                    profile: arm-gateway-small
                    endpoint: "opc.tcp://127.0.0.1:%d/none"
                    machines:
                      - { id: Mill01, profile: ai4i-milling }
                """.formatted(TestBroker.freePort(), gateway, TestBroker.freePort()));
        return fleet;
    }

    @Test
    void runsWithAFleetFileWhileBrokerAndServerAreDown() throws Exception {
        Path fleet = fleetWithNothingRunning("gw-cli");
        Path state = TestSupport.stateDirWithKeys(root.resolve("state"));
        Run r = run("--fleet", fleet.toString(), "--state-dir", state.toString(), "--run-seconds", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(state.resolve("sequence")) || Files.isDirectory(state.resolve("outbox")));
        assertTrue(Files.isRegularFile(state.resolve("results.jsonl")));
    }

    @Test
    void servesPrometheusMetricsOnLoopback() throws Exception {
        Path fleet = fleetWithNothingRunning("gw-metrics");
        Path state = TestSupport.stateDirWithKeys(root.resolve("state-metrics"));
        int port = TestBroker.freePort();
        java.util.concurrent.CompletableFuture<Run> running = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                run("--fleet", fleet.toString(), "--state-dir", state.toString(), "--metrics-port", String.valueOf(port),
                        "--run-seconds", "10"));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + port + "/metrics");
        String body = null;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(9);
        while (body == null && System.nanoTime() < deadline && !running.isDone()) {
            try {
                java.net.http.HttpResponse<String> resp = http.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(200, resp.statusCode());
                body = resp.body();
            } catch (java.io.IOException notYet) {
                Thread.sleep(100);
            }
        }
        assertTrue(body != null, "no metrics endpoint on port " + port + (running.isDone() ? ": " + running.get().err() : ""));
        // broker and OPC UA server are down: the gauges say so, the counters exist at 0
        assertTrue(body.contains("smile_edge_mqtt_connected{gateway=\"gw-metrics\"} 0.0"), body);
        assertTrue(body.contains("smile_edge_opcua_connected{gateway=\"gw-metrics\"} 0.0"), body);
        assertTrue(body.contains("smile_edge_windows_sent_total{gateway=\"gw-metrics\"} 0.0"), body);
        assertTrue(body.contains("smile_edge_latency_seconds_count{gateway=\"gw-metrics\"} 0"), body);
        assertEquals(404, http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/other"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode());
        assertEquals(0, running.get().code());
    }
}

package io.smile.edge;

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

    @Test
    void runsWithAFleetFileWhileBrokerAndServerAreDown() throws Exception {
        Path fleet = root.resolve("fleet.yaml");
        Files.writeString(fleet, """
                tenant: cli-tenant
                broker: { url: "tcp://127.0.0.1:%d" }
                gateways:
                  - id: gw-cli
                    profile: arm-gateway-small
                    endpoint: "opc.tcp://127.0.0.1:%d/none"
                    machines:
                      - { id: Mill01, profile: ai4i-milling }
                """.formatted(TestBroker.freePort(), TestBroker.freePort()));
        Path state = TestSupport.stateDirWithKeys(root.resolve("state"));
        Run r = run("--fleet", fleet.toString(), "--state-dir", state.toString(), "--run-seconds", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(state.resolve("sequence")) || Files.isDirectory(state.resolve("outbox")));
        assertTrue(Files.isRegularFile(state.resolve("results.jsonl")));
    }
}

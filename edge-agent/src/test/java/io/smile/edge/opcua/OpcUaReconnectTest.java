package io.smile.edge.opcua;

import static io.smile.edge.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.edge.EdgeAgent;
import io.smile.edge.EdgeAgentConfig;
import io.smile.testkit.TestBroker;
import io.smile.edge.TestSupport;
import io.smile.simulator.MachineSimulator;
import io.smile.simulator.SimulatorConfig;
import io.smile.simulator.SimulatorSecurity;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The OPC UA side survives a server restart: Milo reconnects, the agent re-creates its subscription. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpcUaReconnectTest {
    @TempDir
    Path root;

    private static MachineSimulator simulator(int port, long seed) {
        return MachineSimulator.start(SimulatorConfig.builder().fleetGateway(TestSupport.fleet("gw-r"), "gw-r", 0)
                .port(port).seed(seed).security(SimulatorSecurity.NONE).build());
    }

    private static void publishUntil(MachineSimulator sim, EdgeAgent agent, long samples) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (agent.metrics().samples() < samples && System.nanoTime() < deadline) {
            sim.publishNext();
            Thread.sleep(150);
        }
        assertTrue(agent.metrics().samples() >= samples, "samples: " + agent.metrics());
    }

    @Test
    void readingResumesAfterTheServerRestarts() throws Exception {
        int port = TestBroker.freePort();
        Path dir = TestSupport.stateDirWithKeys(root.resolve("state"));
        MachineSimulator first = simulator(port, 1);
        try (EdgeAgent agent = new EdgeAgent(EdgeAgentConfig.builder(TestSupport.fleet("gw-r"), "gw-r")
                .stateDir(dir)
                .brokerUrl(URI.create("tcp://127.0.0.1:" + TestBroker.freePort()))
                .opcUaEndpoint(URI.create(first.endpointUrl()))
                .samplingIntervalMs(20)
                .batchInterval(Duration.ofMillis(300))
                .build())) {
            agent.start();
            publishUntil(first, agent, 8);
            first.stop();
            await(Duration.ofSeconds(30), () -> !agent.metrics().opcUaConnected(), () -> "the session going inactive");

            MachineSimulator second = simulator(port, 2);
            try {
                long before = agent.metrics().samples();
                publishUntil(second, agent, before + 8);
                assertTrue(agent.metrics().opcUaConnected());
                agent.flush();
                assertTrue(agent.metrics().windowsBatched() >= before + 8, agent.metrics().toString());
            } finally {
                second.stop();
            }
        } finally {
            first.stop();
        }
    }
}

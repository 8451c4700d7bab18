package io.smile.edge.opcua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.edge.EdgeAgent;
import io.smile.edge.EdgeAgentConfig;
import io.smile.testkit.TestBroker;
import io.smile.edge.TestSupport;
import io.smile.simulator.MachineSimulator;
import io.smile.simulator.SimulatorConfig;
import io.smile.simulator.SimulatorSecurity;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Basic256Sha256 + SignAndEncrypt: a client certificate in the state dir, the server certificate pinned. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OpcUaSecurityTest {
    @TempDir
    Path root;

    private static MachineSimulator secureSimulator(int port) {
        return MachineSimulator.start(SimulatorConfig.builder().fleetGateway(TestSupport.fleet("gw-s"), "gw-s", 0)
                .port(port).seed(3).security(SimulatorSecurity.BASIC256SHA256).build());
    }

    private EdgeAgent agent(Path dir, MachineSimulator sim) {
        return new EdgeAgent(EdgeAgentConfig.builder(TestSupport.fleet("gw-s"), "gw-s")
                .stateDir(dir)
                .brokerUrl(URI.create("tcp://127.0.0.1:" + freePort()))
                .opcUaEndpoint(URI.create(sim.endpointUrl()))
                .opcUaSecurity(OpcUaSecurity.BASIC256SHA256)
                .samplingIntervalMs(20)
                .build());
    }

    private static int freePort() {
        try {
            return TestBroker.freePort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsOverAnEncryptedChannelAndRefusesAnotherServerCertificate() throws Exception {
        int port = TestBroker.freePort();
        Path dir = TestSupport.stateDirWithKeys(root.resolve("state"));
        try (MachineSimulator sim = secureSimulator(port); EdgeAgent agent = agent(dir, sim)) {
            agent.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(40);
            while (agent.metrics().samples() < 4 && System.nanoTime() < deadline) {
                sim.publishNext();
                Thread.sleep(150);
            }
            assertTrue(agent.metrics().samples() >= 4, agent.metrics().toString());
            assertEquals("rw-------", PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dir.resolve("opcua").resolve("client-key.der"))));
            byte[] pinned = Files.readAllBytes(dir.resolve("opcua").resolve("trusted-server.der"));
            assertTrue(java.util.Arrays.equals(sim.certificate().getEncoded(), pinned), "server certificate pinned");
        }
        // a new server process on the same port has a new self-signed certificate: refused
        try (MachineSimulator other = secureSimulator(port); EdgeAgent agent = agent(dir, other)) {
            agent.start();
            for (int i = 0; i < 20; i++) {
                other.publishNext();
                Thread.sleep(150);
            }
            assertEquals(0, agent.metrics().samples(), agent.metrics().toString());
            assertTrue(!agent.metrics().opcUaConnected());
        }
    }
}

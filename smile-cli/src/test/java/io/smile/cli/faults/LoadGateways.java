package io.smile.cli.faults;

import io.smile.edge.EdgeAgent;
import io.smile.edge.EdgeAgentConfig;
import io.smile.edge.EdgeMetrics;
import io.smile.simulator.MachineSimulator;
import io.smile.simulator.SimulatorConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The overload's load generator: extra real gateways (edge agents with keys of their own, registered
 * with the cloud) reading machines of their own from a second simulator, cutting a batch every 200 ms
 * instead of every second, so each sends ~5 valid encrypted batches per second. Their windows are
 * counted like the gateway's: pausing their stream ends the load while they keep delivering what they
 * hold. No generator of this kind existed in smile-cli's bench or the cloud's tests.
 */
final class LoadGateways implements AutoCloseable {
    static final Duration LOAD_BATCH_INTERVAL = Duration.ofMillis(200);

    final MachineSimulator sim;
    final SampleStream stream;
    private final List<EdgeAgent> agents = new ArrayList<>();

    LoadGateways(Path dir, String brokerUrl) {
        SimulatorConfig.Builder b = SimulatorConfig.builder().seed(7).rateHz(0);
        for (String g : FaultRig.LOAD_GATEWAYS) {
            b.fleetGateway(FaultRig.fleet(), g, FaultRig.LOAD_MACHINES);
        }
        sim = MachineSimulator.start(b.port(0).build());
        stream = new SampleStream(sim, FaultRig.RATE_HZ);
        try {
            for (String g : FaultRig.LOAD_GATEWAYS) {
                EdgeAgent a = new EdgeAgent(EdgeAgentConfig.builder(FaultRig.fleet(), g).stateDir(dir.resolve(g))
                        .brokerUrl(URI.create(brokerUrl)).opcUaEndpoint(URI.create(sim.endpointUrl()))
                        .batchInterval(LOAD_BATCH_INTERVAL).samplingIntervalMs(5)
                        .resultTimeout(Duration.ofSeconds(20)).maxResultTimeout(Duration.ofSeconds(60)).build());
                agents.add(a);
                a.start();
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    List<String> gatewayIds() {
        return FaultRig.LOAD_GATEWAYS;
    }

    List<EdgeMetrics> metrics() {
        return agents.stream().map(EdgeAgent::metrics).toList();
    }

    /** Every load gateway's window results, from their results logs. */
    List<EdgeNode.Scored> results() throws java.io.IOException {
        List<EdgeNode.Scored> all = new ArrayList<>();
        for (EdgeAgent a : agents) {
            all.addAll(EdgeNode.resultsIn(a.stateDir()));
        }
        return all;
    }

    /** Whether every batch each load gateway created has its result. */
    boolean drained() {
        return metrics().stream().allMatch(m -> m.batchesAnswered() + m.batchesRefused() + m.batchesLost() >= m.batchesCreated()
                && m.batchesBuffered() == 0);
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.close();
        }
        for (EdgeAgent a : agents) {
            a.close();
        }
        sim.close();
    }
}

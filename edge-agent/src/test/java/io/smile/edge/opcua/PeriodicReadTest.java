package io.smile.edge.opcua;

import static io.smile.edge.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.edge.TestSupport;
import io.smile.edge.metrics.Counters;
import io.smile.profiles.FleetMachine;
import io.smile.simulator.MachineSimulator;
import io.smile.simulator.SimulatorConfig;
import io.smile.simulator.SimulatorSecurity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Periodic read against the real Milo simulator: the agent reads every node each tick, gets each
 * machine's samples once, and accounts for the samples published faster than it reads them: read
 * plus missed (Sequence gaps) equals what the machine numbered, exactly; ticks with nothing new are
 * counted as silent.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PeriodicReadTest {
    private static final int TICK_MS = 150;

    @Test
    void everySampleIsReadOrCountedAsMissed() throws Exception {
        List<FleetMachine> machines = TestSupport.fleet("gw-p").gateway("gw-p").orElseThrow().machines();
        Map<String, List<Long>> read = new ConcurrentHashMap<>();
        Counters counters = new Counters();
        try (MachineSimulator sim = MachineSimulator.start(SimulatorConfig.builder()
                .fleetGateway(TestSupport.fleet("gw-p"), "gw-p", 0).port(0).seed(3).security(SimulatorSecurity.NONE).build());
             OpcUaSource source = new OpcUaSource(sim.endpointUrl(), "gw-p", machines, TICK_MS, true,
                     OpcUaSecurity.NONE, null,
                     s -> read.computeIfAbsent(s.machineId(), k -> new CopyOnWriteArrayList<>()).add(s.sequence()),
                     counters)) {
            source.start();
            // paced: one record, read, then a few ticks with nothing new
            for (int i = 0; i < 4; i++) {
                long seq = sim.publishNext().get(0).sequence();
                await(Duration.ofSeconds(30), () -> machines.stream().allMatch(m -> read.getOrDefault(m.id(), List.of())
                        .contains(seq)), () -> "sample " + seq + " of every machine; read " + read);
                Thread.sleep(4L * TICK_MS);
            }
            assertTrue(counters.silentTicks.get() > 0, "ticks without a new sample are counted");
            assertEquals(0, counters.samplesMissed.get(), "paced: nothing missed");
            // bursts: three records between two reads, the first two are overwritten before a read sees them
            for (int i = 0; i < 5; i++) {
                long seq = sim.publish(3).get(3 * machines.size() - 1).sequence();
                await(Duration.ofSeconds(30), () -> machines.stream().allMatch(m -> read.getOrDefault(m.id(), List.of())
                        .contains(seq)), () -> "sample " + seq + " of every machine");
                Thread.sleep(2L * TICK_MS);
            }
            long numbered = 0;
            long samples = 0;
            for (FleetMachine m : machines) {
                List<Long> seqs = read.get(m.id());
                assertEquals(seqs.stream().distinct().count(), seqs.size(), "each sample read once: " + seqs);
                numbered += seqs.get(seqs.size() - 1) - seqs.get(0) + 1;
                samples += seqs.size();
            }
            long missed = counters.samplesMissed.get();
            assertTrue(missed > 0, "bursts faster than the reads miss samples, and they are counted");
            assertEquals(numbered, samples + missed, "read + missed = what the machines numbered");
            assertTrue(counters.sequenceGaps.get() > 0 && counters.sequenceGaps.get() <= missed);
        }
    }
}

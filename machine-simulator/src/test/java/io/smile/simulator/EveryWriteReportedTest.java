package io.smile.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smile.profiles.MachineProfile;
import io.smile.profiles.ProfileLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The simulator's server reports every written value, not what a sampling timer happens to see: a
 * CPU-starved server that samples lost the samples written between two ticks, and the edge counted
 * them as Sequence gaps. Here the client asks for a 1 s sampling interval while 30 samples are
 * written back to back: a sampling server delivers one or two of them, this one all 30, in order.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EveryWriteReportedTest {
    @Test
    void samplesWrittenFasterThanTheSamplingIntervalAllArrive() throws Exception {
        MachineProfile profile = new ProfileLoader().builtinMachineProfile("ai4i-milling");
        MachineSimulator sim = MachineSimulator.start(SimulatorConfig.builder().machines(profile, 1).seed(7)
                .security(SimulatorSecurity.NONE).build());
        OpcUaClient client = null;
        try {
            client = MachineSimulatorTest.connect(sim.endpointUrl(), SecurityPolicy.None, null);
            String machine = sim.machineIds().get(0);
            NodeId sequence = NodeId.parse(profile.opcua().sequenceNode().orElseThrow().nodeIdFor(machine));
            BlockingQueue<Long> seen = new LinkedBlockingQueue<>();
            OpcUaSubscription subscription = new OpcUaSubscription(client, 100.0);
            subscription.create();
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(sequence);
            item.setSamplingInterval(1000.0);
            item.setQueueSize(Unsigned.uint(100));
            item.setDiscardOldest(false);
            item.setDataValueListener((it, v) -> {
                if (v.getStatusCode() != null && v.getStatusCode().isGood()) {
                    seen.add((Long) v.getValue().getValue());
                }
            });
            subscription.addMonitoredItem(item);
            subscription.synchronizeMonitoredItems();

            List<Long> written = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                written.add(sim.publishNext().get(0).sequence());
            }
            List<Long> got = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (got.size() < written.size() && System.nanoTime() < deadline) {
                Long v = seen.poll(100, TimeUnit.MILLISECONDS);
                if (v != null) {
                    got.add(v);
                }
            }
            Thread.sleep(300); // nothing more may come (no duplicates)
            seen.drainTo(got);
            assertEquals(written, got, "every written sample, once, in order");
            subscription.delete();
        } finally {
            if (client != null) {
                client.disconnect();
            }
            sim.stop();
        }
    }
}

package io.smile.edge.window;

import io.smile.edge.metrics.Counters;
import io.smile.edge.opcua.Sample;
import io.smile.pdm.model.FeatureEncoding;
import io.smile.profiles.FleetMachine;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The window assemblers of one gateway's machines: hands every sample to its machine's {@link WindowAssembler}. */
public final class MachineWindows implements Consumer<Sample> {
    private final Map<String, WindowAssembler> byMachine = new LinkedHashMap<>();

    /**
     * @param step samples between windows (0: the profile's {@code window.step}, by default its length, i.e. tumbling windows)
     * @param out  receives every quantized window, on the thread that delivered its last sample
     */
    public MachineWindows(List<FleetMachine> machines, FeatureEncoding encoding, int step, Consumer<QuantizedWindow> out,
                          Counters counters) {
        for (FleetMachine m : machines) {
            byMachine.put(m.id(), new WindowAssembler(m, encoding, step, out, counters));
        }
    }

    @Override
    public void accept(Sample sample) {
        byMachine.get(sample.machineId()).accept(sample);
    }
}

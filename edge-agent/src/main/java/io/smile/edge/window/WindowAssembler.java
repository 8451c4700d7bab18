package io.smile.edge.window;

import io.smile.edge.metrics.Counters;
import io.smile.edge.opcua.Sample;
import io.smile.pdm.model.FeatureEncoding;
import io.smile.profiles.FeatureExtractor;
import io.smile.profiles.FleetMachine;
import io.smile.profiles.SlidingWindow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one machine's samples into quantized feature windows: hw-profiles {@link SlidingWindow}
 * (the rule model training uses too) decides which samples form a window — every {@code step}
 * samples, the last {@code length} (the profile's window length); they go through the profile's
 * {@link FeatureExtractor} and the model's {@link FeatureEncoding#quantize}; the result is one slot
 * block. The step is the agent's configured one, or the profile's {@code window.step} when that is
 * 0. Attributes pinned in the fleet file win over values read from the server.
 */
final class WindowAssembler {
    private static final Logger LOG = LoggerFactory.getLogger(WindowAssembler.class);

    private final FleetMachine machine;
    private final FeatureExtractor extractor;
    private final FeatureEncoding encoding;
    private final SlidingWindow<Sample> window;
    private final Consumer<QuantizedWindow> out;
    private final Counters counters;

    WindowAssembler(FleetMachine machine, FeatureEncoding encoding, int step, Consumer<QuantizedWindow> out, Counters counters) {
        this.machine = machine;
        this.extractor = new FeatureExtractor(machine.profile());
        this.encoding = encoding;
        int length = machine.profile().window().length();
        if (step > length) {
            throw new IllegalArgumentException("window step " + step + " exceeds the window length " + length);
        }
        this.window = new SlidingWindow<>(length, step <= 0 ? machine.profile().window().step() : step);
        this.out = out;
        this.counters = counters;
    }

    synchronized void accept(Sample sample) {
        var due = window.add(sample);
        if (due.isEmpty()) {
            return;
        }
        List<Map<String, Double>> values = new ArrayList<>(window.length());
        for (Sample s : due.get()) {
            values.add(s.values());
        }
        Map<String, String> attributes = new HashMap<>(sample.attributes());
        attributes.putAll(machine.attributes());
        double[] raw;
        try {
            raw = extractor.features(values, attributes);
        } catch (IllegalArgumentException e) {
            // the message may quote an attribute value (a model input): do not log it
            counters.windowsRejected.incrementAndGet();
            LOG.warn("machine {}: window ending at sample {} rejected: its features cannot be computed"
                    + " (missing or invalid sensor/attribute value)", machine.id(), sample.sequence());
            return;
        }
        for (double v : raw) {
            if (!Double.isFinite(v)) {
                counters.windowsRejected.incrementAndGet();
                LOG.warn("machine {}: window ending at sample {} rejected: a feature is not finite", machine.id(),
                        sample.sequence());
                return;
            }
        }
        counters.windowsBuilt.incrementAndGet();
        out.accept(new QuantizedWindow(machine.id(), sample.readAtMillis(), sample.sequence(), encoding.quantize(raw)));
    }
}

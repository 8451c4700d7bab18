package io.smile.edge.window;

import io.smile.edge.metrics.Counters;
import io.smile.edge.opcua.Sample;
import io.smile.pdm.model.FeatureEncoding;
import io.smile.profiles.FeatureExtractor;
import io.smile.profiles.FleetMachine;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one machine's samples into quantized feature windows: every {@code step} samples, the last
 * {@code length} samples (the profile's window length) go through the profile's
 * {@link FeatureExtractor} and the model's {@link FeatureEncoding#quantize}; the result is one slot
 * block. {@code step == length} gives tumbling windows, a smaller step sliding ones. Attributes
 * pinned in the fleet file win over values read from the server.
 */
final class WindowAssembler {
    private static final Logger LOG = LoggerFactory.getLogger(WindowAssembler.class);

    private final FleetMachine machine;
    private final FeatureExtractor extractor;
    private final FeatureEncoding encoding;
    private final int length;
    private final int step;
    private final Consumer<QuantizedWindow> out;
    private final Counters counters;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private int sinceLast;

    WindowAssembler(FleetMachine machine, FeatureEncoding encoding, int step, Consumer<QuantizedWindow> out, Counters counters) {
        this.machine = machine;
        this.extractor = new FeatureExtractor(machine.profile());
        this.encoding = encoding;
        this.length = machine.profile().window().length();
        this.step = step <= 0 ? length : step;
        if (this.step > length) {
            throw new IllegalArgumentException("window step " + step + " exceeds the window length " + length);
        }
        this.out = out;
        this.counters = counters;
    }

    synchronized void accept(Sample sample) {
        samples.addLast(sample);
        while (samples.size() > length) {
            samples.removeFirst();
        }
        sinceLast++;
        if (samples.size() < length || sinceLast < step) {
            return;
        }
        sinceLast = 0;
        List<Map<String, Double>> values = new ArrayList<>(length);
        for (Sample s : samples) {
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

package io.smile.profiles;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Computes a machine profile's window features from raw samples, the same way on the gateway (live
 * OPC UA values) and in model training (dataset rows), so the model sees exactly what the edge
 * will send. Per sample it evaluates the derived signals; over the window it applies each
 * feature's aggregate; categorical attributes become the index of their value.
 */
public final class FeatureExtractor {
    private final MachineProfile profile;

    public FeatureExtractor(MachineProfile profile) {
        this.profile = profile;
    }

    public MachineProfile profile() {
        return profile;
    }

    /**
     * @param window     samples in time order, each mapping sensor name to value (at least 1; the
     *                   profile's window length is the gateway's business)
     * @param attributes machine attributes (e.g. type = M)
     */
    public double[] features(List<Map<String, Double>> window, Map<String, String> attributes) {
        if (window.isEmpty()) {
            throw new IllegalArgumentException("empty window");
        }
        List<FeatureSpec> specs = profile.window().features();
        double[] out = new double[specs.size()];
        for (int f = 0; f < specs.size(); f++) {
            FeatureSpec spec = specs.get(f);
            var attribute = profile.attribute(spec.source());
            if (attribute.isPresent()) {
                String value = attributes.get(spec.source());
                int index = value == null ? -1 : attribute.get().values().indexOf(value);
                if (index < 0) {
                    throw new IllegalArgumentException("attribute " + spec.source() + " = '" + value + "' is not one of "
                            + attribute.get().values());
                }
                out[f] = index;
                continue;
            }
            List<Double> series = new ArrayList<>(window.size());
            for (Map<String, Double> sample : window) {
                series.add(signal(spec.source(), sample));
            }
            double[] values = new double[series.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = series.get(i);
            }
            out[f] = spec.aggregate().apply(values);
        }
        return out;
    }

    private double signal(String name, Map<String, Double> sample) {
        Double direct = sample.get(name);
        if (direct != null) {
            return direct;
        }
        DerivedSignal d = profile.window().derived(name)
                .orElseThrow(() -> new IllegalArgumentException("sample lacks sensor '" + name + "'"));
        return d.apply(input(d.inputs().get(0), sample), input(d.inputs().get(1), sample));
    }

    private static double input(String sensor, Map<String, Double> sample) {
        Double v = sample.get(sensor);
        if (v == null || !Double.isFinite(v)) {
            throw new IllegalArgumentException("sample lacks a finite value for sensor '" + sensor + "'");
        }
        return v;
    }
}

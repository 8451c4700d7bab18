package io.smile.profiles.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.smile.profiles.Aggregate;
import io.smile.profiles.DerivedFunction;
import io.smile.profiles.DerivedSignal;
import io.smile.profiles.FeatureSpec;
import io.smile.profiles.HistorySpec;
import io.smile.profiles.LabelRule;
import io.smile.profiles.LabelSpec;
import io.smile.profiles.MachineAttribute;
import io.smile.profiles.MachineProfile;
import io.smile.profiles.NodeIdTemplate;
import io.smile.profiles.OpcUaSpec;
import io.smile.profiles.SensorSpec;
import io.smile.profiles.ValueRange;
import io.smile.profiles.WindowSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Reads a machine profile: schema first, then the cross-checks the schema cannot express
 * (unique names and node ids, one namespace index, ranges, derived inputs and feature sources
 * that exist, the quantization), all reported together.
 */
public final class MachineProfileReader {
    private final SchemaValidator validator;

    public MachineProfileReader(SchemaValidator validator) {
        this.validator = validator;
    }

    /**
     * @param expectedId the id the file name demands, or null (text without a file name check)
     */
    public MachineProfile read(YamlDocument doc, String expectedId) {
        JsonNode root = validator.parseAndValidate(doc, SchemaValidator.Kind.MACHINE_PROFILE);
        Issues issues = new Issues(doc.name());
        String id = root.get("id").asText();
        issues.checkId(id, expectedId);
        NodeIds nodeIds = new NodeIds(issues);

        // attributes
        List<MachineAttribute> attributes = new ArrayList<>();
        Map<String, String> attributeNames = new HashMap<>();
        JsonNode attrs = root.path("attributes");
        for (int i = 0; i < attrs.size(); i++) {
            JsonNode a = attrs.get(i);
            String p = "$.attributes[" + i + "]";
            String name = a.get("name").asText();
            issues.unique(attributeNames, name, p + ".name", "attribute name");
            NodeIdTemplate node = nodeIds.parse(a.get("nodeId").asText(), p + ".nodeId");
            List<String> values = new ArrayList<>();
            a.get("values").forEach(v -> values.add(v.asText()));
            if (node != null) {
                attributes.add(new MachineAttribute(name, a.path("description").asText(""), values, node));
            }
        }

        // sensors
        JsonNode opcua = root.get("opcua");
        Map<String, String> signalNames = new HashMap<>();
        Map<String, ValueRange> signalRanges = new HashMap<>();
        Map<String, Integer> signalScales = new HashMap<>();
        List<SensorSpec> sensors = new ArrayList<>();
        JsonNode sensorNodes = opcua.get("sensors");
        for (int i = 0; i < sensorNodes.size(); i++) {
            JsonNode s = sensorNodes.get(i);
            String p = "$.opcua.sensors[" + i + "]";
            String name = s.get("name").asText();
            boolean fresh = issues.unique(signalNames, name, p + ".name", "sensor name");
            NodeIdTemplate node = nodeIds.parse(s.get("nodeId").asText(), p + ".nodeId");
            ValueRange range = range(issues, s.get("range"), p + ".range");
            int scale = s.get("scale").asInt();
            if (scale <= 0) {
                issues.add(p + ".scale", "scale must be > 0, got " + scale);
            }
            if (node != null && range != null && scale > 0) {
                sensors.add(new SensorSpec(name, s.path("description").asText(""), node, s.get("unit").asText(),
                        range, scale, s.get("samplingIntervalMs").asInt()));
                if (fresh) {
                    signalRanges.put(name, range);
                    signalScales.put(name, scale);
                }
            }
        }
        Optional<NodeIdTemplate> sequence = Optional.empty();
        if (opcua.has("sequenceNodeId")) {
            sequence = Optional.ofNullable(nodeIds.parse(opcua.get("sequenceNodeId").asText(), "$.opcua.sequenceNodeId"));
        }

        // derived signals
        JsonNode window = root.get("window");
        int length = window.get("length").asInt();
        List<DerivedSignal> derived = new ArrayList<>();
        JsonNode derivedNodes = window.path("derived");
        for (int i = 0; i < derivedNodes.size(); i++) {
            JsonNode d = derivedNodes.get(i);
            String p = "$.window.derived[" + i + "]";
            String name = d.get("name").asText();
            boolean fresh = issues.unique(signalNames, name, p + ".name", "signal name (sensors and derived signals)");
            List<String> inputs = new ArrayList<>();
            List<ValueRange> inputRanges = new ArrayList<>();
            for (int k = 0; k < d.get("inputs").size(); k++) {
                String in = d.get("inputs").get(k).asText();
                inputs.add(in);
                Optional<SensorSpec> sensor = sensors.stream().filter(x -> x.name().equals(in)).findFirst();
                if (sensor.isEmpty()) {
                    issues.add(p + ".inputs[" + k + "]", "unknown sensor '" + in + "' (known: "
                            + sensors.stream().map(SensorSpec::name).toList() + ")");
                } else {
                    inputRanges.add(sensor.get().range());
                }
            }
            int scale = d.get("scale").asInt();
            DerivedFunction function = DerivedFunction.fromYaml(d.get("function").asText());
            if (inputRanges.size() == 2) {
                ValueRange r = function.range(inputRanges.get(0), inputRanges.get(1));
                derived.add(new DerivedSignal(name, d.path("description").asText(""), function, inputs,
                        d.get("unit").asText(), scale, r));
                if (fresh) {
                    signalRanges.put(name, r);
                    signalScales.put(name, scale);
                }
            }
        }

        // features
        List<FeatureSpec> features = new ArrayList<>();
        Map<String, String> featureNames = new HashMap<>();
        JsonNode featureNodes = window.get("features");
        for (int i = 0; i < featureNodes.size(); i++) {
            JsonNode f = featureNodes.get(i);
            String p = "$.window.features[" + i + "]";
            String name = f.get("name").asText();
            issues.unique(featureNames, name, p + ".name", "feature name");
            String source = f.get("source").asText();
            Aggregate aggregate = Aggregate.fromYaml(f.get("aggregate").asText());
            double center = f.path("center").asDouble(0);
            double spread = f.path("spread").asDouble(1);
            Optional<MachineAttribute> attribute = attributes.stream().filter(a -> a.name().equals(source)).findFirst();
            if (attribute.isPresent()) {
                // a categorical attribute enters the model as the index of its value
                ValueRange r = new ValueRange(0, Math.max(1, attribute.get().values().size() - 1));
                features.add(new FeatureSpec(name, source, aggregate, 1, r, center, spread));
            } else if (!signalNames.containsKey(source)) {
                issues.add(p + ".source", "unknown sensor, derived signal or attribute '" + source + "' (known: "
                        + new TreeSet<>(signalNames.keySet()) + ", attributes " + attributes.stream().map(MachineAttribute::name).toList() + ")");
            } else if (signalRanges.containsKey(source)) {
                ValueRange r = signalRanges.get(source);
                r = aggregate.range(r, length);
                features.add(new FeatureSpec(name, source, aggregate, signalScales.get(source), r, center, spread));
            }
        }

        // labels
        Optional<LabelSpec> labels = Optional.empty();
        if (root.has("labels")) {
            JsonNode l = root.get("labels");
            NodeIdTemplate failure = nodeIds.parse(l.get("failure").asText(), "$.labels.failure");
            Map<String, NodeIdTemplate> modes = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : l.path("modes").properties()) {
                NodeIdTemplate t = nodeIds.parse(e.getValue().asText(), "$.labels.modes." + e.getKey());
                if (t != null) {
                    modes.put(e.getKey(), t);
                }
            }
            if (failure != null) {
                labels = Optional.of(new LabelSpec(failure, modes));
            }
        }

        int step = window.path("step").asInt(length);
        if (step > length) {
            issues.add("$.window.step", "step (" + step + ") must not exceed the window length (" + length
                    + "): a gateway keeps only the last length samples");
        }
        int resolution = window.path("quantization").path("resolution").asInt(WindowSpec.DEFAULT_RESOLUTION);
        int clip = window.path("quantization").path("clip").asInt(WindowSpec.DEFAULT_CLIP);
        if (clip < resolution) {
            issues.add("$.window.quantization.clip", "clip (" + clip + ") must be at least the resolution (" + resolution + ")");
        }
        HistorySpec history = history(issues, root.path("history"), sensors, attributes);
        issues.throwIfAny();
        OpcUaSpec opcuaSpec = new OpcUaSpec(opcua.get("namespaceUri").asText(), nodeIds.namespaceIndex, sensors, sequence);
        return new MachineProfile(id, root.get("description").asText(), root.get("vendor").asText(),
                root.get("model").asText(), attributes, opcuaSpec, new WindowSpec(length, step, derived, features, resolution, clip), labels,
                doc.name(), history);
    }

    /** The history section: every mapped name must be a sensor or an attribute. */
    private static HistorySpec history(Issues issues, JsonNode h, List<SensorSpec> sensors, List<MachineAttribute> attributes) {
        if (h.isMissingNode()) {
            return HistorySpec.DEFAULT;
        }
        Map<String, String> columns = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : h.path("columns").properties()) {
            String name = e.getKey();
            boolean known = sensors.stream().anyMatch(s -> s.name().equals(name))
                    || attributes.stream().anyMatch(a -> a.name().equals(name));
            if (!known) {
                issues.add("$.history.columns." + name, "unknown sensor or attribute '" + name + "' (known: "
                        + sensors.stream().map(SensorSpec::name).toList() + ", attributes "
                        + attributes.stream().map(MachineAttribute::name).toList() + ")");
            }
            columns.put(name, e.getValue().asText());
        }
        Optional<LabelRule> label = Optional.empty();
        JsonNode l = h.path("label");
        if (l.has("column")) {
            label = Optional.of(new LabelRule.Column(l.get("column").asText()));
        } else if (l.has("failure-within")) {
            label = Optional.of(new LabelRule.FailureWithin(l.get("failure-within").asInt()));
        }
        Optional<String> unit = h.has("unit") ? Optional.of(h.get("unit").asText()) : Optional.empty();
        Optional<String> order = h.has("order") ? Optional.of(h.get("order").asText()) : Optional.empty();
        return new HistorySpec(unit, order, columns, label);
    }

    /** The node ids of one profile: each identifier used once, all in one namespace index. */
    private static final class NodeIds {
        private final Issues issues;
        private final Map<String, String> owners = new HashMap<>();
        private int namespaceIndex = -1;
        private String namespaceIndexOwner;

        NodeIds(Issues issues) {
            this.issues = issues;
        }

        /** The parsed template, or null after recording why it cannot be parsed. */
        NodeIdTemplate parse(String text, String path) {
            NodeIdTemplate t;
            try {
                t = NodeIdTemplate.parse(text);
            } catch (IllegalArgumentException e) {
                issues.add(path, e.getMessage());
                return null;
            }
            String first = owners.putIfAbsent(t.identifierTemplate(), path);
            if (first != null) {
                issues.add(path, "node id '" + text + "' is already used by " + first);
            }
            if (namespaceIndex < 0) {
                namespaceIndex = t.namespaceIndex();
                namespaceIndexOwner = path;
            } else if (namespaceIndex != t.namespaceIndex()) {
                issues.add(path, "namespace index " + t.namespaceIndex() + " differs from ns=" + namespaceIndex + " used by "
                        + namespaceIndexOwner + " (all node ids of a profile live in its one namespace)");
            }
            return t;
        }
    }

    private static ValueRange range(Issues issues, JsonNode node, String path) {
        double min = node.get(0).asDouble();
        double max = node.get(1).asDouble();
        if (!(min < max)) {
            issues.add(path, "range min (" + node.get(0) + ") must be less than max (" + node.get(1) + ")");
            return null;
        }
        return new ValueRange(min, max);
    }
}

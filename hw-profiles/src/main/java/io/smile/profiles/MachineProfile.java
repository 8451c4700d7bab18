package io.smile.profiles;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A kind of machine: its OPC UA nodes, its sensors and the features a gateway computes from them.
 *
 * @param id          profile id (equals the file name without {@code .yaml})
 * @param description free text
 * @param vendor      vendor
 * @param model       model
 * @param attributes  static categorical attributes
 * @param opcua       OPC UA namespace and sensors
 * @param window      window length, derived signals and features
 * @param labels      optional ground-truth label nodes (simulators only)
 * @param source      where the profile was loaded from (file path or {@code classpath:...})
 * @param history     how a history CSV maps onto the profile, for training ({@link HistorySpec#DEFAULT} when absent)
 */
public record MachineProfile(String id, String description, String vendor, String model,
                             List<MachineAttribute> attributes, OpcUaSpec opcua, WindowSpec window,
                             Optional<LabelSpec> labels, String source, HistorySpec history) {
    public MachineProfile {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(model, "model");
        attributes = List.copyOf(attributes);
        Objects.requireNonNull(opcua, "opcua");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(history, "history");
    }

    public List<SensorSpec> sensors() {
        return opcua.sensors();
    }

    public Optional<SensorSpec> sensor(String name) {
        return opcua.sensor(name);
    }

    public Optional<MachineAttribute> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** Number of features, i.e. slots one machine occupies in a ciphertext. */
    public int featureCount() {
        return window.features().size();
    }
}

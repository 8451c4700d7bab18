package io.smile.profiles;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a machine is exposed over OPC UA.
 *
 * @param namespaceUri   URI of the namespace all node ids of this profile live in
 * @param namespaceIndex the {@code ns=} index used by all node ids of this profile
 * @param sensors        sensors, in file order
 * @param sequenceNode   optional Int64 node counting published samples
 */
public record OpcUaSpec(String namespaceUri, int namespaceIndex, List<SensorSpec> sensors,
                        Optional<NodeIdTemplate> sequenceNode) {
    public OpcUaSpec {
        Objects.requireNonNull(namespaceUri, "namespaceUri");
        sensors = List.copyOf(sensors);
        Objects.requireNonNull(sequenceNode, "sequenceNode");
    }

    public Optional<SensorSpec> sensor(String name) {
        return sensors.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}

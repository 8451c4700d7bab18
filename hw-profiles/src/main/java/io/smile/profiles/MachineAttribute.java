package io.smile.profiles;

import java.util.List;
import java.util.Objects;

/**
 * A static, categorical machine attribute (e.g. the product type L/M/H), published as a String node.
 *
 * @param name        attribute name
 * @param description free text (may be empty)
 * @param values      allowed values
 * @param nodeId      node id template
 */
public record MachineAttribute(String name, String description, List<String> values, NodeIdTemplate nodeId) {
    public MachineAttribute {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        values = List.copyOf(values);
        Objects.requireNonNull(nodeId, "nodeId");
    }
}

package io.smile.profiles;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One machine of a fleet.
 *
 * @param id         machine id, unique in the fleet; replaces {@code {machine}} in node ids
 * @param profile    its machine profile
 * @param attributes pinned attribute values (e.g. {@code type: H}), checked against the profile
 */
public record FleetMachine(String id, MachineProfile profile, Map<String, String> attributes) {
    public FleetMachine {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(profile, "profile");
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** A sensor's node id for this machine, e.g. {@code ns=2;s=Mill01/Torque}. */
    public String nodeId(SensorSpec sensor) {
        return sensor.nodeId().nodeIdFor(id);
    }
}

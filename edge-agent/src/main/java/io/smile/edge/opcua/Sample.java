package io.smile.edge.opcua;

import java.util.Map;

/**
 * One complete, consistent reading of all sensors of a machine (never leaves the agent).
 *
 * @param machineId    machine id
 * @param sequence     the machine's sample number (its OPC UA Sequence node, or a local counter
 *                     when the profile has none)
 * @param values       sensor name to value
 * @param attributes   attribute values read from the server with this sample (may be empty)
 * @param readAtMillis local time the sample was complete ({@link System#currentTimeMillis()})
 */
public record Sample(String machineId, long sequence, Map<String, Double> values, Map<String, String> attributes,
              long readAtMillis) {
    public Sample {
        values = Map.copyOf(values);
        attributes = Map.copyOf(attributes);
    }

    @Override
    public String toString() {
        // never print the values (plaintext sensor data)
        return "Sample[" + machineId + " #" + sequence + "]";
    }
}

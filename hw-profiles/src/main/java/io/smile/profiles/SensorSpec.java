package io.smile.profiles;

import java.util.Objects;

/**
 * One sensor of a machine, read from an OPC UA variable node holding a Double.
 *
 * @param name               feature-level name, e.g. {@code torque}
 * @param description        free text (may be empty)
 * @param nodeId             node id template
 * @param unit               engineering unit, e.g. {@code Nm}
 * @param range              valid value range
 * @param scale              fixed-point scale: a value v is encoded as {@code round(v * scale)}
 *                           (10 means 0.1-unit resolution)
 * @param samplingIntervalMs how often the gateway samples the node
 */
public record SensorSpec(String name, String description, NodeIdTemplate nodeId, String unit, ValueRange range,
                         int scale, int samplingIntervalMs) {
    public SensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(range, "range");
        if (scale <= 0) {
            throw new IllegalArgumentException("scale must be > 0, got " + scale);
        }
        if (samplingIntervalMs <= 0) {
            throw new IllegalArgumentException("samplingIntervalMs must be > 0, got " + samplingIntervalMs);
        }
    }

    /** Fixed-point encoding {@code Math.round(value * scale)}. */
    public long encode(double value) {
        return Math.round(value * scale);
    }

    /** Inverse of {@link #encode}. */
    public double decode(long encoded) {
        return (double) encoded / scale;
    }
}

package io.smile.data.ai4i;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One row of the AI4I 2020 Predictive Maintenance Dataset (or a generated row of the same shape).
 *
 * @param udi                  row id
 * @param productId            product serial, e.g. {@code M14860}
 * @param type                 product quality variant
 * @param airTemperatureK      air temperature [K]
 * @param processTemperatureK  process temperature [K]
 * @param rotationalSpeedRpm   rotational speed [rpm]
 * @param torqueNm             torque [Nm]
 * @param toolWearMin          tool wear [min]
 * @param machineFailure       the "Machine failure" label; in the published file it is NOT always
 *                             the OR of the five mode flags
 * @param twf                  tool wear failure
 * @param hdf                  heat dissipation failure
 * @param pwf                  power failure
 * @param osf                  overstrain failure
 * @param rnf                  random failure
 */
public record Ai4iRecord(int udi, String productId, ProductType type, double airTemperatureK,
                         double processTemperatureK, int rotationalSpeedRpm, double torqueNm, int toolWearMin,
                         boolean machineFailure, boolean twf, boolean hdf, boolean pwf, boolean osf, boolean rnf) {

    /** Sensor names of the {@code ai4i-milling} machine profile, in column order. */
    public static final List<String> SENSORS =
            List.of("air_temperature", "process_temperature", "rotational_speed", "torque", "tool_wear");

    /** Failure-mode names, in column order. */
    public static final List<String> MODES = List.of("TWF", "HDF", "PWF", "OSF", "RNF");

    public Ai4iRecord {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(type, "type");
    }

    /** Mechanical power [W] = torque x angular velocity = torque * rpm * 2π / 60. */
    public double powerW() {
        return torqueNm * rotationalSpeedRpm * 2.0 * Math.PI / 60.0;
    }

    /** Process minus air temperature [K]. */
    public double temperatureDifferenceK() {
        return processTemperatureK - airTemperatureK;
    }

    /** Tool wear x torque [min·Nm]. */
    public double wearTorque() {
        return toolWearMin * torqueNm;
    }

    /** Whether any of the five failure-mode flags is set. */
    public boolean anyMode() {
        return twf || hdf || pwf || osf || rnf;
    }

    /** The value of a sensor by its profile name (see {@link #SENSORS}). */
    public double sensor(String name) {
        switch (name) {
            case "air_temperature": return airTemperatureK;
            case "process_temperature": return processTemperatureK;
            case "rotational_speed": return rotationalSpeedRpm;
            case "torque": return torqueNm;
            case "tool_wear": return toolWearMin;
            default: throw new IllegalArgumentException("no AI4I sensor '" + name + "' (known: " + SENSORS + ")");
        }
    }

    /** A failure-mode flag by name (see {@link #MODES}). */
    public boolean mode(String name) {
        switch (name) {
            case "TWF": return twf;
            case "HDF": return hdf;
            case "PWF": return pwf;
            case "OSF": return osf;
            case "RNF": return rnf;
            default: throw new IllegalArgumentException("no AI4I failure mode '" + name + "' (known: " + MODES + ")");
        }
    }

    /** All five mode flags by name, in column order. */
    public Map<String, Boolean> modes() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (String k : MODES) {
            m.put(k, mode(k));
        }
        return m;
    }
}

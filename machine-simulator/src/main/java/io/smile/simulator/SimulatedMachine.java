package io.smile.simulator;

import io.smile.data.ai4i.ProductType;

import io.smile.profiles.MachineProfile;
import java.util.Objects;
import java.util.Optional;

/**
 * One machine the simulator exposes.
 *
 * @param id        machine id, substituted for {@code {machine}} in the profile's node ids
 * @param profile   machine profile (its sensors must be AI4I sensors)
 * @param fixedType product type every generated process uses; empty to draw L/M/H 50/30/20 %.
 *                  Ignored when replaying the data set (the row's type is published).
 */
public record SimulatedMachine(String id, MachineProfile profile, Optional<ProductType> fixedType) {
    public SimulatedMachine {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(fixedType, "fixedType");
        if (!id.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new IllegalArgumentException("machine id must be letters, digits, '_' and '-': '" + id + "'");
        }
    }
}

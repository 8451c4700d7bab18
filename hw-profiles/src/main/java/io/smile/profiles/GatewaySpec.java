package io.smile.profiles;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * One gateway of a fleet.
 *
 * @param id       gateway id, unique in the fleet
 * @param profile  its gateway profile
 * @param endpoint OPC UA endpoint URL ({@code opc.tcp://host:port/path}) the gateway reads from
 * @param machines machines it reads, in file order
 */
public record GatewaySpec(String id, GatewayProfile profile, URI endpoint, List<FleetMachine> machines) {
    public GatewaySpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(endpoint, "endpoint");
        machines = List.copyOf(machines);
    }

    /** Ciphertexts needed per window: ceil(machines / machinesPerCiphertext). */
    public int ciphertextsPerWindow() {
        int b = profile.machinesPerCiphertext();
        return (machines.size() + b - 1) / b;
    }
}

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
 * @param read     how the gateway reads its nodes: a data-change subscription (the default) or a
 *                 read of every node at each sampling tick, for servers that report only changed values
 */
public record GatewaySpec(String id, GatewayProfile profile, URI endpoint, List<FleetMachine> machines, ReadMode read) {
    /** How the edge gets sensor values from the OPC UA server. */
    public enum ReadMode {
        /** Monitored items with a data-change filter on status, value and timestamp. */
        SUBSCRIPTION,
        /**
         * Every node read at each sampling tick: a server that notifies only changed values
         * never reports an unchanged sensor, and its samples would silently go missing.
         */
        PERIODIC
    }

    /** A gateway that subscribes to data changes. */
    public GatewaySpec(String id, GatewayProfile profile, URI endpoint, List<FleetMachine> machines) {
        this(id, profile, endpoint, machines, ReadMode.SUBSCRIPTION);
    }

    public GatewaySpec {
        Objects.requireNonNull(read, "read");
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

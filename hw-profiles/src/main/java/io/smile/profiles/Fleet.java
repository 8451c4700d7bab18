package io.smile.profiles;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A tenant's deployment: broker and gateways, each with its machines.
 *
 * @param tenant   tenant id
 * @param broker   MQTT broker
 * @param gateways gateways, in file order
 * @param source   where the fleet was loaded from
 */
public record Fleet(String tenant, BrokerSpec broker, List<GatewaySpec> gateways, String source) {
    public Fleet {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(broker, "broker");
        gateways = List.copyOf(gateways);
        Objects.requireNonNull(source, "source");
    }

    public Optional<GatewaySpec> gateway(String id) {
        return gateways.stream().filter(g -> g.id().equals(id)).findFirst();
    }

    /** All machines of all gateways, in file order. */
    public List<FleetMachine> machines() {
        return gateways.stream().flatMap(g -> g.machines().stream()).toList();
    }

    public Optional<FleetMachine> machine(String id) {
        return machines().stream().filter(m -> m.id().equals(id)).findFirst();
    }
}

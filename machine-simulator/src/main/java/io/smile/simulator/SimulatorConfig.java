package io.smile.simulator;

import io.smile.data.ai4i.ProductType;
import io.smile.data.ai4i.Ai4iGenerator;

import io.smile.profiles.Fleet;
import io.smile.profiles.FleetMachine;
import io.smile.profiles.GatewaySpec;
import io.smile.profiles.MachineProfile;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Configuration of a {@link MachineSimulator}. Build with {@link #builder()}.
 *
 * @param machines                  machines to expose (at least one, unique ids)
 * @param dataset                   AI4I CSV to replay; empty to use the {@link Ai4iGenerator}
 * @param seed                      generator seed; machine i uses {@code seed + i}
 * @param rateHz                    records per second per machine published by a background
 *                                  timer; 0 for manual stepping with {@link MachineSimulator#publishNext()}
 * @param bindAddress               address the server listens on (default 127.0.0.1)
 * @param hostname                  host name advertised in endpoint URLs (default: the bind address)
 * @param port                      TCP port; 0 picks a free port
 * @param path                      endpoint path (default {@code /smile-sim})
 * @param security                  which endpoints are offered
 * @param trustedClientCertificates client certificates accepted on the Basic256Sha256 endpoint;
 *                                  empty accepts any client certificate (a simulator default —
 *                                  list them for anything but a local demo)
 */
public record SimulatorConfig(List<SimulatedMachine> machines, Optional<Path> dataset, long seed, double rateHz,
                              String bindAddress, String hostname, int port, String path,
                              SimulatorSecurity security, List<X509Certificate> trustedClientCertificates) {
    public static final String DEFAULT_PATH = "/smile-sim";
    public static final String DEFAULT_BIND = "127.0.0.1";

    public SimulatorConfig {
        machines = List.copyOf(machines);
        if (machines.isEmpty()) {
            throw new IllegalArgumentException("the simulator needs at least one machine");
        }
        Set<String> ids = new HashSet<>();
        for (SimulatedMachine m : machines) {
            if (!ids.add(m.id())) {
                throw new IllegalArgumentException("duplicate machine id '" + m.id() + "'");
            }
        }
        Objects.requireNonNull(dataset, "dataset");
        if (!(rateHz >= 0) || rateHz > 10_000 || Double.isInfinite(rateHz)) {
            throw new IllegalArgumentException("rate must be in 0..10000 Hz (0 = manual stepping), got " + rateHz);
        }
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(hostname, "hostname");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535 (0 = any free port), got " + port);
        }
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("endpoint path must start with '/', got '" + path + "'");
        }
        Objects.requireNonNull(security, "security");
        trustedClientCertificates = List.copyOf(trustedClientCertificates);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with defaults: generator seed 1, manual stepping, 127.0.0.1, free port, security BOTH. */
    public static final class Builder {
        private final List<SimulatedMachine> machines = new ArrayList<>();
        private Path dataset;
        private long seed = 1;
        private double rateHz;
        private String bindAddress = DEFAULT_BIND;
        private String hostname;
        private int port;
        private String path = DEFAULT_PATH;
        private SimulatorSecurity security = SimulatorSecurity.BOTH;
        private final List<X509Certificate> trusted = new ArrayList<>();

        private Builder() {
        }

        public Builder machine(SimulatedMachine machine) {
            machines.add(Objects.requireNonNull(machine, "machine"));
            return this;
        }

        /** Adds {@code count} machines of one profile, named {@code Mill01}, {@code Mill02}, ... */
        public Builder machines(MachineProfile profile, int count) {
            if (count < 1 || count > 999) {
                throw new IllegalArgumentException("machine count must be in 1..999, got " + count);
            }
            for (int i = 1; i <= count; i++) {
                machines.add(new SimulatedMachine(String.format("Mill%02d", i), profile, Optional.empty()));
            }
            return this;
        }

        /**
         * Adds the machines of one gateway of a fleet (its first {@code limit} machines, or all for
         * {@code limit <= 0}), pins a machine's {@code type} attribute as its fixed product type, and
         * takes port, path and advertised host name from the gateway's endpoint URL.
         *
         * @param gatewayId the gateway, or null for the fleet's first gateway
         */
        public Builder fleetGateway(Fleet fleet, String gatewayId, int limit) {
            GatewaySpec gw = gatewayId == null ? fleet.gateways().get(0) : fleet.gateway(gatewayId)
                    .orElseThrow(() -> new IllegalArgumentException("fleet " + fleet.source() + " has no gateway '"
                            + gatewayId + "' (known: " + fleet.gateways().stream().map(GatewaySpec::id).toList()
                            + ")"));
            List<FleetMachine> list = gw.machines();
            if (limit > list.size()) {
                throw new IllegalArgumentException("gateway '" + gw.id() + "' has " + list.size()
                        + " machines, cannot simulate " + limit);
            }
            if (limit > 0) {
                list = list.subList(0, limit);
            }
            for (FleetMachine m : list) {
                Optional<ProductType> type = Optional.ofNullable(m.attributes().get("type")).map(ProductType::parse);
                machines.add(new SimulatedMachine(m.id(), m.profile(), type));
            }
            URI endpoint = gw.endpoint();
            port = endpoint.getPort();
            path = endpoint.getPath() == null || endpoint.getPath().isEmpty() ? "/" : endpoint.getPath();
            hostname = endpoint.getHost();
            return this;
        }

        public Builder dataset(Path csv) {
            this.dataset = csv;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder rateHz(double rateHz) {
            this.rateHz = rateHz;
            return this;
        }

        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder path(String path) {
            this.path = path;
            return this;
        }

        public Builder security(SimulatorSecurity security) {
            this.security = security;
            return this;
        }

        public Builder trustClientCertificate(X509Certificate certificate) {
            trusted.add(Objects.requireNonNull(certificate, "certificate"));
            return this;
        }

        public SimulatorConfig build() {
            return new SimulatorConfig(machines, Optional.ofNullable(dataset), seed, rateHz, bindAddress,
                    hostname == null ? bindAddress : hostname, port, path, security, trusted);
        }
    }
}

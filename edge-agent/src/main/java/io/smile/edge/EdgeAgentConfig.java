package io.smile.edge;

import io.smile.edge.opcua.OpcUaSecurity;
import io.smile.profiles.Fleet;
import io.smile.profiles.GatewaySpec;
import io.smile.profiles.ProfileLoader;
import io.smile.protocol.Topics;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Configuration of an {@link EdgeAgent}. Build with {@link #builder(Fleet, String)}.
 *
 * @param fleet                  the fleet (tenant, broker, gateways with their machines)
 * @param gatewayId              the gateway this agent runs on
 * @param stateDir               keys, outbox, pending results, sequence counter, result logs
 * @param brokerUrl              MQTT broker URL overriding the fleet's ({@code tcp://host:port} or
 *                               {@code ssl://host:port})
 * @param opcUaEndpoint          OPC UA endpoint overriding the gateway's
 * @param modelId                model the cloud should evaluate
 * @param batchInterval          how often collected windows are encrypted and sent
 * @param maxWindowsPerBatch     cap on windows per ciphertext (0: slots / block size, capped by
 *                               the gateway profile's machinesPerCiphertext)
 * @param outboxMaxBytes         bound of the on-disk outbox; when full the OLDEST batches are dropped
 * @param samplingIntervalMs     OPC UA sampling interval for every node (0: each sensor's
 *                               samplingIntervalMs from the machine profile)
 * @param windowStep             samples between windows (0: the window length, i.e. tumbling windows)
 * @param maxInflight            unacknowledged QoS 1 batch publishes at a time
 * @param reconnectMaxDelay      upper bound of the MQTT reconnect backoff
 * @param sessionExpiry          MQTT session expiry interval (how long the broker keeps the alert
 *                               subscription and queued results while the agent is offline)
 * @param pendingResultTtl       maximum age of a batch without a result: then it is given up
 *                               (deleted from the outbox, counted and logged as lost)
 * @param heBackend              homomorphic-encryption backend name
 * @param opcUaSecurity          OPC UA transport security
 * @param resultTimeout          how long after the broker's acknowledgement a batch waits for its
 *                               result before it is re-sent (same sequence and bytes)
 * @param maxResultTimeout       the timeout doubles with each re-send, up to this
 * @param periodicRead           read every node at each sampling tick instead of relying on
 *                               data-change notifications (servers that report only changes)
 */
public record EdgeAgentConfig(Fleet fleet, String gatewayId, Path stateDir, Optional<URI> brokerUrl,
                              Optional<URI> opcUaEndpoint, String modelId, Duration batchInterval,
                              int maxWindowsPerBatch, long outboxMaxBytes, int samplingIntervalMs, int windowStep,
                              int maxInflight, Duration reconnectMaxDelay, Duration sessionExpiry,
                              Duration pendingResultTtl, String heBackend, OpcUaSecurity opcUaSecurity,
                              Duration resultTimeout, Duration maxResultTimeout, boolean periodicRead) {
    public static final String DEFAULT_MODEL = "pdm-quadratic";
    public static final Duration DEFAULT_RESULT_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_MAX_RESULT_TIMEOUT = Duration.ofMinutes(10);
    public static final long DEFAULT_OUTBOX_MB = 512;

    public EdgeAgentConfig {
        Objects.requireNonNull(fleet, "fleet");
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(brokerUrl, "brokerUrl");
        Objects.requireNonNull(opcUaEndpoint, "opcUaEndpoint");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(batchInterval, "batchInterval");
        Objects.requireNonNull(reconnectMaxDelay, "reconnectMaxDelay");
        Objects.requireNonNull(sessionExpiry, "sessionExpiry");
        Objects.requireNonNull(pendingResultTtl, "pendingResultTtl");
        Objects.requireNonNull(heBackend, "heBackend");
        Objects.requireNonNull(opcUaSecurity, "opcUaSecurity");
        Objects.requireNonNull(resultTimeout, "resultTimeout");
        Objects.requireNonNull(maxResultTimeout, "maxResultTimeout");
        if (resultTimeout.toMillis() < 100 || maxResultTimeout.compareTo(resultTimeout) < 0) {
            throw new EdgeAgentException("result timeout must be at least 100 ms and at most the maximum result timeout, got "
                    + resultTimeout.toMillis() + " ms / " + maxResultTimeout.toMillis() + " ms");
        }
        if (pendingResultTtl.compareTo(resultTimeout) <= 0) {
            throw new EdgeAgentException("the maximum age of a batch without result (" + pendingResultTtl
                    + ") must exceed the result timeout (" + resultTimeout + ")");
        }
        if (fleet.gateway(gatewayId).isEmpty()) {
            throw new EdgeAgentException("fleet " + fleet.source() + " has no gateway '" + gatewayId + "' (known: "
                    + fleet.gateways().stream().map(GatewaySpec::id).toList() + ")");
        }
        try {
            Topics.checkId("tenant", fleet.tenant());
            Topics.checkId("gateway", gatewayId);
            Topics.checkId("model", modelId);
        } catch (RuntimeException e) {
            throw new EdgeAgentException(e.getMessage(), e);
        }
        if (batchInterval.toMillis() < 10) {
            throw new EdgeAgentException("batch interval must be at least 10 ms, got " + batchInterval.toMillis() + " ms");
        }
        if (maxWindowsPerBatch < 0) {
            throw new EdgeAgentException("max windows per batch must be >= 0 (0 = as many as fit), got "
                    + maxWindowsPerBatch);
        }
        if (outboxMaxBytes < 1) {
            throw new EdgeAgentException("outbox size limit must be positive");
        }
        if (samplingIntervalMs < 0 || windowStep < 0) {
            throw new EdgeAgentException("sampling interval and window step must be >= 0");
        }
        if (maxInflight < 1) {
            throw new EdgeAgentException("max in-flight publishes must be >= 1");
        }
    }

    /** The gateway of this agent. */
    public GatewaySpec gateway() {
        return fleet.gateway(gatewayId).orElseThrow();
    }

    /** The broker URL in effect (override or the fleet's). */
    public URI effectiveBrokerUrl() {
        return brokerUrl.orElse(fleet.broker().url());
    }

    /** The OPC UA endpoint in effect (override or the gateway's). */
    public URI effectiveOpcUaEndpoint() {
        return opcUaEndpoint.orElse(gateway().endpoint());
    }

    /** The default state directory for a gateway: {@code ./edge-state/<gateway>}. */
    public static Path defaultStateDir(String gatewayId) {
        return Path.of("edge-state", gatewayId);
    }

    /** A builder for the gateway {@code gatewayId} of {@code fleet} (null: the fleet's first gateway). */
    public static Builder builder(Fleet fleet, String gatewayId) {
        return new Builder(fleet, gatewayId);
    }

    /** A builder for a gateway of the built-in example fleet. */
    public static Builder builtinExample(String gatewayId) {
        return new Builder(new ProfileLoader().loadBuiltinFleet("example-fleet"), gatewayId);
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private final Fleet fleet;
        private final String gatewayId;
        private Path stateDir;
        private URI brokerUrl;
        private URI opcUaEndpoint;
        private String modelId = DEFAULT_MODEL;
        private Duration batchInterval = Duration.ofSeconds(1);
        private int maxWindowsPerBatch;
        private long outboxMaxBytes = DEFAULT_OUTBOX_MB << 20;
        private int samplingIntervalMs;
        private int windowStep;
        private int maxInflight = 4;
        private Duration reconnectMaxDelay = Duration.ofSeconds(30);
        private Duration sessionExpiry = Duration.ofDays(7);
        private Duration pendingResultTtl = Duration.ofHours(24);
        private String heBackend = "bgv-java";
        private OpcUaSecurity opcUaSecurity = OpcUaSecurity.NONE;
        private Duration resultTimeout = DEFAULT_RESULT_TIMEOUT;
        private Duration maxResultTimeout = DEFAULT_MAX_RESULT_TIMEOUT;
        /** null: what the fleet file says for this gateway ({@code read:}). */
        private Boolean periodicRead;

        private Builder(Fleet fleet, String gatewayId) {
            this.fleet = Objects.requireNonNull(fleet, "fleet");
            if (fleet.gateways().isEmpty()) {
                throw new EdgeAgentException("fleet " + fleet.source() + " has no gateways");
            }
            this.gatewayId = gatewayId == null ? fleet.gateways().get(0).id() : gatewayId;
        }

        public Builder stateDir(Path dir) {
            this.stateDir = dir;
            return this;
        }

        public Builder brokerUrl(URI url) {
            this.brokerUrl = url;
            return this;
        }

        public Builder opcUaEndpoint(URI endpoint) {
            this.opcUaEndpoint = endpoint;
            return this;
        }

        public Builder modelId(String id) {
            this.modelId = id;
            return this;
        }

        public Builder batchInterval(Duration interval) {
            this.batchInterval = interval;
            return this;
        }

        public Builder maxWindowsPerBatch(int max) {
            this.maxWindowsPerBatch = max;
            return this;
        }

        public Builder outboxMaxBytes(long bytes) {
            this.outboxMaxBytes = bytes;
            return this;
        }

        public Builder outboxMaxMb(long mb) {
            this.outboxMaxBytes = mb << 20;
            return this;
        }

        public Builder samplingIntervalMs(int ms) {
            this.samplingIntervalMs = ms;
            return this;
        }

        public Builder windowStep(int samples) {
            this.windowStep = samples;
            return this;
        }

        public Builder maxInflight(int n) {
            this.maxInflight = n;
            return this;
        }

        public Builder reconnectMaxDelay(Duration d) {
            this.reconnectMaxDelay = d;
            return this;
        }

        public Builder sessionExpiry(Duration d) {
            this.sessionExpiry = d;
            return this;
        }

        public Builder pendingResultTtl(Duration d) {
            this.pendingResultTtl = d;
            return this;
        }

        public Builder heBackend(String name) {
            this.heBackend = name;
            return this;
        }

        public Builder opcUaSecurity(OpcUaSecurity security) {
            this.opcUaSecurity = security;
            return this;
        }

        /** Wait this long after the broker's acknowledgement for a result, then re-send the batch. */
        public Builder resultTimeout(Duration d) {
            this.resultTimeout = d;
            return this;
        }

        /** Upper bound of the doubling result timeout. */
        public Builder maxResultTimeout(Duration d) {
            this.maxResultTimeout = d;
            return this;
        }

        /**
         * Read every node at each sampling tick (for servers that report only changed values),
         * overriding the fleet file's {@code read:} for this gateway.
         */
        public Builder periodicRead(boolean on) {
            this.periodicRead = on;
            return this;
        }

        public EdgeAgentConfig build() {
            boolean periodic = periodicRead != null ? periodicRead
                    : fleet.gateway(gatewayId).map(g -> g.read() == GatewaySpec.ReadMode.PERIODIC).orElse(false);
            return new EdgeAgentConfig(fleet, gatewayId, stateDir == null ? defaultStateDir(gatewayId) : stateDir,
                    Optional.ofNullable(brokerUrl), Optional.ofNullable(opcUaEndpoint), modelId, batchInterval,
                    maxWindowsPerBatch, outboxMaxBytes, samplingIntervalMs, windowStep, maxInflight, reconnectMaxDelay,
                    sessionExpiry, pendingResultTtl, heBackend, opcUaSecurity, resultTimeout,
                    maxResultTimeout.compareTo(resultTimeout) < 0 ? resultTimeout : maxResultTimeout, periodic);
        }
    }
}

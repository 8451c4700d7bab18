package io.smile.edge;

import io.smile.edge.batch.BatchOutcomes;
import io.smile.edge.batch.DeliveryTracker;
import io.smile.edge.batch.FeatureBatcher;
import io.smile.edge.batch.Outbox;
import io.smile.edge.batch.PendingBatches;
import io.smile.edge.batch.SequenceCounter;
import io.smile.edge.metrics.Counters;
import io.smile.edge.mqtt.MqttLink;
import io.smile.edge.opcua.OpcUaIdentity;
import io.smile.edge.opcua.OpcUaSecurity;
import io.smile.edge.opcua.OpcUaSource;
import io.smile.edge.result.ResultHandler;
import io.smile.edge.result.ResultLog;
import io.smile.edge.state.StateDirectoryLock;
import io.smile.edge.state.StateWriteFailures;
import io.smile.edge.window.MachineWindows;
import io.smile.he.api.HeParameterSpec;
import io.smile.pdm.model.Ai4iFeatures;
import io.smile.pdm.model.FeatureEncoding;
import io.smile.profiles.BgvSpec;
import io.smile.profiles.FleetMachine;
import io.smile.profiles.GatewaySpec;
import io.smile.protocol.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMiLe edge agent of one gateway: reads the gateway's machines over OPC UA, turns their
 * samples into quantized feature windows, packs many windows into the SIMD slots of one BGV
 * ciphertext, encrypts it with the gateway's own secret key, stores the batch in a durable outbox
 * and publishes it over MQTT v5 (QoS 1); decrypts the encrypted results the cloud returns, applies
 * the alert rule (score &gt; 0) and records every window's result.
 *
 * <pre>{@code
 * try (EdgeAgent agent = new EdgeAgent(EdgeAgentConfig.builder(fleet, "gw-hall-a")
 *         .stateDir(Path.of("/var/lib/smile/gw-hall-a")).build())) {
 *     agent.addResultListener(r -> System.out.println(r.machineId() + " " + r.alert()));
 *     agent.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>This class only wires the collaborators and runs their lifecycle: {@link OpcUaSource} (samples)
 * → {@link MachineWindows} (quantized windows) → {@link FeatureBatcher} (encrypted batches in the
 * {@link Outbox}) → {@link MqttLink} (publish, key registration, results) → {@link ResultHandler}
 * (decrypted window results); {@link GatewayCrypto} holds the session and key.
 *
 * <p>Privacy: only ciphertexts and metadata (gateway, machine ids, times, sizes) are published or
 * logged; the secret key is written only to the state directory's key store.
 *
 * <p>Thread-safe. {@link #start()} once; {@link #stop()} (or {@link #close()}) is idempotent.
 */
public final class EdgeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeAgent.class);
    /** System property: at most one re-registration on the cloud's status per this many ms (default 30 000). */
    public static final String REREGISTRATION_BACKOFF_PROPERTY = "smile.edge.reregistration-backoff-ms";

    private final EdgeAgentConfig config;
    private final GatewaySpec gateway;
    private final String tenant;
    private final FeatureEncoding encoding;
    private final Counters counters = new Counters();
    private final List<Consumer<WindowResult>> listeners = new CopyOnWriteArrayList<>();

    private StateDirectoryLock lock;
    private GatewayCrypto crypto;
    private int windowsPerBatch;
    private Outbox outbox;
    private PendingBatches pending;
    private ResultHandler results;
    private MqttLink mqtt;
    private FeatureBatcher batcher;
    private OpcUaSource opcua;
    private volatile boolean started;
    private volatile boolean stopped;

    /**
     * Checks the configuration (gateway, machines, one common feature encoding); does no I/O.
     *
     * @throws EdgeAgentException if the configuration cannot work
     */
    public EdgeAgent(EdgeAgentConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.gateway = config.gateway();
        this.tenant = config.fleet().tenant();
        this.encoding = commonEncoding(gateway, config.windowStep());
    }

    /** The one feature encoding of all machines of the gateway (one batch is the input of one model). */
    private static FeatureEncoding commonEncoding(GatewaySpec gateway, int step) {
        if (gateway.machines().isEmpty()) {
            throw new EdgeAgentException("gateway '" + gateway.id() + "' has no machines");
        }
        FeatureEncoding first = null;
        for (FleetMachine m : gateway.machines()) {
            FeatureEncoding e = Ai4iFeatures.encoding(m.profile());
            if (first == null) {
                first = e;
            } else if (!first.equals(e)) {
                throw new EdgeAgentException("machines of gateway '" + gateway.id() + "' use different feature"
                        + " encodings (machine " + m.id() + ", profile " + m.profile().id() + "): one batch holds the"
                        + " input of one model");
            }
            if (step > m.profile().window().length()) {
                throw new EdgeAgentException("window step " + step + " exceeds the window length "
                        + m.profile().window().length() + " of machine " + m.id());
            }
        }
        return first;
    }

    /** The parameters of the gateway profile as an engine specification. */
    public static HeParameterSpec parameterSpec(GatewaySpec gateway) {
        BgvSpec bgv = gateway.profile().bgv();
        return HeParameterSpec.explicit(bgv.degree(), bgv.plainModulus(),
                        bgv.ciphertextPrimeBits().stream().mapToInt(Integer::intValue).toArray(),
                        bgv.specialPrimeBits().stream().mapToInt(Integer::intValue).toArray())
                .withThreads(gateway.profile().threads());
    }

    /**
     * Opens the state directory (exclusively), loads or generates the keys, and starts the MQTT
     * link, the batching timer and the OPC UA reader. Returns once everything is started; the
     * broker and the OPC UA server need not be reachable (both are retried in the background).
     *
     * @throws EdgeAgentException if the state directory, the key store or the parameters are unusable
     */
    public synchronized void start() {
        if (started) {
            throw new IllegalStateException("the agent was already started");
        }
        started = true;
        try {
            startInternal();
        } catch (RuntimeException e) {
            stop();
            throw e;
        } catch (IOException e) {
            stop();
            throw new EdgeAgentException("cannot use the state directory " + config.stateDir() + ": " + e, e);
        }
    }

    private void startInternal() throws IOException {
        Path dir = config.stateDir();
        lock = StateDirectoryLock.acquire(dir);
        crypto = GatewayCrypto.open(config.heBackend(), tenant, gateway, encoding, dir.resolve("keys"));
        windowsPerBatch = FeatureBatcher.capacity(crypto.layout, gateway.profile().machinesPerCiphertext(),
                config.maxWindowsPerBatch());

        // a full disk: what cannot be written stays in memory, counted, logged once a minute
        StateWriteFailures writeFailures = new StateWriteFailures(StateWriteFailures.DEFAULT_LOG_PERIOD,
                System::currentTimeMillis, counters.stateWriteFailures);
        pending = new PendingBatches(dir.resolve("pending"), writeFailures);
        BatchOutcomes outcomes = new BatchOutcomes(pending, counters);
        outbox = new Outbox(dir.resolve("outbox"), config.outboxMaxBytes(), Runtime.getRuntime().maxMemory() / 4,
                outcomes::dropped, writeFailures);
        long atLeast = Math.max(outbox.last().orElse(-1), pending.last().orElse(-1)) + 1;
        SequenceCounter sequence = new SequenceCounter(dir.resolve("sequence"), atLeast, writeFailures);
        results = new ResultHandler(gateway.id(), crypto.session, crypto.owner, crypto.layout, pending,
                new ResultLog(dir, writeFailures), counters, listeners);

        mqtt = new MqttLink(config.fleet().broker(), config.effectiveBrokerUrl(), Topics.features(tenant, gateway.id()),
                Topics.alerts(tenant, gateway.id()), Topics.keys(tenant, gateway.id()), Topics.status(tenant, gateway.id()),
                crypto.registration, crypto.identity.publicKey(), outbox,
                new DeliveryTracker(config.resultTimeout(), config.maxResultTimeout(), System::currentTimeMillis),
                counters, new MqttLink.Handler() {
                    @Override
                    public void acknowledged(long seq, long payloadBytes) {
                        outcomes.acknowledged(seq, payloadBytes);
                    }

                    @Override
                    public void registrationPublished() {
                        // counted by the link
                    }

                    @Override
                    public void result(byte[] payload) {
                        results.handle(payload);
                    }

                    @Override
                    public void batchRefused(long sequence, String reason) {
                        pending.refused(sequence, reason, 0); // counted and logged there, then finished
                    }
                },
                new MqttLink.Settings(gateway.id(), "smile-edge-" + tenant + "-" + gateway.id(), config.maxInflight(),
                        (int) Math.max(1, config.reconnectMaxDelay().toSeconds()), config.sessionExpiry().toSeconds(),
                        Long.getLong(REREGISTRATION_BACKOFF_PROPERTY, MqttLink.DEFAULT_REREGISTRATION_BACKOFF_MS)));

        outcomes.setDelivery(mqtt);
        batcher = new FeatureBatcher(gateway.id(), config.modelId(), crypto.layout, crypto.owner, crypto.identity, windowsPerBatch,
                sequence,
                pending, outbox, counters, outcomes, mqtt::kick);
        batcher.start(config.batchInterval(), config.pendingResultTtl());
        MachineWindows windows = new MachineWindows(gateway.machines(), encoding, config.windowStep(), batcher::accept,
                counters);
        mqtt.start();

        OpcUaIdentity identity = config.opcUaSecurity() == OpcUaSecurity.NONE ? null
                : OpcUaIdentity.loadOrCreate(dir.resolve("opcua"), OpcUaSource.applicationUri(gateway.id()),
                        "SMiLe edge agent " + gateway.id());
        opcua = new OpcUaSource(config.effectiveOpcUaEndpoint().toString(), gateway.id(), gateway.machines(),
                config.samplingIntervalMs(), config.periodicRead(), config.opcUaSecurity(), identity, windows, counters);
        opcua.start();
        LOG.info("edge agent for gateway {} (tenant {}) started: {} machines from {} (security {}), broker {},"
                        + " model {}, up to {} windows of {} slots per ciphertext (N = {}), batch every {} ms, result timeout {} ms,"
                        + " {}, state in {}",
                gateway.id(), tenant, gateway.machines().size(), config.effectiveOpcUaEndpoint(), config.opcUaSecurity(),
                config.effectiveBrokerUrl(), config.modelId(), windowsPerBatch, encoding.blockSize(),
                crypto.session.slotCount(), config.batchInterval().toMillis(), config.resultTimeout().toMillis(),
                config.periodicRead() ? "periodic read" : "data-change subscription", dir.toAbsolutePath());
    }

    /** Registers a listener called (on the MQTT callback thread) for every decrypted window result. */
    public void addResultListener(Consumer<WindowResult> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeResultListener(Consumer<WindowResult> listener) {
        listeners.remove(listener);
    }

    /**
     * Encrypts and stores the windows collected so far now, instead of at the next batch interval;
     * returns when they are in the outbox.
     */
    public void flush() {
        FeatureBatcher b = batcher;
        if (b == null || stopped) {
            return;
        }
        b.flush();
    }

    /** A snapshot of the counters. */
    public EdgeMetrics metrics() {
        Outbox o = outbox;
        PendingBatches p = pending;
        OpcUaSource src = opcua;
        long torn = src == null ? counters.samplesTorn.get() : src.torn();
        return counters.snapshot(torn, o == null ? 0 : o.size(), o == null ? 0 : o.bytes(), p == null ? 0 : p.size());
    }

    public EdgeAgentConfig config() {
        return config;
    }

    public String gatewayId() {
        return gateway.id();
    }

    /** Slots per machine window. */
    public int blockSize() {
        return encoding.blockSize();
    }

    /** Windows per ciphertext in effect (known after {@link #start()}). */
    public int windowsPerBatch() {
        return windowsPerBatch;
    }

    public Path stateDir() {
        return config.stateDir();
    }

    /** Machine ids of this gateway. */
    public List<String> machineIds() {
        return gateway.machines().stream().map(FleetMachine::id).collect(Collectors.toList());
    }

    /**
     * Stops reading, encrypts and stores the windows collected so far (they are sent after the
     * next start if the broker does not acknowledge them now), disconnects and wipes the key from
     * memory. Unacknowledged batches stay in the outbox. Idempotent.
     */
    public void stop() {
        synchronized (this) {
            if (stopped || !started) {
                stopped = true;
                return;
            }
            stopped = true;
        }
        // upstream first, so every window read reaches the outbox before the link closes
        if (opcua != null) {
            opcua.close();
        }
        if (batcher != null) {
            batcher.close();
        }
        if (mqtt != null) {
            mqtt.close();
        }
        if (results != null) {
            results.close();
        }
        if (crypto != null) {
            crypto.close();
        }
        if (lock != null) {
            lock.close();
        }
        LOG.info("edge agent for gateway {} stopped: {}", gateway.id(), summary(metrics()));
    }

    /** The shutdown summary: honest counts of what was sent, answered, re-sent, refused, lost and missed. */
    public static String summary(EdgeMetrics m) {
        return String.format("batches: %d created, %d sent (broker-acknowledged), %d answered, %d re-sent, %d late"
                        + " (result after a re-send), %d refusals retried, %d refused, %d dropped (outbox full), %d lost"
                        + " (no result within the maximum age), %d still in the outbox; results: %d windows, %d alerts,"
                        + " %d ignored (duplicates, unknown, malformed), %d errors; windows: %d lost, %d refused;"
                        + " samples: %d read, %d missed in %d sequence gaps, %d torn, %d silent ticks;"
                        + " state directory: %d failed writes (kept in memory); cloud status: %d re-registrations,"
                        + " %d statuses ignored",
                m.batchesCreated(), m.batchesAcked(), m.batchesAnswered(), m.batchesResent(), m.batchesLate(),
                m.refusalsRetried(), m.batchesRefused(), m.batchesDropped(), m.batchesLost(), m.batchesBuffered(),
                m.windowResults(), m.alerts(), m.resultsIgnored(), m.resultErrors(), m.windowsLost(), m.windowsRefused(),
                m.samples(), m.samplesMissed(), m.sequenceGaps(), m.samplesTorn(), m.silentTicks(),
                m.stateWriteFailures(), m.reregistrations(), m.statusesIgnored());
    }

    @Override
    public void close() {
        stop();
    }
}

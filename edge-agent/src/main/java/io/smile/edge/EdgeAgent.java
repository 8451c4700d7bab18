package io.smile.edge;

import io.smile.edge.batch.Outbox;
import io.smile.edge.batch.PendingBatches;
import io.smile.edge.batch.SequenceCounter;
import io.smile.edge.metrics.Counters;
import io.smile.edge.mqtt.MqttLink;
import io.smile.edge.opcua.OpcUaIdentity;
import io.smile.edge.opcua.OpcUaSecurity;
import io.smile.edge.opcua.OpcUaSource;
import io.smile.edge.result.ResultLog;
import io.smile.edge.state.KeyStore;
import io.smile.edge.state.StateFiles;
import io.smile.edge.window.WindowAssembler;
import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeException;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeParameterSpec;
import io.smile.he.api.HeSession;
import io.smile.ml.Ai4iFeatures;
import io.smile.ml.EncryptedScorer;
import io.smile.ml.FeatureEncoding;
import io.smile.profiles.BgvSpec;
import io.smile.profiles.FleetMachine;
import io.smile.profiles.GatewaySpec;
import io.smile.protocol.FeatureBatch;
import io.smile.protocol.KeyRegistration;
import io.smile.protocol.ProtocolException;
import io.smile.protocol.ResultBatch;
import io.smile.protocol.Topics;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 *     agent.addResultListener(r -> System.out.println(r.machineId() + " " + r.score()));
 *     agent.start();
 *     ...
 * }
 * }</pre>
 *
 * <p>Privacy: only ciphertexts and metadata (gateway, machine ids, times, sizes) are published or
 * logged; the secret key is written only to the state directory's key store.
 *
 * <p>Thread-safe. {@link #start()} once; {@link #stop()} (or {@link #close()}) is idempotent.
 */
public final class EdgeAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeAgent.class);

    private final EdgeAgentConfig config;
    private final GatewaySpec gateway;
    private final String tenant;
    private final FeatureEncoding encoding;
    private final Counters counters = new Counters();
    private final List<Consumer<WindowResult>> listeners = new CopyOnWriteArrayList<>();
    private final List<WindowAssembler.Window> collected = new ArrayList<>();

    private FileChannel lockChannel;
    private FileLock lock;
    private HeSession session;
    private HeKeyOwner owner;
    private int blockSize;
    private int windowsPerBatch;
    private Outbox outbox;
    private PendingBatches pending;
    private SequenceCounter sequence;
    private ResultLog resultLog;
    private MqttLink mqtt;
    private OpcUaSource opcua;
    private ScheduledExecutorService batcher;
    private Map<String, WindowAssembler> windows;
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
            int step = config.windowStep();
            if (step > m.profile().window().length()) {
                throw new EdgeAgentException("window step " + step + " exceeds the window length "
                        + m.profile().window().length() + " of machine " + m.id());
            }
        }
        this.encoding = first;
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
        StateFiles.createPrivateDirectory(dir);
        lockChannel = FileChannel.open(dir.resolve("agent.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new EdgeAgentException("another edge agent is using the state directory " + dir);
        }

        session = HeBackend.byName(config.heBackend()).open(parameterSpec(gateway));
        blockSize = encoding.blockSize();
        if (session.rowSize() % blockSize != 0) {
            throw new EdgeAgentException("block size " + blockSize + " does not divide the row size " + session.rowSize());
        }
        int capacity = Math.min(session.slotCount() / blockSize, gateway.profile().machinesPerCiphertext());
        capacity = Math.min(capacity, FeatureBatch.MAX_WINDOWS);
        if (config.maxWindowsPerBatch() > 0) {
            capacity = Math.min(capacity, config.maxWindowsPerBatch());
        }
        windowsPerBatch = capacity;

        KeyStore.Keys keys = KeyStore.loadOrCreate(session, dir.resolve("keys"), EncryptedScorer.rotationSteps(encoding));
        owner = keys.owner();
        pending = new PendingBatches(dir.resolve("pending"));
        outbox = new Outbox(dir.resolve("outbox"), config.outboxMaxBytes(), seq -> {
            counters.batchesDropped.incrementAndGet();
            PendingBatches.Batch b = pending.get(seq);
            if (b != null) {
                counters.windowsLost.addAndGet(b.windows().size());
            }
            pending.remove(seq);
        });
        long atLeast = Math.max(outbox.last().orElse(-1), pending.last().orElse(-1)) + 1;
        sequence = new SequenceCounter(dir.resolve("sequence"), atLeast);
        resultLog = new ResultLog(dir);

        byte[] registration = new KeyRegistration(tenant, gateway.id(), blockSize, System.currentTimeMillis(),
                session.exportParameters(), keys.publicKey(), keys.evaluationKeys()).encode();
        mqtt = new MqttLink(config.fleet().broker(), config.effectiveBrokerUrl(), Topics.features(tenant, gateway.id()),
                Topics.alerts(tenant, gateway.id()), Topics.keys(tenant, gateway.id()), registration, outbox, counters,
                new MqttLink.Handler() {
                    @Override
                    public void acknowledged(long seq, long payloadBytes) {
                        counters.batchesAcked.incrementAndGet();
                        counters.bytesSent.addAndGet(payloadBytes);
                        PendingBatches.Batch b = pending.get(seq);
                        if (b != null) {
                            counters.windowsAcked.addAndGet(b.windows().size());
                        }
                    }

                    @Override
                    public void registrationPublished() {
                        // counted by the link
                    }

                    @Override
                    public void result(byte[] payload) {
                        onResult(payload);
                    }
                },
                new MqttLink.Settings(gateway.id(), "smile-edge-" + tenant + "-" + gateway.id(), config.maxInflight(),
                        (int) Math.max(1, config.reconnectMaxDelay().toSeconds()), config.sessionExpiry().toSeconds()));

        batcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edge-batcher-" + gateway.id());
            t.setDaemon(true);
            return t;
        });
        long interval = config.batchInterval().toMillis();
        batcher.scheduleWithFixedDelay(this::flushQuietly, interval, interval, TimeUnit.MILLISECONDS);
        batcher.scheduleWithFixedDelay(this::expirePending, 1, 1, TimeUnit.MINUTES);

        windows = new java.util.LinkedHashMap<>();
        for (FleetMachine m : gateway.machines()) {
            windows.put(m.id(), new WindowAssembler(m, encoding, config.windowStep(), this::collect, counters));
        }
        mqtt.start();
        OpcUaIdentity identity = config.opcUaSecurity() == OpcUaSecurity.NONE ? null
                : OpcUaIdentity.loadOrCreate(dir.resolve("opcua"), OpcUaSource.applicationUri(gateway.id()),
                        "SMiLe edge agent " + gateway.id());
        opcua = new OpcUaSource(config.effectiveOpcUaEndpoint().toString(), gateway.id(), gateway.machines(),
                config.samplingIntervalMs(), config.opcUaSecurity(), identity,
                s -> windows.get(s.machineId()).accept(s), counters);
        opcua.start();
        LOG.info("edge agent for gateway {} (tenant {}) started: {} machines from {} (security {}), broker {},"
                        + " model {}, up to {} windows of {} slots per ciphertext (N = {}), batch every {} ms, state in {}",
                gateway.id(), tenant, gateway.machines().size(), config.effectiveOpcUaEndpoint(), config.opcUaSecurity(),
                config.effectiveBrokerUrl(), config.modelId(), windowsPerBatch, blockSize, session.slotCount(),
                interval, dir.toAbsolutePath());
    }

    private void collect(WindowAssembler.Window w) {
        boolean full;
        synchronized (collected) {
            collected.add(w);
            full = collected.size() >= windowsPerBatch;
        }
        if (full && !stopped) {
            try {
                batcher.execute(this::flushQuietly);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // stopping: stop() flushes what was collected
            }
        }
    }

    private void flushQuietly() {
        try {
            flushCollected();
        } catch (RuntimeException e) {
            LOG.error("creating a feature batch failed: {}", e.toString());
        }
    }

    /** Encrypts and stores everything collected, in batches of at most {@link #windowsPerBatch()}. */
    private void flushCollected() {
        while (true) {
            List<WindowAssembler.Window> batch;
            synchronized (collected) {
                if (collected.isEmpty()) {
                    return;
                }
                int n = Math.min(collected.size(), windowsPerBatch);
                batch = new ArrayList<>(collected.subList(0, n));
                collected.subList(0, n).clear();
            }
            createBatch(batch);
        }
    }

    private void createBatch(List<WindowAssembler.Window> batch) {
        long start = System.nanoTime();
        long[] slots = encoding.pack(batch.stream().map(WindowAssembler.Window::block).toList(), session.slotCount());
        byte[] ciphertext;
        try {
            HeCiphertext ct = owner.encrypt(slots);
            ciphertext = ct.serialize();
        } finally {
            java.util.Arrays.fill(slots, 0);
        }
        long seq = -1;
        try {
            seq = sequence.reserve();
            long now = System.currentTimeMillis();
            List<PendingBatches.Window> meta = new ArrayList<>(batch.size());
            List<FeatureBatch.Window> wire = new ArrayList<>(batch.size());
            for (WindowAssembler.Window w : batch) {
                meta.add(new PendingBatches.Window(w.machineId(), w.readAtMillis(), w.sampleSequence()));
                wire.add(new FeatureBatch.Window(w.machineId(), w.readAtMillis()));
            }
            pending.put(new PendingBatches.Batch(seq, now, config.modelId(), meta));
            byte[] payload = new FeatureBatch(gateway.id(), seq, now, config.modelId(), wire, ciphertext).encode();
            outbox.add(seq, payload);
            counters.batchesCreated.incrementAndGet();
            counters.windowsBatched.addAndGet(batch.size());
            LOG.debug("batch {}: {} windows encrypted and stored ({} KB) in {} ms", seq, batch.size(),
                    payload.length >> 10, (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            counters.windowsLost.addAndGet(batch.size());
            if (seq >= 0) {
                pending.remove(seq);
            }
            LOG.error("cannot store batch {} in the outbox ({}): {} windows lost", seq, e.toString(), batch.size());
            return;
        }
        MqttLink link = mqtt;
        if (link != null) {
            link.kick();
        }
    }

    private void expirePending() {
        try {
            int n = pending.expire(System.currentTimeMillis() - config.pendingResultTtl().toMillis());
            if (n > 0) {
                LOG.warn("{} batches got no result within {}; their windows are forgotten", n, config.pendingResultTtl());
            }
        } catch (RuntimeException e) {
            LOG.warn("expiring pending batches failed: {}", e.toString());
        }
    }

    /** Handles one result message (called on the MQTT callback thread). */
    private void onResult(byte[] payload) {
        ResultBatch r;
        try {
            r = ResultBatch.decode(payload);
        } catch (ProtocolException e) {
            counters.resultsIgnored.incrementAndGet();
            LOG.warn("ignoring a malformed result message: {}", e.getMessage());
            return;
        }
        if (!gateway.id().equals(r.gatewayId())) {
            counters.resultsIgnored.incrementAndGet();
            LOG.warn("ignoring a result addressed to gateway {}", r.gatewayId());
            return;
        }
        PendingBatches.Batch meta = pending.get(r.sequence());
        if (meta == null) {
            counters.resultsIgnored.incrementAndGet();
            LOG.debug("ignoring the result of batch {}: not pending (duplicate or expired)", r.sequence());
            return;
        }
        if (r.windows() != meta.windows().size()) {
            counters.resultErrors.incrementAndGet();
            LOG.error("result of batch {} covers {} windows, the batch had {}; ignored", r.sequence(), r.windows(),
                    meta.windows().size());
            pending.remove(r.sequence());
            return;
        }
        long[] decrypted;
        try {
            decrypted = owner.decryptChecked(session.readCiphertext(r.ciphertext()));
        } catch (HeException e) {
            counters.resultErrors.incrementAndGet();
            LOG.error("cannot decrypt the result of batch {}: {}", r.sequence(), e.getMessage());
            pending.remove(r.sequence());
            return;
        }
        long now = System.currentTimeMillis();
        List<WindowResult> results = new ArrayList<>(meta.windows().size());
        for (int w = 0; w < meta.windows().size(); w++) {
            PendingBatches.Window win = meta.windows().get(w);
            long score = EncryptedScorer.scoreOf(decrypted, w, blockSize);
            results.add(new WindowResult(win.machineId(), win.sampleSequence(), win.readAtMillis(), score, score > 0,
                    r.sequence(), w, r.modelId(), r.modelVersion(), now, now - win.readAtMillis(),
                    r.evaluationMicros()));
        }
        java.util.Arrays.fill(decrypted, 0);
        try {
            resultLog.write(results);
        } catch (IOException e) {
            LOG.error("cannot append results of batch {} to the result log: {}", r.sequence(), e.toString());
        }
        counters.resultsReceived.incrementAndGet();
        counters.windowResults.addAndGet(results.size());
        for (WindowResult res : results) {
            if (res.alert()) {
                counters.alerts.incrementAndGet();
                LOG.info("ALERT machine={} score={} latency={}ms (batch {}, window {})", res.machineId(), res.score(),
                        res.latencyMillis(), res.batchSequence(), res.windowIndex());
            }
        }
        pending.remove(r.sequence());
        for (Consumer<WindowResult> l : listeners) {
            for (WindowResult res : results) {
                try {
                    l.accept(res);
                } catch (RuntimeException e) {
                    LOG.warn("a result listener failed: {}", e.toString());
                }
            }
        }
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
        ScheduledExecutorService b = batcher;
        if (b == null || stopped) {
            return;
        }
        try {
            CompletableFuture.runAsync(this::flushQuietly, b).get(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("flush failed: {}", e.toString());
        }
    }

    /** A snapshot of the counters. */
    public EdgeMetrics metrics() {
        Outbox o = outbox;
        PendingBatches p = pending;
        OpcUaSource src = opcua;
        long torn = src == null ? counters.samplesTorn.get() : src.torn();
        return new EdgeMetrics(counters.samples.get(), torn, counters.windowsBuilt.get(),
                counters.windowsRejected.get(), counters.windowsBatched.get(), counters.windowsLost.get(),
                counters.windowsAcked.get(), counters.batchesCreated.get(), counters.batchesPublished.get(),
                counters.batchesAcked.get(), o == null ? 0 : o.size(), o == null ? 0 : o.bytes(),
                counters.batchesDropped.get(), counters.bytesSent.get(), counters.registrationsPublished.get(),
                counters.resultsReceived.get(), counters.resultsIgnored.get(), counters.resultErrors.get(),
                counters.windowResults.get(), counters.alerts.get(), p == null ? 0 : p.size(), counters.mqttConnected,
                counters.opcUaConnected);
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
        if (opcua != null) {
            opcua.close();
        }
        if (batcher != null) {
            batcher.shutdown();
            try {
                if (!batcher.awaitTermination(2, TimeUnit.MINUTES)) {
                    batcher.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (owner != null) {
                try {
                    flushCollected();
                } catch (RuntimeException e) {
                    LOG.error("storing the last windows failed: {}", e.toString());
                }
            }
        }
        if (mqtt != null) {
            mqtt.close();
        }
        if (resultLog != null) {
            try {
                resultLog.close();
            } catch (IOException e) {
                LOG.warn("closing the result log failed: {}", e.toString());
            }
        }
        if (owner != null) {
            owner.close();
        }
        if (session != null) {
            session.close();
        }
        try {
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.debug("releasing the state directory lock failed", e);
        }
        EdgeMetrics m = metrics();
        LOG.info("edge agent for gateway {} stopped: {} batches created, {} acknowledged, {} still in the outbox,"
                        + " {} results, {} alerts", gateway.id(), m.batchesCreated(), m.batchesAcked(), m.batchesBuffered(),
                m.windowResults(), m.alerts());
    }

    @Override
    public void close() {
        stop();
    }
}

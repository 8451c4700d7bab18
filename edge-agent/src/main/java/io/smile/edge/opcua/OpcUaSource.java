package io.smile.edge.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.smile.edge.Failures;
import io.smile.edge.metrics.Counters;
import io.smile.profiles.FleetMachine;
import io.smile.profiles.MachineAttribute;
import io.smile.profiles.NodeIdTemplate;
import io.smile.profiles.SensorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemServiceOperationResult;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemSynchronizationException;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the gateway's machines over OPC UA (Eclipse Milo client, anonymous identity; SecurityPolicy
 * None, or Basic256Sha256 + SignAndEncrypt with the agent's {@link OpcUaIdentity}):
 * one subscription with a monitored item per sensor node, per Sequence node and per attribute node
 * not pinned in the fleet file; node ids come from the machine profiles, with the namespace index
 * resolved from the profile's namespace URI. Items report on every new source timestamp
 * (trigger StatusValueTimestamp), so equal consecutive values are not missed.
 *
 * <p>Periodic-read mode (for servers that report only changed values, where an unchanged sensor
 * never notifies and its samples would silently go missing): no subscription; every node is read
 * at each sampling tick and the values go through the same {@link SampleAssembler} (an unmoved
 * source timestamp means "unchanged", not "missing").
 *
 * <p>In both modes each machine's sampling ticks are counted: a tick after which no new sample came
 * is a silent tick, and jumps in a machine's Sequence numbers are counted as missed samples; both
 * go to the counters and are logged (silent ticks once a minute at most, with their count).
 *
 * <p>The endpoint found by discovery is used with the configured host and port (servers often
 * advertise a host name the gateway cannot resolve).
 *
 * <p>Connection handling: the first connect is retried with exponential backoff (1 s .. 30 s)
 * until the server answers. After that Milo's session state machine reconnects by itself and
 * tries to transfer the subscription; when the transfer fails (the server restarted), the
 * subscription is re-created. Every state change is logged. Values are never logged.
 */
public final class OpcUaSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpcUaSource.class);
    private static final long MAX_RETRY_MS = 30_000;

    enum Kind { SENSOR, SEQUENCE, ATTRIBUTE }

    /** What a monitored item delivers, attached to it as its user object. */
    record Binding(String machineId, Kind kind, String name) {
    }

    private final String endpoint;
    private final String gatewayId;
    private final List<FleetMachine> machines;
    private final int samplingOverrideMs;
    private final OpcUaSecurity security;
    private final OpcUaIdentity identity;
    private final Counters counters;
    private final Map<String, SampleAssembler> assemblers = new LinkedHashMap<>();
    private final ScheduledExecutorService exec;
    private volatile OpcUaClient client;
    private volatile OpcUaSubscription subscription;
    private final boolean periodicRead;
    private volatile boolean closed;
    /** Nodes read at every tick in periodic-read mode, with what each one is. */
    private volatile List<NodeId> readNodes = List.of();
    private volatile List<Binding> readBindings = List.of();
    private ScheduledFuture<?> ticker;
    private long silentTicksLogged;
    private long lastSilentLogNanos = System.nanoTime();
    private long retryDelayMs = 1000;
    private int failedAttempts;

    /**
     * @param samplingOverrideMs sampling interval for every node; 0 uses each sensor's
     *                           {@code samplingIntervalMs} from the profile
     */
    public OpcUaSource(String endpoint, String gatewayId, List<FleetMachine> machines, int samplingOverrideMs,
                OpcUaSecurity security, OpcUaIdentity identity, Consumer<Sample> sink, Counters counters) {
        this(endpoint, gatewayId, machines, samplingOverrideMs, false, security, identity, sink, counters);
    }

    /** @param periodicRead read every node at each sampling tick instead of subscribing to changes */
    public OpcUaSource(String endpoint, String gatewayId, List<FleetMachine> machines, int samplingOverrideMs,
                boolean periodicRead, OpcUaSecurity security, OpcUaIdentity identity, Consumer<Sample> sink,
                Counters counters) {
        this.periodicRead = periodicRead;
        this.endpoint = endpoint;
        this.gatewayId = gatewayId;
        this.machines = List.copyOf(machines);
        this.samplingOverrideMs = samplingOverrideMs;
        this.security = security;
        this.identity = identity;
        if (security != OpcUaSecurity.NONE && identity == null) {
            throw new IllegalArgumentException("secure OPC UA needs a client identity");
        }
        this.counters = counters;
        for (FleetMachine m : machines) {
            List<String> sensors = m.profile().sensors().stream().map(SensorSpec::name).toList();
            List<String> attributeNodes = m.profile().attributes().stream().map(MachineAttribute::name)
                    .filter(a -> !m.attributes().containsKey(a)).toList();
            assemblers.put(m.id(), new SampleAssembler(m.id(), sensors, attributeNodes, m.profile().opcua().sequenceNode().isPresent(),
                    periodicRead, System::currentTimeMillis, s -> {
                        counters.samples.incrementAndGet();
                        sink.accept(s);
                    }));
        }
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "edge-opcua-" + gatewayId);
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        exec.execute(this::connect);
    }

    /** The OPC UA application URI of a gateway's agent (also in its client certificate). */
    public static String applicationUri(String gatewayId) {
        return "urn:smile:edge-agent:" + gatewayId;
    }

    /** Samples discarded as torn, over all machines. */
    public long torn() {
        return assemblers.values().stream().mapToLong(SampleAssembler::torn).sum();
    }

    private void connect() {
        if (closed) {
            return;
        }
        OpcUaClient c = null;
        try {
            SecurityPolicy policy = security == OpcUaSecurity.NONE ? SecurityPolicy.None : SecurityPolicy.Basic256Sha256;
            MessageSecurityMode mode = security == OpcUaSecurity.NONE ? MessageSecurityMode.None
                    : MessageSecurityMode.SignAndEncrypt;
            c = OpcUaClient.create(endpoint,
                    endpoints -> endpoints.stream()
                            .filter(e -> policy.getUri().equals(e.getSecurityPolicyUri()) && e.getSecurityMode() == mode)
                            .findFirst()
                            // connect where we reached the server, not to the host name it advertises
                            .map(e -> EndpointUtil.updateUrl(e, EndpointUtil.getHost(endpoint),
                                    EndpointUtil.getPort(endpoint))),
                    transport -> { },
                    config -> {
                        config.setApplicationName(LocalizedText.english("SMiLe edge agent " + gatewayId))
                                .setApplicationUri(applicationUri(gatewayId))
                                .setRequestTimeout(uint(10_000));
                        if (identity != null && security != OpcUaSecurity.NONE) {
                            config.setKeyPair(identity.keyPair)
                                    .setCertificate(identity.certificate)
                                    .setCertificateChain(new java.security.cert.X509Certificate[] {identity.certificate})
                                    .setCertificateValidator(identity.serverValidator());
                        }
                    });
            c.addSessionActivityListener(new SessionActivityListener() {
                @Override
                public void onSessionActive(UaSession session) {
                    counters.opcUaConnected = true;
                    LOG.info("OPC UA session to {} active", endpoint);
                }

                @Override
                public void onSessionInactive(UaSession session) {
                    counters.opcUaConnected = false;
                    if (!closed) {
                        LOG.warn("OPC UA session to {} inactive (server stopped or unreachable);"
                                + " the client reconnects automatically", endpoint);
                    }
                }
            });
            c.connect();
            client = c;
            subscribe();
            failedAttempts = 0;
            retryDelayMs = 1000;
        } catch (Exception e) {
            if (c != null) {
                disconnectQuietly(c);
            }
            client = null;
            failedAttempts++;
            if (closed) {
                return;
            }
            if (failedAttempts == 1) {
                LOG.warn("OPC UA connection to {} failed ({}); retrying with backoff up to {} s", endpoint,
                        Failures.rootMessage(e), MAX_RETRY_MS / 1000);
            } else {
                LOG.debug("OPC UA connect attempt {} to {} failed: {}", failedAttempts, endpoint, Failures.rootMessage(e));
            }
            exec.schedule(this::connect, retryDelayMs, TimeUnit.MILLISECONDS);
            retryDelayMs = Math.min(MAX_RETRY_MS, retryDelayMs * 2);
        }
    }

    /** The assemblers' missed-sample counts into the counters. */
    private void publishMissedCounts() {
        long missed = 0;
        long gaps = 0;
        long silent = 0;
        for (SampleAssembler a : assemblers.values()) {
            missed += a.missed();
            gaps += a.gaps();
            silent += a.silentTicks();
        }
        counters.samplesMissed.set(missed);
        counters.sequenceGaps.set(gaps);
        counters.silentTicks.set(silent);
        counters.samplesTorn.set(torn());
    }

    /** One periodic read of every node (periodic-read mode). */
    private void readTick() {
        try {
            readAll();
            publishMissedCounts();
        } catch (RuntimeException e) {
            LOG.warn("OPC UA periodic read failed: {}", e.toString());
        }
    }

    /** One tick of the machines' nominal sampling period (the profile's): count the silent ones. */
    private void tick() {
        try {
            for (SampleAssembler a : assemblers.values()) {
                a.tick();
            }
            publishMissedCounts();
            long silent = counters.silentTicks.get();
            if (silent > silentTicksLogged && System.nanoTime() - lastSilentLogNanos > TimeUnit.MINUTES.toNanos(1)) {
                LOG.warn("OPC UA: {} sampling ticks without a new sample since the last report ({} in total, {} samples"
                        + " missed in Sequence gaps): a machine that stopped, a server that is down{}",
                        silent - silentTicksLogged, silent, counters.samplesMissed.get(),
                        periodicRead ? "" : ", or a server that reports only changed values (see periodic read)");
                silentTicksLogged = silent;
                lastSilentLogNanos = System.nanoTime();
            }
        } catch (RuntimeException e) {
            LOG.warn("OPC UA sampling tick failed: {}", e.toString());
        }
    }

    private void readAll() {
        OpcUaClient c = client;
        List<NodeId> nodes = readNodes;
        List<Binding> bindings = readBindings;
        if (c == null || nodes.isEmpty()) {
            return;
        }
        List<DataValue> values;
        try {
            values = c.readValues(0.0, TimestampsToReturn.Both, nodes);
        } catch (Exception e) {
            LOG.debug("OPC UA periodic read at {} failed: {}", endpoint, Failures.rootMessage(e));
            return; // the tick stays silent
        }
        Set<SampleAssembler> touched = new LinkedHashSet<>();
        for (int i = 0; i < values.size() && i < bindings.size(); i++) {
            Binding b = bindings.get(i);
            SampleAssembler a = assemblers.get(b.machineId());
            if (a != null && dispatch(a, b, values.get(i))) {
                touched.add(a);
            }
        }
        for (SampleAssembler a : touched) {
            a.endOfBatch();
        }
    }

    /**
     * Starts the silent-tick count on the machines' nominal sampling period (the profile's sensor
     * sampling interval, not an override: oversampling to catch changes must not count as silence)
     * and, in periodic-read mode, the reads every {@code readIntervalMs}.
     */
    private void startTicker(double readIntervalMs) {
        if (ticker != null) {
            return;
        }
        long nominal = machines.stream().flatMap(m -> m.profile().sensors().stream())
                .mapToLong(SensorSpec::samplingIntervalMs).min().orElse(1000);
        ticker = exec.scheduleAtFixedRate(this::tick, nominal, Math.max(1, nominal), TimeUnit.MILLISECONDS);
        if (periodicRead) {
            long ms = Math.max(1, Math.round(readIntervalMs));
            exec.scheduleAtFixedRate(this::readTick, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    private void subscribe() throws Exception {
        OpcUaClient c = client;
        NamespaceTable namespaces = c.readNamespaceTable();
        double minInterval = Double.MAX_VALUE;
        List<OpcUaMonitoredItem> items = new ArrayList<>();
        for (FleetMachine m : machines) {
            String uri = m.profile().opcua().namespaceUri();
            UShort index = namespaces.getIndex(uri);
            if (index == null) {
                LOG.error("OPC UA server {} has no namespace '{}': machine {} cannot be read", endpoint, uri, m.id());
                continue;
            }
            for (SensorSpec s : m.profile().sensors()) {
                double interval = samplingOverrideMs > 0 ? samplingOverrideMs : s.samplingIntervalMs();
                minInterval = Math.min(minInterval, interval);
                items.add(item(node(index, s.nodeId(), m.id()), new Binding(m.id(), Kind.SENSOR, s.name()), interval));
            }
        }
        double interval = minInterval == Double.MAX_VALUE ? 1000 : minInterval;
        for (FleetMachine m : machines) {
            UShort index = namespaces.getIndex(m.profile().opcua().namespaceUri());
            if (index == null) {
                continue;
            }
            m.profile().opcua().sequenceNode().ifPresent(t ->
                    items.add(item(node(index, t, m.id()), new Binding(m.id(), Kind.SEQUENCE, "sequence"), interval)));
            for (MachineAttribute a : m.profile().attributes()) {
                if (!m.attributes().containsKey(a.name())) {
                    items.add(item(node(index, a.nodeId(), m.id()), new Binding(m.id(), Kind.ATTRIBUTE, a.name()),
                            interval));
                }
            }
        }
        if (periodicRead) {
            List<NodeId> nodes = new ArrayList<>(items.size());
            List<Binding> bindings = new ArrayList<>(items.size());
            for (OpcUaMonitoredItem item : items) {
                nodes.add(item.getReadValueId().getNodeId());
                bindings.add((Binding) item.getUserObject().orElseThrow());
            }
            readBindings = List.copyOf(bindings);
            readNodes = List.copyOf(nodes);
            startTicker(interval);
            LOG.info("OPC UA: reading {} nodes of {} machines at {} every {} ms (periodic read)", nodes.size(),
                    machines.size(), endpoint, interval);
            return;
        }
        OpcUaSubscription sub = new OpcUaSubscription(c, Math.max(10.0, interval));
        sub.setSubscriptionListener(new Listener());
        sub.create();
        sub.addMonitoredItems(items);
        int failed = 0;
        try {
            sub.synchronizeMonitoredItems();
        } catch (MonitoredItemSynchronizationException e) {
            for (MonitoredItemServiceOperationResult r : e.getCreateResults()) {
                if (!r.isGood()) {
                    failed++;
                    LOG.warn("OPC UA: cannot monitor node {}: {}", r.monitoredItem().getReadValueId().getNodeId()
                            .toParseableString(), r.operationResult().orElse(r.serviceResult()));
                }
            }
        }
        subscription = sub;
        startTicker(interval);
        LOG.info("OPC UA: subscribed to {} nodes of {} machines at {} (sampling every {} ms){}", items.size() - failed,
                machines.size(), endpoint, interval, failed > 0 ? "; " + failed + " nodes failed" : "");
    }

    private static NodeId node(UShort index, NodeIdTemplate template, String machineId) {
        return new NodeId(index, template.identifierFor(machineId));
    }

    /** Requested queue size per monitored node (the server may revise it). */
    static final int MONITORED_ITEM_QUEUE = 64;

    private static OpcUaMonitoredItem item(NodeId id, Binding binding, double samplingMs) {
        OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(id);
        item.setSamplingInterval(samplingMs);
        // values wait in the server's queue while this client is starved of CPU (a busy gateway):
        // 64 per node is over 3 s at 20 samples/s; beyond, the oldest go and the edge counts the gap
        item.setQueueSize(uint(MONITORED_ITEM_QUEUE));
        item.setDiscardOldest(true);
        item.setFilter(new DataChangeFilter(DataChangeTrigger.StatusValueTimestamp, uint(DeadbandType.None.getValue()),
                0.0));
        item.setUserObject(binding);
        return item;
    }

    private final class Listener implements OpcUaSubscription.SubscriptionListener {
        @Override
        public void onDataReceived(OpcUaSubscription sub, List<OpcUaMonitoredItem> items, List<DataValue> values) {
            Set<SampleAssembler> touched = new LinkedHashSet<>();
            for (int i = 0; i < items.size(); i++) {
                Object user = items.get(i).getUserObject().orElse(null);
                if (user instanceof Binding b) {
                    SampleAssembler a = assemblers.get(b.machineId());
                    if (a != null && dispatch(a, b, values.get(i))) {
                        touched.add(a);
                    }
                }
            }
            for (SampleAssembler a : touched) {
                a.endOfBatch();
            }
            publishMissedCounts();
        }

        @Override
        public void onTransferFailed(OpcUaSubscription sub, StatusCode status) {
            if (closed) {
                return;
            }
            LOG.warn("OPC UA subscription at {} could not be resumed after reconnecting ({}); re-creating it",
                    endpoint, status);
            exec.execute(OpcUaSource.this::resubscribe);
        }

        @Override
        public void onNotificationDataLost(OpcUaSubscription sub) {
            LOG.warn("OPC UA server {} reports lost notifications: samples may be missing", endpoint);
        }

        @Override
        public void onWatchdogTimerElapsed(OpcUaSubscription sub) {
            LOG.debug("OPC UA subscription watchdog elapsed at {}", endpoint);
        }

        @Override
        public void onStatusChanged(OpcUaSubscription sub, StatusCode status) {
            LOG.info("OPC UA subscription status at {}: {}", endpoint, status);
        }
    }

    private static boolean dispatch(SampleAssembler a, Binding b, DataValue dv) {
        if (dv == null || !dv.getStatusCode().isGood() || dv.getValue() == null) {
            return false;
        }
        Object v = dv.getValue().getValue();
        DateTime source = dv.getSourceTime() != null ? dv.getSourceTime() : dv.getServerTime();
        long time = source == null ? System.currentTimeMillis() * 10_000 : source.getUtcTime();
        switch (b.kind()) {
            case SENSOR:
                if (v instanceof Number n) {
                    a.onSensor(b.name(), n.doubleValue(), time);
                    return true;
                }
                return false;
            case SEQUENCE:
                if (v instanceof Number n) {
                    a.onSequence(n.longValue(), time);
                    return true;
                }
                return false;
            default:
                if (v != null) {
                    a.onAttribute(b.name(), v.toString(), time);
                    return true;
                }
                return false;
        }
    }

    private void resubscribe() {
        if (closed || client == null) {
            return;
        }
        OpcUaSubscription old = subscription;
        subscription = null;
        if (old != null) {
            old.deleteAsync();
        }
        try {
            subscribe();
        } catch (Exception e) {
            LOG.warn("OPC UA: re-creating the subscription at {} failed ({}); retrying in 2 s", endpoint, Failures.rootMessage(e));
            exec.schedule(this::resubscribe, 2, TimeUnit.SECONDS);
        }
    }

    private static void disconnectQuietly(OpcUaClient c) {
        try {
            c.disconnectAsync().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("OPC UA disconnect failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        exec.shutdownNow();
        try {
            exec.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        OpcUaClient c = client;
        client = null;
        if (c != null) {
            disconnectQuietly(c);
        }
        counters.opcUaConnected = false;
    }
}

package io.smile.simulator;

import io.smile.data.ai4i.Ai4iRecord;
import io.smile.data.ai4i.Ai4iGenerator;
import io.smile.data.ai4i.Ai4iDataset;
import io.smile.data.ai4i.RecordSource;

import io.smile.profiles.MachineProfile;
import io.smile.profiles.SensorSpec;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running OPC UA server (Eclipse Milo) that exposes simulated AI4I milling machines.
 *
 * <p>Each machine gets its own record stream: when replaying the data set, rows are dealt
 * round-robin (machine i of n gets rows i, i+n, i+2n, ... and starts over at the end); with the
 * generator, machine i uses {@code new Ai4iGenerator(seed + i)}. Every {@link #publishNext()} (or
 * every tick at {@link SimulatorConfig#rateHz()}) writes the next record of every machine to its
 * nodes and reports it to the listeners.
 *
 * <p>Security: endpoints with SecurityPolicy None (anonymous, for loopback tests) and/or
 * Basic256Sha256 + SignAndEncrypt with an RSA-2048 self-signed certificate generated at start
 * ({@link #certificate()}), as chosen by {@link SimulatorConfig#security()}.
 *
 * <pre>{@code
 * try (MachineSimulator sim = MachineSimulator.start(SimulatorConfig.builder()
 *         .machines(new ProfileLoader().builtinMachineProfile("ai4i-milling"), 4).build())) {
 *     sim.publishNext();   // one record per machine
 *     String url = sim.endpointUrl();   // opc.tcp://127.0.0.1:PORT/smile-sim
 * }
 * }</pre>
 */
public final class MachineSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MachineSimulator.class);
    private static final int BIND_ATTEMPTS = 5;

    private final SimulatorConfig config;
    private final OpcUaServer server;
    private final MachineNamespaces namespaces;
    private final Map<String, RecordSource> sources;
    private final Map<String, Long> sequences = new LinkedHashMap<>();
    private final Map<String, PublishedRecord> latest = new LinkedHashMap<>();
    private final List<Consumer<PublishedRecord>> listeners = new CopyOnWriteArrayList<>();
    private final X509Certificate certificate;
    private final String endpointUrl;
    private final int port;
    private ScheduledExecutorService timer;
    private ScheduledFuture<?> tick;
    private long published;
    private boolean stopped;

    private MachineSimulator(SimulatorConfig config, OpcUaServer server, MachineNamespaces namespaces,
                             Map<String, RecordSource> sources, X509Certificate certificate, int port) {
        this.config = config;
        this.server = server;
        this.namespaces = namespaces;
        this.sources = sources;
        this.certificate = certificate;
        this.port = port;
        this.endpointUrl = "opc.tcp://" + config.hostname() + ":" + port + config.path();
        config.machines().forEach(m -> sequences.put(m.id(), 0L));
    }

    /**
     * Checks the configuration, loads the data set if one is given, starts the server and (for a
     * rate above 0) the publishing timer.
     *
     * @throws SimulatorException with a clear message if the configuration, the data set or the
     *                            server start fails
     */
    public static MachineSimulator start(SimulatorConfig config) {
        checkProfiles(config);
        Map<String, RecordSource> sources = sources(config);
        int attempts = config.port() == 0 ? BIND_ATTEMPTS : 1;
        SimulatorException last = null;
        for (int i = 0; i < attempts; i++) {
            int port = config.port() == 0 ? freePort(config.bindAddress()) : config.port();
            try {
                MachineSimulator sim = startServer(config, sources, port);
                if (config.rateHz() > 0) {
                    sim.startTimer();
                }
                LOG.info("machine simulator: {} machines at {} ({}, security {})", config.machines().size(),
                        sim.endpointUrl(), config.dataset().map(p -> "replaying " + p).orElse("generator seed "
                                + config.seed()), config.security());
                return sim;
            } catch (SimulatorException e) {
                last = e;
                if (!(e.getCause() instanceof BindException)) {
                    throw e;
                }
            }
        }
        throw last;
    }

    // ------------------------------------------------------------------------------------------
    // configuration checks and sources

    private static void checkProfiles(SimulatorConfig config) {
        for (SimulatedMachine m : config.machines()) {
            MachineProfile p = m.profile();
            for (SensorSpec s : p.sensors()) {
                if (!Ai4iRecord.SENSORS.contains(s.name())) {
                    throw new SimulatorException("machine profile '" + p.id() + "' has sensor '" + s.name()
                            + "', but the simulator only produces the AI4I sensors " + Ai4iRecord.SENSORS);
                }
            }
            p.labels().ifPresent(l -> l.modes().keySet().forEach(mode -> {
                if (!Ai4iRecord.MODES.contains(mode)) {
                    throw new SimulatorException("machine profile '" + p.id() + "' has label mode '" + mode
                            + "', but the simulator only knows " + Ai4iRecord.MODES);
                }
            }));
        }
    }

    private static Map<String, RecordSource> sources(SimulatorConfig config) {
        Map<String, RecordSource> sources = new LinkedHashMap<>();
        List<SimulatedMachine> machines = config.machines();
        if (config.dataset().isPresent()) {
            Ai4iDataset data;
            try {
                data = Ai4iDataset.load(config.dataset().get());
            } catch (java.nio.file.NoSuchFileException e) {
                throw new SimulatorException(e.getFile() + ": " + e.getReason(), e);
            } catch (IOException e) {
                throw new SimulatorException("cannot replay the AI4I data set: " + e.getMessage(), e);
            }
            if (data.size() < machines.size()) {
                throw new SimulatorException(data.source() + " has " + data.size() + " rows, fewer than the "
                        + machines.size() + " machines");
            }
            for (int i = 0; i < machines.size(); i++) {
                sources.put(machines.get(i).id(), roundRobin(data.records(), i, machines.size()));
            }
        } else {
            for (int i = 0; i < machines.size(); i++) {
                SimulatedMachine m = machines.get(i);
                sources.put(m.id(), new Ai4iGenerator(config.seed() + i, m.fixedType().orElse(null)));
            }
        }
        return sources;
    }

    /** Rows {@code first, first + stride, ...}, starting over at the end. */
    static RecordSource roundRobin(List<Ai4iRecord> rows, int first, int stride) {
        return new RecordSource() {
            private int next = first;

            @Override
            public Ai4iRecord next() {
                Ai4iRecord r = rows.get(next);
                next += stride;
                if (next >= rows.size()) {
                    next = first;
                }
                return r;
            }
        };
    }

    // not smile-broker's LoopbackPorts: the simulator binds the configured address, which need not
    // be loopback, and a product module does not depend on the demo broker
    private static int freePort(String bindAddress) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(bindAddress))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new SimulatorException("cannot find a free port on " + bindAddress + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------
    // server

    /**
     * Builds and starts one server on {@code port}, in the steps of a Milo server: certificate,
     * endpoints and security, the server, its namespaces and nodes, then the listener.
     */
    private static MachineSimulator startServer(SimulatorConfig config, Map<String, RecordSource> sources, int port) {
        String applicationUri = "urn:smile:machine-simulator:" + UUID.randomUUID();
        ServerCertificate certificate;
        DefaultCertificateManager certificateManager;
        try {
            certificate = ServerCertificate.generate(applicationUri, config.hostname());
            certificateManager = certificate.certificateManager(config.trustedClientCertificates());
        } catch (Exception e) {
            throw new SimulatorException("cannot create the server certificate: " + e, e);
        }
        OpcUaServer server = newServer(serverConfig(config, port, applicationUri, certificate.certificate(),
                certificateManager));
        MachineNamespaces namespaces = MachineNamespaces.create(server, config.machines());
        listen(server, config, port);
        return new MachineSimulator(config, server, namespaces, sources, certificate.certificate(), port);
    }

    /** The application description, the endpoints, the certificates and anonymous identities only. */
    private static OpcUaServerConfig serverConfig(SimulatorConfig config, int port, String applicationUri,
                                                  X509Certificate certificate,
                                                  DefaultCertificateManager certificateManager) {
        return OpcUaServerConfig.builder()
                .setApplicationUri(applicationUri)
                .setApplicationName(LocalizedText.english("SMiLe machine simulator"))
                .setProductUri("urn:smile:machine-simulator")
                .setBuildInfo(new BuildInfo("urn:smile:machine-simulator", "SMiLe", "SMiLe machine simulator",
                        OpcUaServer.SDK_VERSION, "0.1.0", DateTime.now()))
                .setEndpoints(endpoints(config, port, certificate))
                .setCertificateManager(certificateManager)
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                .build();
    }

    /** A server with the one transport the endpoints use: OPC UA TCP, binary encoding. */
    private static OpcUaServer newServer(OpcUaServerConfig serverConfig) {
        return new OpcUaServer(serverConfig, profile -> {
            if (profile != TransportProfile.TCP_UASC_UABINARY) {
                throw new IllegalArgumentException("unsupported transport " + profile);
            }
            return new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build());
        });
    }

    /**
     * Starts the server's listener; on failure shuts it down again.
     *
     * @throws SimulatorException caused by the {@link BindException} when the port is taken (so
     *                            that {@link #start} can try another free port)
     */
    private static void listen(OpcUaServer server, SimulatorConfig config, int port) {
        try {
            server.startup().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            shutdownQuietly(server);
            BindException bind = findBindException(cause);
            if (bind != null) {
                throw new SimulatorException("cannot listen on " + config.bindAddress() + ":" + port + ": "
                        + bind.getMessage(), bind);
            }
            throw new SimulatorException("the OPC UA server failed to start: " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdownQuietly(server);
            throw new SimulatorException("interrupted while starting the OPC UA server", e);
        } catch (TimeoutException e) {
            shutdownQuietly(server);
            throw new SimulatorException("the OPC UA server did not start within 30 s", e);
        }
    }

    private static Set<EndpointConfig> endpoints(SimulatorConfig config, int port, X509Certificate certificate) {
        EndpointConfig.Builder base = EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress(config.bindAddress())
                .setBindPort(port)
                .setHostname(config.hostname())
                .setPath(config.path())
                .setCertificate(certificate)
                .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        if (config.security() != SimulatorSecurity.BASIC256SHA256) {
            endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.None)
                    .setSecurityMode(MessageSecurityMode.None).build());
        }
        if (config.security() != SimulatorSecurity.NONE) {
            endpoints.add(base.copy().setSecurityPolicy(SecurityPolicy.Basic256Sha256)
                    .setSecurityMode(MessageSecurityMode.SignAndEncrypt).build());
        }
        if (config.security() == SimulatorSecurity.BASIC256SHA256) {
            String discovery = config.path().endsWith("/") ? config.path() + "discovery" : config.path() + "/discovery";
            endpoints.add(base.copy().setPath(discovery).setSecurityPolicy(SecurityPolicy.None)
                    .setSecurityMode(MessageSecurityMode.None).build());
        }
        return endpoints;
    }

    private static BindException findBindException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BindException b) {
                return b;
            }
        }
        return null;
    }

    private static void shutdownQuietly(OpcUaServer server) {
        try {
            server.shutdown().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("server shutdown failed", e);
        }
    }

    private void startTimer() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "machine-simulator-tick");
            t.setDaemon(true);
            return t;
        });
        long periodMicros = Math.max(100, Math.round(1_000_000 / config.rateHz()));
        tick = timer.scheduleAtFixedRate(() -> {
            try {
                publishNext();
            } catch (RuntimeException e) {
                LOG.error("publishing failed", e);
            }
        }, 0, periodMicros, TimeUnit.MICROSECONDS);
    }

    // ------------------------------------------------------------------------------------------
    // public API

    /**
     * Publishes the next record of every machine (in configuration order) and returns them. Safe
     * to call while a rate timer runs.
     *
     * @throws IllegalStateException after {@link #stop()}
     */
    public synchronized List<PublishedRecord> publishNext() {
        if (stopped) {
            throw new IllegalStateException("the simulator is stopped");
        }
        List<PublishedRecord> out = new ArrayList<>(sources.size());
        for (Map.Entry<String, RecordSource> e : sources.entrySet()) {
            String id = e.getKey();
            long seq = sequences.merge(id, 1L, Long::sum);
            Ai4iRecord r = e.getValue().next();
            namespaces.ofMachine().get(id).publish(id, seq, r);
            PublishedRecord p = new PublishedRecord(id, seq, r);
            latest.put(id, p);
            published++;
            out.add(p);
        }
        for (PublishedRecord p : out) {
            for (Consumer<PublishedRecord> l : listeners) {
                l.accept(p);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** Calls {@link #publishNext()} {@code steps} times; returns everything published. */
    public List<PublishedRecord> publish(int steps) {
        List<PublishedRecord> all = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            all.addAll(publishNext());
        }
        return all;
    }

    /** Registers a listener called (on the publishing thread) for every published record. */
    public void addListener(Consumer<PublishedRecord> listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(Consumer<PublishedRecord> listener) {
        listeners.remove(listener);
    }

    /** Total records published over all machines. */
    public synchronized long recordsPublished() {
        return published;
    }

    /** The last record published for a machine, if any. */
    public synchronized Optional<PublishedRecord> latest(String machineId) {
        if (!sequences.containsKey(machineId)) {
            throw new IllegalArgumentException("no machine '" + machineId + "' (known: " + machineIds() + ")");
        }
        return Optional.ofNullable(latest.get(machineId));
    }

    /** Endpoint URL, e.g. {@code opc.tcp://127.0.0.1:53211/smile-sim}. */
    public String endpointUrl() {
        return endpointUrl;
    }

    /** The TCP port the server listens on. */
    public int port() {
        return port;
    }

    /** Machine ids in configuration order. */
    public List<String> machineIds() {
        return config.machines().stream().map(SimulatedMachine::id).toList();
    }

    /** The self-signed server certificate generated at start (used by the Basic256Sha256 endpoint). */
    public X509Certificate certificate() {
        return certificate;
    }

    public SimulatorConfig config() {
        return config;
    }

    /** Stops the timer and the server. Idempotent. */
    public void stop() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
        }
        if (tick != null) {
            tick.cancel(false);
            timer.shutdownNow();
            try {
                timer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        namespaces.all().forEach(MachineNamespace::shutdown);
        shutdownQuietly(server);
        LOG.info("machine simulator at {} stopped after {} records", endpointUrl, published);
    }

    public synchronized boolean isStopped() {
        return stopped;
    }

    @Override
    public void close() {
        stop();
    }
}

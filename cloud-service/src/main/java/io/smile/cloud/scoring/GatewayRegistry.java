package io.smile.cloud.scoring;

import io.smile.cloud.intake.Reason;

import io.smile.cloud.intake.Rejection;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeException;
import io.smile.he.api.HeParameterSpec;
import io.smile.he.api.HeSession;
import io.smile.ml.EncryptedScorer;
import io.smile.ml.QuantizedModel;
import io.smile.protocol.KeyRegistration;
import io.smile.protocol.ProtocolException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The gateways whose keys are registered: for each, an HE session for its parameters (shared with
 * every gateway of the same parameters), an evaluator built from its public and evaluation keys,
 * one {@link EncryptedScorer} per model, and its duplicate-detection state. Everything is public
 * material. Registrations are persisted to {@code dir} ({@code ID.reg}: the registration message as
 * received; {@code ID.state}: registration time, batches scored, processed sequences) and reloaded
 * by {@link #loadPersisted()}, so a restart neither loses gateways nor re-scores batches.
 */
public final class GatewayRegistry implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GatewayRegistry.class);
    private static final String REG = ".reg";
    private static final String STATE = ".state";

    /** Configuration of the registry. */
    public record Settings(Path dir, int maxGateways, boolean allowInsecure, String backend, int heThreads,
                           int dedupWindow) {
    }

    /** What {@link #register} did. */
    public enum Outcome {
        REGISTERED, REPLACED, UNCHANGED
    }

    /** The keys of one registration; replaced as a whole on re-registration. */
    public static final class Keys {
        private final SessionPool.Shared session;
        private final HeEvaluator evaluator;
        private final long fingerprint;
        private final int blockSize;
        private final byte[] hash;
        private final Map<String, EncryptedScorer> scorers = new ConcurrentHashMap<>();

        private Keys(SessionPool.Shared session, HeEvaluator evaluator, int blockSize, byte[] hash) {
            this.session = session;
            this.evaluator = evaluator;
            this.fingerprint = session.session().parameterFingerprint();
            this.blockSize = blockSize;
            this.hash = hash;
        }

        public HeSession session() {
            return session.session();
        }

        public long fingerprint() {
            return fingerprint;
        }

        public int blockSize() {
            return blockSize;
        }

        /** The scorer of this gateway for that model (made on first use: encodes the model's diagonals). */
        public EncryptedScorer scorer(ModelRegistry.LoadedModel model) {
            return scorers.computeIfAbsent(model.id() + "@" + model.version(), k -> new EncryptedScorer(model.model(),
                    evaluator, EncryptedScorer.defaultPlan(session.session(), 64)));
        }
    }

    /** Survives re-registration: processed sequences and the count of scored batches. */
    public static final class State {
        private final DedupWindow dedup;
        private final AtomicLong scored;

        State(DedupWindow dedup, long scored) {
            this.dedup = dedup;
            this.scored = new AtomicLong(scored);
        }

        public DedupWindow dedup() {
            return dedup;
        }

        public long scored() {
            return scored.get();
        }
    }

    /** One registered gateway. */
    public record Gateway(String tenant, String id, Instant registeredAt, Keys keys, State state) {
    }

    /** What the REST API shows of a gateway. */
    public record GatewayInfo(String id, String tenant, String parameterFingerprint, String registeredAt,
                              long lastSequence, long batchesScored, int blockSize) {
    }

    /** A gateway whose session is held open while a batch is scored. */
    public static final class Lease implements AutoCloseable {
        private final Gateway gateway;
        private boolean closed;

        private Lease(Gateway gateway) {
            this.gateway = gateway;
        }

        public Gateway gateway() {
            return gateway;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                gateway.keys().session.release();
            }
        }
    }

    private final Settings settings;
    private final ModelRegistry models;
    private final HeBackend backend;
    private final SessionPool sessions = new SessionPool();
    private final Map<String, Gateway> gateways = new ConcurrentHashMap<>();

    public GatewayRegistry(Settings settings, ModelRegistry models) {
        this.settings = settings;
        this.models = models;
        this.backend = HeBackend.byName(settings.backend());
        try {
            Files.createDirectories(settings.dir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the registry directory " + settings.dir(), e);
        }
    }

    public Settings settings() {
        return settings;
    }

    public int size() {
        return gateways.size();
    }

    public Optional<Gateway> find(String gatewayId) {
        return Optional.ofNullable(gateways.get(gatewayId));
    }

    /** The gateway with its session retained until the lease is closed; empty if unknown. */
    public Optional<Lease> lease(String gatewayId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Gateway g = gateways.get(gatewayId);
            if (g == null) {
                return Optional.empty();
            }
            if (g.keys().session.retain()) {
                return Optional.of(new Lease(g));
            }
            // replaced or removed meanwhile: look again
        }
        return Optional.empty();
    }

    public List<GatewayInfo> infos() {
        List<GatewayInfo> out = new ArrayList<>();
        for (Gateway g : gateways.values()) {
            out.add(info(g));
        }
        out.sort(Comparator.comparing(GatewayInfo::id));
        return out;
    }

    public Optional<GatewayInfo> info(String gatewayId) {
        return find(gatewayId).map(GatewayRegistry::info);
    }

    private static GatewayInfo info(Gateway g) {
        return new GatewayInfo(g.id(), g.tenant(), HexFormat.of().toHexDigits(g.keys().fingerprint()),
                g.registeredAt().toString(), g.state().dedup().highest(), g.state().scored(), g.keys().blockSize());
    }

    /**
     * Registers (or replaces the keys of) the gateway of a registration message received on
     * {@code smile/TENANT/GATEWAY/keys}. Re-sending identical bytes (a retained message delivered
     * again) changes nothing.
     *
     * @throws Rejection with the reason the registration is refused
     */
    public Outcome register(String topicTenant, String topicGateway, byte[] payload) throws Rejection {
        return register(topicTenant, topicGateway, payload, false);
    }

    private Outcome register(String topicTenant, String topicGateway, byte[] payload, boolean fromDisk) throws Rejection {
        KeyRegistration reg;
        try {
            reg = KeyRegistration.decode(payload);
        } catch (ProtocolException e) {
            throw new Rejection(Reason.MALFORMED, e.getMessage());
        }
        if (!reg.tenant().equals(topicTenant) || !reg.gatewayId().equals(topicGateway)) {
            throw new Rejection(Reason.TOPIC_MISMATCH, "topic ids differ from the registration's");
        }
        byte[] hash = sha256(payload);
        Gateway existing = gateways.get(reg.gatewayId());
        if (existing != null) {
            if (!existing.tenant().equals(reg.tenant())) {
                throw new Rejection(Reason.TENANT_MISMATCH, "gateway is registered under another tenant");
            }
            if (Arrays.equals(existing.keys().hash, hash)) {
                return Outcome.UNCHANGED;
            }
        } else if (gateways.size() >= settings.maxGateways()) {
            throw new Rejection(Reason.TOO_MANY_GATEWAYS, "at most " + settings.maxGateways() + " gateways");
        }

        SessionPool.Shared session = openSession(reg.parameters());
        Keys keys;
        try {
            checkAgainstModels(reg, session.session());
            HeEvaluator evaluator;
            try {
                evaluator = session.session().evaluator(reg.publicKey(), reg.evaluationKeys());
            } catch (HeException | IllegalArgumentException e) {
                throw new Rejection(Reason.BAD_KEYS, e.getMessage());
            }
            keys = new Keys(session, evaluator, reg.blockSize(), hash);
        } catch (Rejection | RuntimeException e) {
            session.release();
            throw e;
        }

        Gateway installed;
        Gateway previous;
        synchronized (this) {
            previous = gateways.get(reg.gatewayId());
            if (previous == null && gateways.size() >= settings.maxGateways()) {
                session.release();
                throw new Rejection(Reason.TOO_MANY_GATEWAYS, "at most " + settings.maxGateways() + " gateways");
            }
            State state;
            Instant registeredAt = Instant.now();
            if (previous != null) {
                state = previous.state();
            } else if (fromDisk) {
                state = readState(reg.gatewayId());
                registeredAt = readRegisteredAt(reg.gatewayId()).orElse(registeredAt);
            } else {
                state = new State(new DedupWindow(settings.dedupWindow()), 0);
            }
            installed = new Gateway(reg.tenant(), reg.gatewayId(), registeredAt, keys, state);
            if (!fromDisk) {
                try {
                    writeAtomically(file(reg.gatewayId(), REG), payload);
                    writeState(installed);
                } catch (IOException e) {
                    session.release();
                    throw new Rejection(Reason.STORAGE_ERROR, "cannot persist the registration: " + e.getMessage());
                }
            }
            gateways.put(reg.gatewayId(), installed);
        }
        if (previous != null) {
            previous.keys().session.release();
        }
        return previous == null ? Outcome.REGISTERED : Outcome.REPLACED;
    }

    private SessionPool.Shared openSession(byte[] parameters) throws Rejection {
        String key = HexFormat.of().formatHex(sha256(parameters)) + (settings.allowInsecure() ? "/insecure-allowed" : "");
        try {
            return sessions.acquire(key, () -> {
                try {
                    return open(parameters);
                } catch (Rejection r) {
                    throw new RejectionCarrier(r);
                }
            });
        } catch (RejectionCarrier c) {
            throw c.rejection;
        }
    }

    private HeSession open(byte[] parameters) throws Rejection {
        HeParameterSpec spec = HeParameterSpec.serialized(parameters).withThreads(settings.heThreads());
        HeSession session;
        try {
            session = backend.open(settings.allowInsecure() ? spec.allowingInsecureForTestsOnly() : spec);
        } catch (HeException | IllegalArgumentException e) {
            if (!settings.allowInsecure() && opensWhenInsecureAllowed(spec)) {
                throw new Rejection(Reason.INSECURE_PARAMETERS,
                        "parameters are below the 128-bit security bound (smile.allow-insecure-test-parameters=false)");
            }
            throw new Rejection(Reason.BAD_PARAMETERS, e.getMessage());
        }
        if (session.isInsecure() && !settings.allowInsecure()) {
            session.close();
            throw new Rejection(Reason.INSECURE_PARAMETERS, "parameters are below the 128-bit security bound");
        }
        return session;
    }

    /** Tells refused-as-insecure from malformed parameters, for the rejection reason. */
    private boolean opensWhenInsecureAllowed(HeParameterSpec spec) {
        try (HeSession s = backend.open(spec.allowingInsecureForTestsOnly().withThreads(1))) {
            return s.isInsecure();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void checkAgainstModels(KeyRegistration reg, HeSession session) throws Rejection {
        EncryptedScorer.Plan plan = EncryptedScorer.defaultPlan(session, 64);
        if (session.maxLevel() - plan.levelsAfterProduct() < plan.floodLevel()) {
            throw new Rejection(Reason.MODEL_MISMATCH, "parameters have " + session.maxLevel()
                    + " levels; the scoring plan needs " + (plan.levelsAfterProduct() + plan.floodLevel()));
        }
        for (ModelRegistry.LoadedModel m : models.all()) {
            QuantizedModel q = m.model();
            if (q.encoding().blockSize() != reg.blockSize()) {
                throw new Rejection(Reason.MODEL_MISMATCH, "block size " + reg.blockSize() + " differs from model "
                        + m.id() + "'s " + q.encoding().blockSize());
            }
            if (q.plainModulus() != session.plainModulus()) {
                throw new Rejection(Reason.MODEL_MISMATCH, "plaintext modulus differs from model " + m.id() + "'s");
            }
            if (session.rowSize() % reg.blockSize() != 0) {
                throw new Rejection(Reason.MODEL_MISMATCH, "block size does not divide the row size");
            }
        }
    }

    /** Forgets a gateway and deletes its files. */
    public boolean remove(String gatewayId) {
        Gateway g;
        synchronized (this) {
            g = gateways.remove(gatewayId);
            if (g == null) {
                return false;
            }
            try {
                Files.deleteIfExists(file(gatewayId, REG));
                Files.deleteIfExists(file(gatewayId, STATE));
            } catch (IOException e) {
                LOG.warnf("gateway %s: cannot delete its registry files: %s", gatewayId, e.getMessage());
            }
        }
        g.keys().session.release();
        return true;
    }

    /** Marks a batch sequence as processed, counts it and persists the state. */
    public void markScored(Gateway g, long sequence) {
        g.state().dedup().markDone(sequence);
        g.state().scored.incrementAndGet();
        persistState(g);
    }

    private void persistState(Gateway g) {
        synchronized (g.state()) {
            Gateway current = gateways.get(g.id());
            if (current == null || current.state() != g.state()) {
                return; // removed meanwhile: do not resurrect its file
            }
            try {
                writeState(current); // the current registration time if the keys were replaced meanwhile
            } catch (IOException e) {
                LOG.warnf("gateway %s: cannot persist its duplicate-detection state: %s", g.id(), e.getMessage());
            }
        }
    }

    /** Loads every persisted registration; unreadable ones are logged and skipped. */
    public int loadPersisted() {
        int loaded = 0;
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(settings.dir(), "*" + REG)) {
            ds.forEach(files::add);
        } catch (IOException e) {
            LOG.errorf("cannot list the registry directory %s: %s", settings.dir(), e.getMessage());
            return 0;
        }
        files.sort(Comparator.naturalOrder());
        for (Path f : files) {
            String id = f.getFileName().toString();
            id = id.substring(0, id.length() - REG.length());
            try {
                byte[] payload = Files.readAllBytes(f);
                KeyRegistration reg = KeyRegistration.decode(payload);
                register(reg.tenant(), reg.gatewayId(), payload, true);
                loaded++;
            } catch (IOException | ProtocolException e) {
                LOG.warnf("registry file of gateway %s skipped: %s", id, e.getMessage());
            } catch (Rejection r) {
                LOG.warnf("registry file of gateway %s skipped: %s", id, r.reason());
            }
        }
        return loaded;
    }

    private Path file(String gatewayId, String suffix) {
        return settings.dir().resolve(gatewayId + suffix);
    }

    private void writeState(Gateway g) throws IOException {
        Properties p = new Properties();
        p.setProperty("tenant", g.tenant());
        p.setProperty("registeredAt", g.registeredAt().toString());
        p.setProperty("batchesScored", Long.toString(g.state().scored()));
        p.setProperty("floor", Long.toString(g.state().dedup().floor()));
        StringBuilder above = new StringBuilder();
        for (long s : g.state().dedup().above()) {
            if (above.length() > 0) {
                above.append(',');
            }
            above.append(s);
        }
        p.setProperty("above", above.toString());
        StringWriter w = new StringWriter();
        p.store(w, "SMiLe gateway state: processed sequences (public metadata only)");
        writeAtomically(file(g.id(), STATE), w.toString().getBytes(StandardCharsets.UTF_8));
    }

    private State readState(String gatewayId) {
        Path f = file(gatewayId, STATE);
        if (!Files.isRegularFile(f)) {
            return new State(new DedupWindow(settings.dedupWindow()), 0);
        }
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            long floor = Long.parseLong(p.getProperty("floor", "-1"));
            List<Long> above = new ArrayList<>();
            String list = p.getProperty("above", "");
            if (!list.isBlank()) {
                for (String s : list.split(",")) {
                    above.add(Long.parseLong(s.trim()));
                }
            }
            long scored = Long.parseLong(p.getProperty("batchesScored", "0"));
            return new State(new DedupWindow(settings.dedupWindow(), floor, above), scored);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("gateway %s: state file unreadable (%s); duplicate detection starts afresh", gatewayId, e.getMessage());
            return new State(new DedupWindow(settings.dedupWindow()), 0);
        }
    }

    private Optional<Instant> readRegisteredAt(String gatewayId) {
        Path f = file(gatewayId, STATE);
        try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            Properties p = new Properties();
            p.load(r);
            String s = p.getProperty("registeredAt");
            return s == null ? Optional.empty() : Optional.of(Instant.parse(s));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        gateways.clear();
        sessions.closeAll();
    }

    private static final class RejectionCarrier extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Rejection rejection;

        RejectionCarrier(Rejection rejection) {
            super(null, null, false, false);
            this.rejection = rejection;
        }
    }
}

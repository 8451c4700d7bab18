package io.smile.cloud.segments;

import io.smile.cloud.intake.CheckedRegistration;
import io.smile.cloud.intake.KeyKind;
import io.smile.cloud.intake.Reason;
import io.smile.cloud.intake.Rejection;
import io.smile.he.api.HeBackend;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeException;
import io.smile.he.api.HeSession;
import io.smile.protocol.KeyRegistration;
import io.smile.workforce.AssignmentLayout;
import io.smile.workforce.SegmentAssignmentService;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The organisational units registered for segment assignment: for each, an {@link HeEvaluator}
 * built from its public and evaluation keys and, when a segment model is loaded, its
 * {@link SegmentAssignmentService}. Every unit uses the one parameter set
 * {@link AssignmentLayout#spec()}; a single {@link HeSession} for it is opened at the first
 * registration and shared. Only public material is held.
 *
 * <p>A registration is a {@link KeyRegistration} (the PdM envelope; the gateway id field carries
 * the unit id, the block size must be {@link AssignmentLayout#BLOCK}) whose parameters are exactly
 * those the session exports. Registrations are kept in memory: units publish them retained, so
 * the broker delivers them again when the service subscribes after a restart.
 */
public final class SegmentUnits implements AutoCloseable {
    /** Configuration. */
    public record Settings(String backend, int heThreads, int maxUnits, int securityBits) {
    }

    /** What {@link #register} did. */
    public enum Outcome {
        REGISTERED, REPLACED, UNCHANGED
    }

    /** One registered unit. */
    public static final class Unit {
        private final String tenant;
        private final String id;
        private final Instant registeredAt;
        private final byte[] hash;
        private final HeEvaluator evaluator;
        private final SegmentUnits owner;
        private final AtomicLong answered = new AtomicLong();
        /** The service for the model it was made with; remade when another model is installed. */
        private volatile Bound bound;

        private Unit(String tenant, String id, Instant registeredAt, byte[] hash, HeEvaluator evaluator, SegmentUnits owner) {
            this.tenant = tenant;
            this.id = id;
            this.registeredAt = registeredAt;
            this.hash = hash;
            this.evaluator = evaluator;
            this.owner = owner;
        }

        public String tenant() {
            return tenant;
        }

        public String id() {
            return id;
        }

        /** The assignment service with this unit's keys and the current segment model; empty without a model. */
        public Optional<SegmentAssignmentService> service() {
            Optional<SegmentModel> current = owner.model;
            if (current.isEmpty()) {
                return Optional.empty();
            }
            Bound b = bound;
            if (b == null || b.model != current.get()) {
                b = new Bound(current.get(), new SegmentAssignmentService(current.get().centroids(), evaluator,
                        owner.settings.securityBits()));
                bound = b;
            }
            return Optional.of(b.service);
        }

        void answered() {
            answered.incrementAndGet();
        }

        private record Bound(SegmentModel model, SegmentAssignmentService service) {
        }
    }

    /** What the REST API shows of a unit (no key material). */
    public record UnitInfo(String id, String tenant, String registeredAt, String parameterFingerprint, long requestsAnswered) {
    }

    private final Settings settings;
    private volatile Optional<SegmentModel> model;
    private final Map<String, Unit> units = new ConcurrentHashMap<>();
    private HeSession session;
    private byte[] expectedParameters;

    public SegmentUnits(Settings settings, Optional<SegmentModel> model) {
        this.settings = settings;
        this.model = model;
    }

    /** Replaces the segment model; every unit's next request uses it. */
    public void install(SegmentModel m) {
        this.model = Optional.of(m);
    }

    /** The session of {@link AssignmentLayout#spec()}, opened on first use. */
    synchronized HeSession session() {
        if (session == null) {
            session = HeBackend.byName(settings.backend()).open(AssignmentLayout.spec().withThreads(settings.heThreads()));
            expectedParameters = session.exportParameters();
        }
        return session;
    }

    private synchronized byte[] expectedParameters() {
        session();
        return expectedParameters;
    }

    public int size() {
        return units.size();
    }

    public Optional<Unit> find(String unitId) {
        return Optional.ofNullable(units.get(unitId));
    }

    public boolean remove(String unitId) {
        return units.remove(unitId) != null;
    }

    public List<UnitInfo> infos() {
        List<UnitInfo> out = new ArrayList<>();
        String fingerprint = fingerprint();
        for (Unit u : units.values()) {
            out.add(new UnitInfo(u.id, u.tenant, u.registeredAt.toString(), fingerprint, u.answered.get()));
        }
        out.sort(Comparator.comparing(UnitInfo::id));
        return out;
    }

    private synchronized String fingerprint() {
        return session == null ? "-" : HexFormat.of().toHexDigits(session.parameterFingerprint());
    }

    /**
     * Registers (or replaces the keys of) the unit of a registration received on
     * {@code smile/TENANT/UNIT/segment-keys}. Identical bytes again (a retained message delivered
     * again) change nothing.
     *
     * @throws Rejection with the reason the registration is refused
     */
    public Outcome register(String topicTenant, String topicUnit, byte[] payload) throws Rejection {
        return register(CheckedRegistration.check(KeyKind.UNIT, topicTenant, topicUnit, payload));
    }

    /**
     * Registers (or replaces the keys of) a unit. Identical bytes again (a retained message
     * delivered again) change nothing.
     *
     * @throws Rejection with the reason the registration is refused
     */
    public Outcome register(CheckedRegistration checked) throws Rejection {
        KeyRegistration reg = checked.registration();
        String topicTenant = checked.tenant();
        String topicUnit = checked.id();
        byte[] hash = checked.sha256();
        Unit existing = units.get(topicUnit);
        if (existing != null) {
            if (!existing.tenant.equals(topicTenant)) {
                throw new Rejection(Reason.TENANT_MISMATCH, "unit is registered under another tenant");
            }
            if (Arrays.equals(existing.hash, hash)) {
                return Outcome.UNCHANGED;
            }
        } else if (units.size() >= settings.maxUnits()) {
            throw new Rejection(Reason.TOO_MANY_UNITS, "at most " + settings.maxUnits() + " units");
        }
        if (reg.blockSize() != AssignmentLayout.BLOCK) {
            throw new Rejection(Reason.WRONG_PARAMETERS, "block size " + reg.blockSize() + ", expected " + AssignmentLayout.BLOCK);
        }
        if (!Arrays.equals(reg.parameters(), expectedParameters())) {
            throw new Rejection(Reason.WRONG_PARAMETERS,
                    "parameters differ from the assignment parameter set (N=16384, t=" + AssignmentLayout.PLAIN_MODULUS + ")");
        }
        HeEvaluator evaluator;
        try {
            evaluator = session().evaluator(reg.publicKey(), reg.evaluationKeys());
        } catch (HeException | IllegalArgumentException e) {
            throw new Rejection(Reason.BAD_KEYS, e.getMessage());
        }
        Unit unit = new Unit(topicTenant, topicUnit, Instant.now(), hash, evaluator, this);
        synchronized (this) {
            Unit previous = units.get(topicUnit);
            if (previous == null && units.size() >= settings.maxUnits()) {
                throw new Rejection(Reason.TOO_MANY_UNITS, "at most " + settings.maxUnits() + " units");
            }
            if (previous != null && !previous.tenant.equals(topicTenant)) {
                throw new Rejection(Reason.TENANT_MISMATCH, "unit is registered under another tenant");
            }
            units.put(topicUnit, unit);
            return previous == null ? Outcome.REGISTERED : Outcome.REPLACED;
        }
    }

    @Override
    public synchronized void close() {
        units.clear();
        if (session != null) {
            session.close();
            session = null;
        }
    }
}

package io.smile.cloud.scoring;

import io.smile.cloud.intake.CheckedRegistration;
import io.smile.cloud.intake.KeyKind;
import io.smile.cloud.intake.Reason;
import io.smile.cloud.intake.Rejection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The gateways whose keys are registered, in memory: for each its {@link GatewayKeys} and its
 * {@link GatewayState}. Registering decides between new, replaced and unchanged and enforces the
 * tenant and the limit; the keys are checked by {@link GatewayKeyValidator} and the files kept by
 * {@link GatewayStore}, so a restart ({@link #loadPersisted()}) neither loses gateways nor
 * re-scores batches. Everything held is public material.
 */
public final class GatewayRegistry implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GatewayRegistry.class);

    /**
     * Configuration of the registry; {@code budget}: every gateway's query budget;
     * {@code expandedKeyCacheBytes}: the backend's cap for re-expanded evaluation-key rows
     * ({@code smile.keys.expanded-cache-mb}; process-wide, 0 = expand on every use).
     */
    public record Settings(Path dir, int maxGateways, boolean allowInsecure, String backend, int heThreads,
                           int dedupWindow, QueryBudget.Limits budget, long expandedKeyCacheBytes) {
        /** {@code smile.keys.expanded-cache-mb}'s default, 256 MiB. */
        public static final long DEFAULT_EXPANDED_KEY_CACHE_BYTES = 256L << 20;

        public Settings {
            java.util.Objects.requireNonNull(budget, "budget");
            if (expandedKeyCacheBytes < 0) {
                throw new IllegalArgumentException("expanded-key cache must be >= 0 bytes, got " + expandedKeyCacheBytes);
            }
        }

        /** With the default expanded-key cache. */
        public Settings(Path dir, int maxGateways, boolean allowInsecure, String backend, int heThreads, int dedupWindow,
                        QueryBudget.Limits budget) {
            this(dir, maxGateways, allowInsecure, backend, heThreads, dedupWindow, budget, DEFAULT_EXPANDED_KEY_CACHE_BYTES);
        }

        /** With the default query budget and expanded-key cache. */
        public Settings(Path dir, int maxGateways, boolean allowInsecure, String backend, int heThreads, int dedupWindow) {
            this(dir, maxGateways, allowInsecure, backend, heThreads, dedupWindow, QueryBudget.Limits.DEFAULT);
        }
    }

    /** What {@link #register} did. */
    public enum Outcome {
        REGISTERED, REPLACED, UNCHANGED
    }

    /** One registered gateway. */
    public record Gateway(String tenant, String id, Instant registeredAt, GatewayKeys keys, GatewayState state) {
    }

    /** What the REST API shows of a gateway, with its query budget (windows used / limit). */
    public record GatewayInfo(String id, String tenant, String parameterFingerprint, String registeredAt,
                              long lastSequence, long batchesScored, int blockSize, QueryBudget.Usage budget,
                              String identityFingerprint) {
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
                gateway.keys().shared().release();
            }
        }
    }

    private final Settings settings;
    private final GatewayKeyValidator validator;
    private final GatewayStore store;
    private final Map<String, Gateway> gateways = new ConcurrentHashMap<>();

    public GatewayRegistry(Settings settings, ModelRegistry models) {
        this.settings = settings;
        this.validator = new GatewayKeyValidator(settings.backend(), settings.heThreads(), settings.allowInsecure(), models,
                settings.expandedKeyCacheBytes());
        this.store = new GatewayStore(settings.dir(), settings.dedupWindow());
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
            if (g.keys().shared().retain()) {
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
        return find(gatewayId).map(this::info);
    }

    private GatewayInfo info(Gateway g) {
        return new GatewayInfo(g.id(), g.tenant(), HexFormat.of().toHexDigits(g.keys().fingerprint()),
                g.registeredAt().toString(), g.state().dedup().highest(), g.state().scored(), g.keys().blockSize(),
                g.state().budget().usage(System.currentTimeMillis(), settings.budget()), g.state().identityFingerprint());
    }

    /**
     * Registers (or replaces the keys of) the gateway of a registration message received on
     * {@code smile/TENANT/GATEWAY/keys}: the intake's checks, then {@link #register(CheckedRegistration)}.
     *
     * @throws Rejection with the reason the registration is refused
     */
    public Outcome register(String topicTenant, String topicGateway, byte[] payload) throws Rejection {
        return register(CheckedRegistration.check(KeyKind.GATEWAY, topicTenant, topicGateway, payload));
    }

    /**
     * Registers (or replaces the keys of) a gateway. Re-sending identical bytes (a retained message
     * delivered again) changes nothing.
     *
     * @throws Rejection with the reason the registration is refused
     */
    public Outcome register(CheckedRegistration reg) throws Rejection {
        return register(reg, false);
    }

    private Outcome register(CheckedRegistration reg, boolean fromDisk) throws Rejection {
        Gateway existing = gateways.get(reg.id());
        if (existing != null) {
            if (!existing.tenant().equals(reg.tenant())) {
                throw new Rejection(Reason.TENANT_MISMATCH, "gateway is registered under another tenant");
            }
            checkPinned(existing.state(), reg);
            if (Arrays.equals(existing.keys().hash(), reg.sha256())) {
                return Outcome.UNCHANGED;
            }
        } else if (gateways.size() >= settings.maxGateways()) {
            throw new Rejection(Reason.TOO_MANY_GATEWAYS, "at most " + settings.maxGateways() + " gateways");
        }

        GatewayKeys keys = validator.keys(reg.registration(), reg.sha256());

        Gateway installed;
        Gateway previous;
        synchronized (this) {
            previous = gateways.get(reg.id());
            if (previous == null && gateways.size() >= settings.maxGateways()) {
                keys.shared().release();
                throw new Rejection(Reason.TOO_MANY_GATEWAYS, "at most " + settings.maxGateways() + " gateways");
            }
            GatewayState state;
            Instant registeredAt = Instant.now();
            byte[] identity = reg.registration().identityKey();
            if (previous != null) {
                state = previous.state();
            } else if (fromDisk) {
                state = store.readState(reg.id(), identity);
                registeredAt = store.readRegisteredAt(reg.id()).orElse(registeredAt);
            } else {
                state = store.newState(identity); // trust on first use: this identity is now the gateway's
            }
            try {
                checkPinned(state, reg); // again under the lock: a concurrent registration, or a file edited on disk
            } catch (Rejection r) {
                keys.shared().release();
                throw r;
            }
            installed = new Gateway(reg.tenant(), reg.id(), registeredAt, keys, state);
            if (!fromDisk) {
                try {
                    store.writeRegistration(reg.id(), reg.payload());
                    store.writeState(installed);
                } catch (IOException e) {
                    keys.shared().release();
                    throw new Rejection(Reason.STORAGE_ERROR, "cannot persist the registration: " + e.getMessage());
                }
            }
            gateways.put(reg.id(), installed);
        }
        if (previous != null) {
            previous.keys().shared().release();
        }
        return previous == null ? Outcome.REGISTERED : Outcome.REPLACED;
    }

    /** Refuses a registration not made by the gateway's pinned identity. */
    private static void checkPinned(GatewayState state, CheckedRegistration reg) throws Rejection {
        if (!state.pinnedTo(reg.registration().identityKey())) {
            throw new Rejection(Reason.IDENTITY_MISMATCH, "signed by identity " + reg.registration().identityFingerprint()
                    + ", the gateway's is " + state.identityFingerprint());
        }
    }

    /** Forgets a gateway and deletes its files (and with them its pinned identity). */
    public boolean remove(String gatewayId) {
        Gateway g;
        synchronized (this) {
            g = gateways.remove(gatewayId);
            if (g == null) {
                return false;
            }
            store.delete(gatewayId);
        }
        g.keys().shared().release();
        return true;
    }

    /** Marks a batch sequence as processed, counts it and persists the state. */
    public void markScored(Gateway g, long sequence) {
        g.state().dedup().markDone(sequence);
        g.state().countScored();
        persistState(g);
    }

    private void persistState(Gateway g) {
        synchronized (g.state()) {
            Gateway current = gateways.get(g.id());
            if (current == null || current.state() != g.state()) {
                return; // removed meanwhile: do not resurrect its file
            }
            try {
                store.writeState(current); // the current registration time if the keys were replaced meanwhile
            } catch (IOException e) {
                LOG.warnf("gateway %s: cannot persist its duplicate-detection state: %s", g.id(), e.getMessage());
            }
        }
    }

    /** Loads every persisted registration; unreadable ones are logged and skipped. */
    public int loadPersisted() {
        int loaded = 0;
        for (GatewayStore.Persisted p : store.registrations()) {
            try {
                register(CheckedRegistration.stored(KeyKind.GATEWAY, p.payload()), true);
                loaded++;
            } catch (Rejection r) {
                LOG.warnf("registry file of gateway %s skipped: %s", p.id(), r.reason() == Reason.MALFORMED
                        ? r.getMessage() : r.reason().wire());
            }
        }
        return loaded;
    }

    @Override
    public void close() {
        gateways.clear();
        validator.close();
    }
}

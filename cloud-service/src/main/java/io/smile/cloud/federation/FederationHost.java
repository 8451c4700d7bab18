package io.smile.cloud.federation;

import io.smile.cloud.scoring.ModelRegistry;
import io.smile.cloud.segments.SegmentModel;
import io.smile.cloud.segments.SegmentationEngine;
import io.smile.federation.Coordinator;
import io.smile.federation.Envelope;
import io.smile.federation.FederatedJob;
import io.smile.federation.FederatedJobFactory;
import io.smile.federation.FederationParameters;
import io.smile.federation.identity.Roster;
import io.smile.federation.identity.SigningIdentity;
import io.smile.federation.JobParameters;
import io.smile.pdm.federated.FederatedPdmJob;
import io.smile.federation.transport.MqttTransport;
import io.smile.pdm.model.ModelFile;
import io.smile.workforce.FederatedKMeansJob;
import io.smile.workforce.SegmentModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLSocketFactory;
import org.jboss.logging.Logger;

/**
 * Hosts federation coordinators in the cloud service. A coordinator holds no secret share: it
 * relays the key-generation and threshold-setup messages, adds the members' ciphertexts, collects
 * decryption shares for the sum only, and follows the released sums with a public instance of the
 * job. When a job ends, the cloud installs what the members released: a federated PdM model into
 * the {@link ModelRegistry} (scoring uses it from the next batch) and federated k-means centroids
 * as the segment model of the {@link SegmentationEngine}. Each coordinator has its own MQTT client.
 * The members are the sites' own processes; they only need the broker, their own signing
 * identity and the roster. The cloud's coordinator signs what it authors with one long-term Ed25519
 * identity ({@code coordinator-identity.key} in the federation directory, created on first use, owner
 * read/write only; {@code GET /federations/identity} shows its public key for the members' rosters);
 * {@code POST /federations} takes every member's enrolled public key.
 */
public final class FederationHost implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(FederationHost.class);

    /**
     * What {@code POST /federations} accepts. Everything but id, job and members has a default; the
     * members must run their job with the same settings.
     */
    public record StartRequest(String id, String job, List<Integer> members, Integer threshold, Integer minContributors,
                               Integer rounds, Double epsilon, Integer k, Integer restarts, Long seed, String modelId,
                               Map<String, String> roster) {
    }

    /** The coordinator's public signing key, for the members' rosters (id 0). */
    public record Identity(int id, String publicKey, String fingerprint) {
    }

    /** One round as the coordinator saw it (no values: the sums belong to the members). */
    public record RoundSummary(int round, List<Integer> contributors, List<Integer> missing, long millis, long bytesSent,
                               long bytesReceived) {
    }

    /** What {@code GET /federations/{id}} shows. */
    public record Status(String id, String job, String state, List<Integer> members, int threshold, int minContributors,
                         String failure, String installed, long keyMillis, List<RoundSummary> rounds) {
    }

    /** Where the host connects and writes released models. */
    public record Settings(String brokerUrl, Optional<SSLSocketFactory> tls, String clientIdPrefix, Path dir, int maxRunning, int threads,
                           Coordinator.Settings deadlines) {
    }

    private final Settings settings;
    private final ModelRegistry models;
    private final SegmentationEngine segments;
    private final Map<String, Hosted> federations = new ConcurrentHashMap<>();

    private volatile SigningIdentity identity;

    public FederationHost(Settings settings, ModelRegistry models, SegmentationEngine segments) {
        this.settings = settings;
        this.models = models;
        this.segments = segments;
    }

    /** The coordinator's signing identity: loaded from the federation directory, created there on first use. */
    private synchronized SigningIdentity identity() {
        if (identity == null) {
            Path file = settings.dir().resolve("coordinator-identity.key");
            try {
                Files.createDirectories(settings.dir());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (Files.exists(file)) {
                identity = SigningIdentity.load(file);
            } else {
                identity = SigningIdentity.generate(Roster.COORDINATOR);
                identity.save(file);
                LOG.infof("federation coordinator identity created: %s", Roster.fingerprint(identity.publicKey()));
            }
        }
        return identity;
    }

    public Identity coordinatorIdentity() {
        SigningIdentity i = identity();
        return new Identity(Roster.COORDINATOR, Roster.encode(i.publicKey()), Roster.fingerprint(i.publicKey()));
    }

    /** The request's member keys plus this coordinator's own; every member must be enrolled. */
    private Roster roster(StartRequest r, List<Integer> members) {
        if (r.roster() == null) {
            throw new IllegalArgumentException("roster is required: every member's enrolled Ed25519 public key "
                    + "(member id -> base64 X.509), see `smile federation identity`");
        }
        Map<Integer, java.security.PublicKey> keys = new java.util.TreeMap<>();
        for (Map.Entry<String, String> e : r.roster().entrySet()) {
            int id;
            try {
                id = Integer.parseInt(e.getKey().strip());
            } catch (NumberFormatException x) {
                throw new IllegalArgumentException("roster: '" + e.getKey() + "' is not a member id");
            }
            java.security.PublicKey k;
            try {
                k = Roster.decode(String.valueOf(e.getValue()));
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException("roster: member " + id + ": " + x.getMessage());
            }
            keys.put(id, k);
        }
        java.security.PublicKey mine = identity().publicKey();
        java.security.PublicKey listed = keys.put(Roster.COORDINATOR, mine);
        if (listed != null && !java.util.Arrays.equals(listed.getEncoded(), mine.getEncoded())) {
            throw new IllegalArgumentException("roster: the key listed for the coordinator (0) is not this cloud's");
        }
        Roster roster = new Roster(keys);
        roster.requireParties(members);
        return roster;
    }

    private final class Hosted {
        final StartRequest request;
        final int threshold;
        final int minContributors;
        final FederatedJob publicJob;
        final MqttTransport transport;
        final Coordinator coordinator;
        volatile String state = "running";
        volatile String failure;
        volatile String installed;
        volatile Coordinator.Outcome outcome;

        Hosted(StartRequest r, int threshold, int minContributors, FederatedJob publicJob, MqttTransport transport,
               Coordinator coordinator) {
            this.request = r;
            this.threshold = threshold;
            this.minContributors = minContributors;
            this.publicJob = publicJob;
            this.transport = transport;
            this.coordinator = coordinator;
        }

        Status status() {
            List<RoundSummary> rounds = new ArrayList<>();
            for (Coordinator.RoundReport rr : coordinator.reports()) {
                rounds.add(new RoundSummary(rr.round(), rr.contributors(), rr.missing(), rr.millis(), rr.bytesSent(),
                        rr.bytesReceived()));
            }
            Coordinator.Outcome o = outcome;
            return new Status(request.id(), request.job(), state, List.copyOf(new TreeSet<>(request.members())), threshold,
                    minContributors, failure, installed, o == null ? -1 : o.keyMillis(), rounds);
        }
    }

    /** Starts a coordinator; members may join from now on. */
    public synchronized Status start(StartRequest r) {
        if (r == null || r.id() == null || r.job() == null || r.members() == null) {
            throw new IllegalArgumentException("id, job and members are required");
        }
        Envelope.checkFederation(r.id());
        if (federations.containsKey(r.id())) {
            throw new IllegalStateException("federation " + r.id() + " already exists");
        }
        long running = federations.values().stream().filter(h -> "running".equals(h.state)).count();
        if (running >= settings.maxRunning()) {
            throw new IllegalStateException(running + " federations are running (smile.federation.max-running)");
        }
        List<Integer> members = List.copyOf(new TreeSet<>(r.members()));
        if (members.size() != r.members().size() || members.size() < 2) {
            throw new IllegalArgumentException("members must be at least 2 distinct ids");
        }
        int n = members.size();
        int threshold = r.threshold() == null ? n / 2 + 1 : r.threshold();
        FederationParameters.checkThreshold(threshold, n); // t = 1 is refused (400), never reaches the coordinator
        Roster roster = roster(r, members);
        int minContributors = r.minContributors() == null ? Math.max(2, threshold) : r.minContributors();
        FederatedJob publicJob = publicJob(r, n);
        MqttTransport transport = new MqttTransport(settings.brokerUrl(), settings.clientIdPrefix() + "-fed-" + r.id(), settings.tls());
        Coordinator coordinator;
        try {
            coordinator = Coordinator.hosted(r.id(), members, minContributors, publicJob, transport, threshold,
                    settings.deadlines(), settings.threads(), identity(), roster, line -> LOG.info(line));
        } catch (RuntimeException e) {
            transport.close();
            throw e;
        }
        Hosted h = new Hosted(r, threshold, minContributors, publicJob, transport, coordinator);
        federations.put(r.id(), h);
        coordinator.start().whenComplete((outcome, error) -> finish(h, outcome, error));
        LOG.infof("federation %s (%s) started: %d members, threshold %d", r.id(), r.job(), n, threshold);
        return h.status();
    }

    /** The coordinator's instance of the requested job, made by the job's factory (unknown job: 400). */
    private FederatedJob publicJob(StartRequest r, int n) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("rounds", r.rounds());
        parameters.put("epsilon", r.epsilon());
        parameters.put("k", r.k());
        parameters.put("restarts", r.restarts());
        parameters.put("seed", r.seed());
        return FederatedJobFactory.byName(r.job()).observer(JobParameters.of(n, parameters));
    }

    /** Installs the released result; runs on the coordinator's thread when the job ends. */
    private void finish(Hosted h, Coordinator.Outcome outcome, Throwable error) {
        h.outcome = outcome;
        try {
            if (error != null || outcome == null || !outcome.completed()) {
                h.failure = error != null ? error.toString() : outcome == null ? "no outcome" : outcome.failure();
                h.state = "failed";
                LOG.warnf("federation %s failed: %s", h.request.id(), h.failure);
                return;
            }
            h.installed = install(h);
            h.state = "completed";
            LOG.infof("federation %s completed after %d rounds: %s", h.request.id(), outcome.rounds().size(), h.installed);
        } catch (IOException | RuntimeException e) {
            h.failure = "result not installed: " + e.getMessage();
            h.state = "failed";
            LOG.errorf("federation %s: result not installed: %s", h.request.id(), e.getMessage());
        } finally {
            h.coordinator.close();
            h.transport.close();
        }
    }

    private String install(Hosted h) throws IOException {
        Files.createDirectories(settings.dir());
        StartRequest r = h.request;
        if (h.publicJob instanceof FederatedPdmJob job) {
            String modelId = r.modelId() == null ? "pdm-quadratic" : r.modelId();
            int version = models.find(modelId).map(m -> m.version() + 1).orElse(1);
            Map<String, Double> quality = new LinkedHashMap<>();
            quality.put("federatedRounds", (double) job.gradientRounds());
            quality.put("epsilon", job.epsilonSpent());
            ModelFile file = ModelFile.of(modelId, version, job.quantized(), quality);
            file.write(settings.dir().resolve(modelId + "-v" + version + ".json"));
            if (!models.install(file)) {
                return "model " + modelId + " version " + version + " written, not installed (a newer one is loaded)";
            }
            return "model " + modelId + " version " + version;
        }
        FederatedKMeansJob job = (FederatedKMeansJob) h.publicJob;
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("federation", r.id());
        meta.put("units", Integer.toString(r.members().size()));
        meta.put("rounds", Integer.toString(job.observedRound() + 1));
        meta.put("mode", job.config().mode().name());
        SegmentModelFile file = SegmentModelFile.of(job.centroids(), meta);
        String name = "segments-" + r.id() + ".json";
        file.write(settings.dir().resolve(name));
        segments.install(SegmentModel.of(name, file));
        return "segment model " + name + " (k=" + file.k() + ")";
    }

    public List<Status> list() {
        List<Status> out = new ArrayList<>();
        for (Hosted h : federations.values()) {
            out.add(h.status());
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }

    public java.util.Optional<Status> status(String id) {
        Hosted h = federations.get(id);
        return h == null ? java.util.Optional.empty() : java.util.Optional.of(h.status());
    }

    @Override
    public synchronized void close() {
        for (Hosted h : federations.values()) {
            h.coordinator.close();
            h.transport.close();
        }
    }
}

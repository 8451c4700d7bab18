package io.smile.cli.workforce;

import io.smile.workforce.AssignmentLayout;
import io.smile.workforce.FederatedKMeansJob;
import io.smile.workforce.FederatedKMeansJobFactory;
import io.smile.workforce.FederatedKMeansRun;
import io.smile.workforce.HrDataset;
import io.smile.workforce.HrRecord;
import io.smile.workforce.InProcessSumHarness;
import io.smile.workforce.KMeansJobConfig;
import io.smile.workforce.SegmentAssignmentService;
import io.smile.workforce.SegmentClient;
import io.smile.workforce.SegmentModelFile;
import io.smile.workforce.Units;
import io.smile.broker.EmbeddedBroker;
import io.smile.cli.federation.MemberOptions;
import io.smile.federation.FederatedJobFactory;
import io.smile.federation.JobParameters;
import io.smile.federation.MemberData;
import io.smile.he.api.HeBackend;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code smile workforce}: federated k-means over organisational units, and encrypted segment assignment. */
@Command(name = "workforce", mixinStandardHelpOptions = true,
        subcommands = {WorkforceCli.KMeansCommand.class, WorkforceCli.MemberCommand.class, WorkforceCli.AssignCommand.class},
        description = "Workforce segmentation on the IBM HR attrition data: federated k-means and encrypted assignment.")
public final class WorkforceCli implements Callable<Integer> {
    @Override
    public Integer call() {
        new CommandLine(this).usage(System.out);
        return 2;
    }

    static List<HrRecord> load(Path data) throws Exception {
        if (!Files.isRegularFile(data)) {
            throw new CommandLine.ParameterException(new CommandLine(new WorkforceCli()), "data file not found: " + data);
        }
        return HrDataset.load(data);
    }

    /** {@code kmeans}: one federated run and its comparison with plaintext k-means. */
    @Command(name = "kmeans", mixinStandardHelpOptions = true,
            description = "Run federated k-means over units on the encrypted MQTT runtime (or --plain: plaintext sums) and compare "
                    + "with pooled plaintext k-means.")
    static final class KMeansCommand implements Callable<Integer> {
        @Option(names = "--data", defaultValue = "../shared/data/ibm-hr-attrition.csv",
                description = "IBM HR attrition CSV (default: ${DEFAULT-VALUE}, the public copy beside the repository)")
        Path data;
        @Option(names = "--units", defaultValue = "4", description = "organisational units, 3..5 (default ${DEFAULT-VALUE})")
        int units;
        @Option(names = "--split", defaultValue = "department", description = "department|random (default ${DEFAULT-VALUE})")
        String split;
        @Option(names = "--k", defaultValue = "4", description = "segments (default ${DEFAULT-VALUE})")
        int k;
        @Option(names = "--mode", defaultValue = "exact", description = "exact|dp (default ${DEFAULT-VALUE})")
        String mode;
        @Option(names = "--epsilon", defaultValue = "4", description = "DP: total epsilon over all releases (default ${DEFAULT-VALUE})")
        double epsilon;
        @Option(names = "--delta", defaultValue = "1e-6", description = "DP: delta (default ${DEFAULT-VALUE})")
        double delta;
        @Option(names = "--colluders", defaultValue = "0", description = "DP: units assumed to collude (default ${DEFAULT-VALUE})")
        int colluders;
        @Option(names = "--max-rounds", description = "Lloyd rounds at most (default 40 exact, 10 dp)")
        Integer maxRounds;
        @Option(names = "--restarts", description = "EXACT: parallel initializations (default 8; DP always 1)")
        Integer restarts;
        @Option(names = "--init-seed", defaultValue = "1", description = "public seed of the initial centroids (default ${DEFAULT-VALUE})")
        long initSeed;
        @Option(names = "--split-seed", defaultValue = "7", description = "seed of the random split (default ${DEFAULT-VALUE})")
        long splitSeed;
        @Option(names = "--plain", description = "run on the in-process plaintext-sum harness (NO encryption) instead of the "
                + "encrypted MQTT runtime")
        boolean plain;
        @Option(names = "--threshold", defaultValue = "0",
                description = "t of the t-out-of-n threshold decryption (default 0 = majority, units / 2 + 1)")
        int threshold;
        @Option(names = "--plain-seed", defaultValue = "1", description = "seed of the plaintext k-means++ (default ${DEFAULT-VALUE})")
        long plainSeed;
        @Option(names = "--out", description = "write the federated centroids to this segment model file (JSON, for the cloud's assignment service)")
        Path out;

        @Override
        public Integer call() throws Exception {
            List<HrRecord> rows = load(data);
            Units.Split how = Units.Split.valueOf(split.toUpperCase(Locale.ROOT));
            List<List<HrRecord>> parts = Units.split(rows, how, units, splitSeed);
            FederatedKMeansJob.Mode m = FederatedKMeansJob.Mode.valueOf(mode.toUpperCase(Locale.ROOT));
            KMeansJobConfig config = m == FederatedKMeansJob.Mode.EXACT ? KMeansJobConfig.exact(k, parts.size(), initSeed)
                    : KMeansJobConfig.dp(k, parts.size(), colluders, epsilon, initSeed);
            if (m == FederatedKMeansJob.Mode.DP) {
                config = config.withDelta(delta);
            } else if (restarts != null) {
                config = config.withRestarts(restarts);
            }
            if (maxRounds != null) {
                config = config.withMaxRounds(maxRounds);
            }
            int t = plain ? 0 : threshold > 0 ? threshold : io.smile.federation.LocalFederation.majority(parts.size());
            StringBuilder sizes = new StringBuilder();
            for (List<HrRecord> p : parts) {
                sizes.append(' ').append(p.size());
            }
            System.out.printf("data: %d rows, %d units (%s split), unit sizes:%s%n", rows.size(), parts.size(), how, sizes);
            System.out.printf("job: k=%d mode=%s maxRounds=%d%s%n", k, m, config.maxRounds(),
                    m == FederatedKMeansJob.Mode.DP ? String.format(" epsilon=%.3g delta=%.1g colluders=%d", epsilon, delta, colluders) : "");
            FederatedKMeansRun.Outcome o;
            if (t > 0) {
                try (EmbeddedBroker broker = EmbeddedBroker.startOnFreePort()) {
                    o = FederatedKMeansRun.run(parts, config, new SecureRandom(), plainSeed, t, broker.url(),
                            s -> System.out.println("[fed] " + s));
                }
            } else {
                o = FederatedKMeansRun.run(parts, config, new SecureRandom(), plainSeed, 0, null,
                        s -> System.out.println("[fed] " + s));
            }
            System.out.println("runtime: " + o.runtime());
            System.out.println();
            System.out.println(table(o));
            if (out != null) {
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("source", "workforce-segmentation kmeans");
                meta.put("runtime", InProcessSumHarness.LABEL);
                meta.put("mode", m.name());
                meta.put("units", Integer.toString(parts.size()));
                meta.put("split", how.name());
                meta.put("rounds", Integer.toString(o.rounds()));
                meta.put("converged", Boolean.toString(o.converged()));
                meta.put("initSeed", Long.toString(initSeed));
                if (m == FederatedKMeansJob.Mode.DP) {
                    meta.put("epsilonSpent", String.format(Locale.ROOT, "%.4f", o.epsilonSpent()));
                    meta.put("delta", Double.toString(delta));
                }
                SegmentModelFile.of(o.centroids(), meta).write(out);
                System.out.printf("segment model (k=%d centroids) written to %s%n", o.centroids().length, out);
            }
            return 0;
        }
    }

    static String table(FederatedKMeansRun.Outcome o) {
        StringBuilder sb = new StringBuilder();
        sb.append("| metric | federated | plaintext (pooled) |\n|---|---|---|\n");
        sb.append(String.format(Locale.ROOT, "| rounds (Lloyd) | %d%s | %d |%n", o.rounds(), o.converged() ? " (converged)" : " (round limit)",
                o.plainIterations()));
        sb.append(String.format(Locale.ROOT, "| silhouette | %.4f | %.4f |%n", o.silhouetteFederated(), o.silhouettePlain()));
        sb.append(String.format(Locale.ROOT, "| ARI federated vs plaintext | %.4f | |%n", o.ari()));
        sb.append(String.format(Locale.ROOT, "| ARI plaintext vs plaintext (other k-means++ seeds) | | %.4f |%n", o.plainStabilityAri()));
        sb.append(String.format(Locale.ROOT, "| epsilon spent | %s | |%n",
                Double.isInfinite(o.epsilonSpent()) ? "none (EXACT: no DP)" : String.format(Locale.ROOT, "%.3f", o.epsilonSpent())));
        sb.append(String.format(Locale.ROOT, "| federated run time | %.1f s | |%n", o.runMillis() / 1000.0));
        if (o.federation() != null) {
            io.smile.federation.Coordinator.Outcome f = o.federation();
            List<io.smile.federation.Coordinator.RoundReport> rr = f.rounds();
            double ms = rr.stream().mapToLong(io.smile.federation.Coordinator.RoundReport::millis).average().orElse(0);
            double sent = rr.stream().mapToLong(io.smile.federation.Coordinator.RoundReport::bytesSent).average().orElse(0);
            double recv = rr.stream().mapToLong(io.smile.federation.Coordinator.RoundReport::bytesReceived).average().orElse(0);
            sb.append(String.format(Locale.ROOT, "| keys (CKG) + threshold setup | %d + %d ms, coordinator sent %.2f MB, received %.2f MB | |%n",
                    f.keyMillis(), f.setupMillis(), (f.keyBytesSent() + f.setupBytesSent()) / 1048576.0,
                    (f.keyBytesReceived() + f.setupBytesReceived()) / 1048576.0));
            sb.append(String.format(Locale.ROOT, "| per round (mean of %d) | %.0f ms, coordinator sent %.2f MB, received %.2f MB | |%n",
                    rr.size(), ms, sent / 1048576.0, recv / 1048576.0));
        }
        sb.append("\n| segment | size | attrition rate |\n|---|---|---|\n");
        for (FederatedKMeansRun.Segment s : o.segments()) {
            sb.append(String.format(Locale.ROOT, "| %d | %d | %s |%n", s.index(), s.size(),
                    Double.isNaN(s.attritionRate()) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * s.attritionRate())));
        }
        return sb.toString();
    }

    /**
     * One organisational unit of a federated k-means that the cloud service coordinates
     * ({@code POST /federations} with job {@code workforce-kmeans}): its employee rows stay here,
     * only encrypted cluster sums leave. The settings must equal the ones the cloud was given; the job
     * is made by the {@code workforce-kmeans} {@link FederatedJobFactory} from them, as the cloud's is.
     */
    @Command(name = "member", mixinStandardHelpOptions = true,
            description = "Join a cloud-hosted federated k-means as one unit (this unit's rows, IBM HR CSV format).")
    static final class MemberCommand implements Callable<Integer> {
        @Mixin
        MemberOptions member;

        @Option(names = "--data", required = true, description = "this unit's employees, IBM HR attrition CSV format")
        Path data;

        @Option(names = "--k", defaultValue = "4", description = "segments; must equal the cloud's (default ${DEFAULT-VALUE})")
        int k;

        @Option(names = "--seed", defaultValue = "1", description = "public seed of the initial centroids; must equal the cloud's")
        long seed;

        @Option(names = "--rounds", description = "most rounds; must equal the cloud's (default: the job's default)")
        Integer rounds;

        @Option(names = "--restarts", description = "parallel starts; must equal the cloud's (default: the job's default)")
        Integer restarts;

        @Option(names = "--epsilon", defaultValue = "0", description = "ε of distributed DP (0 = EXACT mode); must equal the cloud's")
        double epsilon;

        @Override
        public Integer call() throws Exception {
            // the parameters the cloud's coordinator is given (null: the job's default), read by the same factory
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("k", k);
            parameters.put("seed", seed);
            parameters.put("epsilon", epsilon);
            parameters.put("rounds", rounds);
            parameters.put("restarts", restarts);
            FederatedKMeansJob job = (FederatedKMeansJob) FederatedJobFactory.byName(FederatedKMeansJobFactory.NAME)
                    .member(JobParameters.of(member.members(), parameters), new MemberData(member.id(), Optional.of(data)));
            System.out.printf("unit %d: %d employees from %s, k=%d, mode %s%n", member.id(), job.rows(), data, k,
                    job.config().mode());
            int code = member.run(job);
            if (code == 0 && job.isDone()) {
                int[] sizes = new int[k];
                for (int a : job.assignLocal()) {
                    sizes[a]++;
                }
                System.out.printf("unit %d: released centroids after %d rounds; this unit's employees per segment: %s%n",
                        member.id(), job.observedRound() + 1, Arrays.toString(sizes));
            }
            return code;
        }
    }

    /** {@code assign}: encrypted assignment of N rows against federated centroids. */
    @Command(name = "assign", mixinStandardHelpOptions = true,
            description = "Demonstrate encrypted segment assignment: the unit encrypts, the cloud computes distances, the unit decrypts.")
    static final class AssignCommand implements Callable<Integer> {
        @Option(names = "--data", defaultValue = "../shared/data/ibm-hr-attrition.csv",
                description = "IBM HR attrition CSV (default: ${DEFAULT-VALUE})")
        Path data;
        @Option(names = "--rows", defaultValue = "64", description = "rows to assign (default ${DEFAULT-VALUE})")
        int rows;
        @Option(names = "--k", defaultValue = "4", description = "segments (default ${DEFAULT-VALUE})")
        int k;
        @Option(names = "--units", defaultValue = "4")
        int units;
        @Option(names = "--security-bits", defaultValue = "64", description = "statistical circuit-privacy bits of the flooding (default ${DEFAULT-VALUE})")
        int securityBits;

        @Override
        public Integer call() throws Exception {
            List<HrRecord> all = load(data);
            List<List<HrRecord>> parts = Units.byDepartment(all, units);
            KMeansJobConfig config = KMeansJobConfig.exact(k, parts.size(), 1);
            List<FederatedKMeansJob> jobs = new ArrayList<>();
            for (List<HrRecord> p : parts) {
                jobs.add(FederatedKMeansJob.forUnit(config, p));
            }
            InProcessSumHarness.run(jobs, config.maxRounds() + 1, null);
            System.out.println("centroids: federated EXACT k-means, " + InProcessSumHarness.LABEL);
            FederatedKMeansJob unit = jobs.get(0);
            long[][] local = unit.localQuantizedRows();
            int n = Math.min(rows, local.length);
            List<long[]> vectors = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                vectors.add(local[i]);
            }
            int[] expected = unit.assignLocal();
            try (HeSession session = HeBackend.byName("bgv-java").open(AssignmentLayout.spec());
                 HeKeyOwner owner = session.generateKeys(AssignmentLayout.rotationSteps())) {
                long t0 = System.nanoTime();
                HeEvaluator cloud = session.evaluator(owner.exportPublicKey(), owner.exportEvaluationKeys());
                System.out.printf("keys: evaluation keys %d bytes, public key %d bytes (%.0f ms incl. generation)%n",
                        owner.exportEvaluationKeys().length, owner.exportPublicKey().length, (System.nanoTime() - t0) / 1e6);
                SegmentAssignmentService service = new SegmentAssignmentService(unit.centroids(), cloud, securityBits);
                SegmentClient client = new SegmentClient(owner, k);
                System.out.printf("layout: N=%d, t=%d, %d employees per request (k=%d, blocks of %d), flooding %d bits%n",
                        session.slotCount(), session.plainModulus(), client.capacity(), k, AssignmentLayout.BLOCK, service.floodBits());
                int mismatches = 0;
                for (int start = 0; start < n; start += client.capacity()) {
                    List<long[]> batch = vectors.subList(start, Math.min(n, start + client.capacity()));
                    long a = System.nanoTime();
                    byte[] req = client.request(batch);
                    long b = System.nanoTime();
                    byte[] resp = service.handle(req);
                    long c = System.nanoTime();
                    int[] seg = client.assign(resp);
                    long d = System.nanoTime();
                    for (int i = 0; i < seg.length; i++) {
                        mismatches += seg[i] != expected[start + i] ? 1 : 0;
                    }
                    System.out.printf(Locale.ROOT, "request of %d employees: encrypt %.1f ms, cloud %.1f ms, decrypt %.1f ms; request %d bytes, response %d bytes (%.0f + %.0f bytes per employee)%n",
                            batch.size(), (b - a) / 1e6, (c - b) / 1e6, (d - c) / 1e6, req.length, resp.length,
                            (double) req.length / batch.size(), (double) resp.length / batch.size());
                }
                System.out.printf("%d rows assigned under encryption; %d differ from the plaintext assignment%n", n, mismatches);
                return mismatches == 0 ? 0 : 1;
            }
        }
    }

}

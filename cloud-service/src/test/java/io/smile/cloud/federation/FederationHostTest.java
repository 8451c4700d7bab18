package io.smile.cloud.federation;

import io.smile.testkit.Datasets;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smile.cloud.BrokerResource;
import io.smile.cloud.CloudService;
import io.smile.cloud.Fixtures;
import io.smile.cloud.scoring.ModelRegistry;
import io.smile.cloud.segments.SegmentModel;
import io.smile.data.ai4i.Ai4iRecord;
import io.smile.federation.FederatedJob;
import io.smile.federation.FederationParameters;
import io.smile.federation.Member;
import io.smile.federation.PlainSums;
import io.smile.pdm.federated.FederatedPdmJob;
import io.smile.pdm.federated.FederatedPdmTraining;
import io.smile.pdm.federated.PdmConfig;
import io.smile.federation.transport.MqttTransport;
import io.smile.he.bgv.BgvContext;
import io.smile.he.multiparty.Party;
import io.smile.he.ring.RandomSource;
import io.smile.pdm.model.QuantizedModel;
import io.smile.pdm.training.PdmTraining;
import io.smile.workforce.FederatedKMeansJob;
import io.smile.workforce.HrDataset;
import io.smile.workforce.HrRecord;
import io.smile.workforce.KMeansJobConfig;
import io.smile.workforce.Units;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cloud hosts a federation's coordinator (started over REST) while the members are separate
 * MQTT clients holding their own key shares, as at real sites. When the job ends the cloud
 * installs the released result: a PdM model version in the model registry, or the k-means
 * centroids as the segment model. Both are compared with the same job run on plaintext sums
 * (BGV is exact, so they must be equal).
 */
@QuarkusTest
@TestProfile(FederationHostTest.Hosting.class)
@QuarkusTestResource(value = BrokerResource.class, restrictToAnnotatedClass = false)
class FederationHostTest {
    /** Its own application instance: the models it installs must not reach the other tests. */
    public static class Hosting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("smile.federation.max-running", "3");
        }
    }

    private static final List<Integer> IDS = List.of(1, 2, 3);
    /** The sites' signing identities (index = member id; 0 unused: the cloud holds the coordinator's). */
    private static final List<io.smile.federation.identity.SigningIdentity> SITES = List.of(
            io.smile.federation.identity.SigningIdentity.generate(0), io.smile.federation.identity.SigningIdentity.generate(1),
            io.smile.federation.identity.SigningIdentity.generate(2), io.smile.federation.identity.SigningIdentity.generate(3));

    /** The members' enrolled keys, as POST /federations takes them. */
    private static Map<String, String> memberKeys() {
        Map<String, String> m = new java.util.TreeMap<>();
        for (int id : IDS) {
            m.put(Integer.toString(id), io.smile.federation.identity.Roster.encode(SITES.get(id).publicKey()));
        }
        return m;
    }

    /** The roster a site holds: the members' keys and the cloud coordinator's (from GET /federations/identity). */
    private static io.smile.federation.identity.Roster siteRoster() {
        String cloudKey = Fixtures.api().get("/federations/identity").then().statusCode(200).extract().path("publicKey");
        Map<Integer, java.security.PublicKey> keys = new java.util.TreeMap<>();
        keys.put(0, io.smile.federation.identity.Roster.decode(cloudKey));
        for (int id : IDS) {
            keys.put(id, SITES.get(id).publicKey());
        }
        return new io.smile.federation.identity.Roster(keys);
    }
    private static BgvContext ctx;

    @Inject
    CloudService service;

    @BeforeAll
    static void context() {
        ctx = BgvContext.create(FederationParameters.bgv(), 1);
    }

    @AfterAll
    static void close() {
        ctx.close();
    }

    /** Runs the members of {@code federation} (threshold 2 of 3, the host's defaults) until the cloud reports an end state. */
    private Map<String, Object> runMembers(String federation, List<? extends FederatedJob> jobs) throws Exception {
        List<MqttTransport> transports = new ArrayList<>();
        List<Member> members = new ArrayList<>();
        io.smile.federation.identity.Roster roster = siteRoster();
        try {
            for (int i = 0; i < jobs.size(); i++) {
                int id = IDS.get(i);
                MqttTransport t = new MqttTransport(BrokerResource.broker().url(), federation + "-site-" + id);
                transports.add(t);
                members.add(new Member(federation, id, IDS, 2, jobs.get(i), t, ctx,
                        new Party(ctx, id, RandomSource.secure()), 2, SITES.get(id), roster, line -> { }));
            }
            members.forEach(Member::start);
            long until = System.nanoTime() + 240_000_000_000L;
            while (System.nanoTime() < until) {
                Map<String, Object> s = Fixtures.api().get("/federations/" + federation).then().statusCode(200).extract().as(Map.class);
                if (!"running".equals(s.get("state"))) {
                    return s;
                }
                Thread.sleep(250);
            }
            fail("federation " + federation + " did not end within 240 s");
            return null;
        } finally {
            members.forEach(Member::close);
            transports.forEach(MqttTransport::close);
        }
    }

    @Test
    void federatedPdmTrainingInstallsTheReleasedModelInTheRegistry() throws Exception {
        List<Ai4iRecord> rows = PdmTraining.load(null, 3000, 5);
        var sites = FederatedPdmTraining.sites(rows, FederatedPdmTraining.SplitMode.RANDOM, 3, 5);
        PdmConfig cfg = PdmConfig.defaults(3).withRounds(4);
        int before = service.engine().models().find("pdm-quadratic").map(ModelRegistry.LoadedModel::version).orElse(0);

        Fixtures.api().contentType("application/json")
                .body(Map.of("id", "fed-pdm", "job", "pdm-training", "members", IDS, "rounds", 4, "roster", memberKeys()))
                .post("/federations").then().statusCode(202);
        Map<String, Object> end = runMembers("fed-pdm", FederatedPdmTraining.jobs(cfg, sites, 1));
        assertEquals("completed", end.get("state"), "failure: " + end.get("failure"));
        assertTrue(((List<?>) end.get("rounds")).size() >= 4, "rounds reported");

        // the same job on plaintext sums gives the model the cloud must have installed
        FederatedPdmJob reference = new FederatedPdmJob(cfg, null, null);
        PlainSums.run(FederatedPdmTraining.jobs(cfg, sites, 1), reference, 1000);
        QuantizedModel expected = reference.quantized();
        ModelRegistry.LoadedModel installed = service.engine().models().find("pdm-quadratic").orElseThrow();
        assertEquals(before + 1, installed.version());
        for (int i = 0; i < expected.width(); i++) {
            for (int j = i; j < expected.width(); j++) {
                assertEquals(expected.weight(i, j), installed.model().weight(i, j), "weight " + i + "," + j);
            }
        }
        assertTrue(Files.exists(BrokerResource.federationDir().resolve("pdm-quadratic-v" + installed.version() + ".json")));
    }

    @Test
    void federatedKMeansInstallsTheReleasedCentroidsAsTheSegmentModel() throws Exception {
        List<HrRecord> all = HrDataset.load(hrCsv());
        List<List<HrRecord>> units = Units.split(all, Units.Split.DEPARTMENT, 3, 3);
        KMeansJobConfig cfg = KMeansJobConfig.exact(3, 3, 7).withMaxRounds(6).withRestarts(2);
        Supplier<List<FederatedKMeansJob>> jobs = () -> units.stream().map(u -> FederatedKMeansJob.forUnit(cfg, u)).toList();

        Fixtures.api().contentType("application/json")
                .body(Map.of("id", "fed-km", "job", "workforce-kmeans", "members", IDS, "k", 3, "seed", 7, "rounds", 6,
                        "restarts", 2, "roster", memberKeys()))
                .post("/federations").then().statusCode(202);
        Map<String, Object> end = runMembers("fed-km", jobs.get());
        assertEquals("completed", end.get("state"), "failure: " + end.get("failure"));

        FederatedKMeansJob reference = FederatedKMeansJob.observer(cfg);
        PlainSums.run(jobs.get(), reference, 1000);
        SegmentModel installed = service.segments().model().orElseThrow();
        assertEquals(3, installed.k());
        long[][] got = installed.centroids();
        long[][] want = reference.centroids();
        for (int c = 0; c < want.length; c++) {
            assertArrayEquals(want[c], got[c], "centroid " + c);
        }
        Fixtures.api().get("/segments").then().statusCode(200);
    }

    @Test
    void badStartRequestsAreRefusedWithAReason() {
        Fixtures.api().contentType("application/json").body(Map.of("id", "x1", "job", "no-such-job", "members", IDS))
                .post("/federations").then().statusCode(400);
        Fixtures.api().contentType("application/json").body(Map.of("id", "bad id/+", "job", "pdm-training", "members", IDS))
                .post("/federations").then().statusCode(400);
        Fixtures.api().contentType("application/json").body(Map.of("id", "x2", "job", "pdm-training", "members", List.of(1)))
                .post("/federations").then().statusCode(400);
        Fixtures.api().contentType("application/json").body(Map.of("job", "pdm-training"))
                .post("/federations").then().statusCode(400);
        Fixtures.api().get("/federations/never-started").then().statusCode(404);
        // t = 1: every Shamir dealing would be the dealer's key share itself
        String error = Fixtures.api().contentType("application/json")
                .body(Map.of("id", "x3", "job", "pdm-training", "members", IDS, "threshold", 1, "roster", memberKeys()))
                .post("/federations").then().statusCode(400).extract().path("error");
        assertTrue(error.contains("threshold t must be at least 2"), error);
        Fixtures.api().get("/federations/x3").then().statusCode(404);
        // no roster: nobody's signatures could be verified
        String noRoster = Fixtures.api().contentType("application/json")
                .body(Map.of("id", "x4", "job", "pdm-training", "members", IDS))
                .post("/federations").then().statusCode(400).extract().path("error");
        assertTrue(noRoster.contains("roster is required"), noRoster);
        Map<String, String> partial = new java.util.TreeMap<>(memberKeys());
        partial.remove("3");
        String missing = Fixtures.api().contentType("application/json")
                .body(Map.of("id", "x5", "job", "pdm-training", "members", IDS, "roster", partial))
                .post("/federations").then().statusCode(400).extract().path("error");
        assertTrue(missing.contains("the roster lists parties [0, 1, 2]"), missing);
    }

    private static Path hrCsv() {
        return Datasets.hrCsv();
    }
}

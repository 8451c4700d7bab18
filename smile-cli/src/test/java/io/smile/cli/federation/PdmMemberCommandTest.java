package io.smile.cli.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.broker.EmbeddedBroker;
import io.smile.federation.Coordinator;
import io.smile.federation.PlainSums;
import io.smile.federation.identity.Roster;
import io.smile.federation.identity.SigningIdentity;
import io.smile.pdm.federated.FederatedPdmJob;
import io.smile.pdm.federated.PdmConfig;
import io.smile.pdm.federated.SiteData;
import io.smile.federation.transport.MqttTransport;
import io.smile.pdm.training.PdmTraining;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Three {@code pdm-member} commands (as three sites would run them) join a coordinator hosted
 * elsewhere (here in the test, as the cloud service hosts it); the job finishes at every site and
 * the coordinator's public view holds the model the same job gives on plaintext sums.
 */
class PdmMemberCommandTest {
    @Test
    void threeSiteCommandsTrainWithAHostedCoordinator(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        PdmConfig cfg = PdmConfig.defaults(3).withRounds(2);
        FederatedPdmJob observer = new FederatedPdmJob(cfg, null, null);
        // each site creates its identity with the command; the roster enrols them and the coordinator's key
        java.util.Map<Integer, java.security.PublicKey> keys = new java.util.TreeMap<>();
        SigningIdentity cloud = SigningIdentity.generate(0);
        keys.put(0, cloud.publicKey());
        for (int id = 1; id <= 3; id++) {
            java.nio.file.Path state = dir.resolve("site-" + id);
            assertEquals(0, new CommandLine(new FederationCli()).execute("identity", "--state-dir", state.toString(),
                    "--id", Integer.toString(id)));
            java.nio.file.Path key = IdentityCommand.file(state, id);
            assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"),
                    java.nio.file.Files.getPosixFilePermissions(key), "the private key file is the owner's only");
            keys.put(id, SigningIdentity.load(key).publicKey());
        }
        Roster roster = new Roster(keys);
        java.nio.file.Path rosterFile = dir.resolve("roster.txt");
        java.nio.file.Files.writeString(rosterFile, roster.format());
        ExecutorService sites = Executors.newFixedThreadPool(3);
        try (EmbeddedBroker broker = EmbeddedBroker.startOnFreePort();
             MqttTransport transport = new MqttTransport(broker.url(), "test-cloud");
             Coordinator coordinator = Coordinator.hosted("cli-fed", List.of(1, 2, 3), 2, observer, transport, 2,
                     Coordinator.Settings.defaults(), 1, cloud, Roster.load(rosterFile), line -> { })) {
            var outcome = coordinator.start();
            List<Future<Integer>> exits = new ArrayList<>();
            for (int id = 1; id <= 3; id++) {
                String[] args = {"pdm-member", "--broker", broker.url(), "--federation", "cli-fed", "--id", Integer.toString(id),
                        "--members", "1,2,3", "--rounds", "2", "--generated-rows", "600", "--timeout-minutes", "5",
                        "--state-dir", dir.resolve("site-" + id).toString(), "--roster", rosterFile.toString()};
                exits.add(sites.submit(() -> new CommandLine(new FederationCli()).execute(args)));
            }
            for (Future<Integer> exit : exits) {
                assertEquals(0, exit.get(5, TimeUnit.MINUTES));
            }
            Coordinator.Outcome o = outcome.get(1, TimeUnit.MINUTES);
            assertTrue(o.completed(), o.failure());

            // each command generates its rows from its site id; the same job on plaintext sums:
            List<FederatedPdmJob> reference = new ArrayList<>();
            for (int id = 1; id <= 3; id++) {
                reference.add(new FederatedPdmJob(cfg, SiteData.of("site-" + id, PdmTraining.load(null, 600, id * 7919L + 1)),
                        new SecureRandom()));
            }
            FederatedPdmJob expected = new FederatedPdmJob(cfg, null, null);
            PlainSums.run(reference, expected, 100);
            assertTrue(observer.done() && expected.done());
            assertArrayEquals(expected.theta(), observer.theta());
        } finally {
            sites.shutdownNow();
        }
    }

    @Test
    void missingRequiredOptionsAreAUsageError() {
        int exit = new CommandLine(new FederationCli()).execute("pdm-member", "--broker", "tcp://127.0.0.1:1");
        assertEquals(2, exit);
    }

    @Test
    void tlsStoresWithAPlainBrokerAreAConfigurationError() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cmd = new CommandLine(new FederationCli()).setExecutionExceptionHandler(MemberOptions.CONFIGURATION_ERRORS);
        cmd.setErr(new java.io.PrintWriter(err, true));
        int exit = cmd.execute("pdm-member", "--broker", "tcp://127.0.0.1:1", "--truststore", "ca.p12", "--federation", "f",
                "--id", "1", "--members", "1,2", "--generated-rows", "100");
        assertEquals(1, exit);
        assertTrue(err.toString().contains("--truststore and --keystore need an ssl:// broker"), err.toString());
    }

    @Test
    void thresholdOneIsRefusedByTheMemberCommand() {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cmd = new CommandLine(new FederationCli()).setExecutionExceptionHandler(MemberOptions.CONFIGURATION_ERRORS);
        cmd.setErr(new java.io.PrintWriter(err, true));
        int exit = cmd.execute("pdm-member", "--broker", "tcp://127.0.0.1:1", "--federation", "f", "--id", "1",
                "--members", "1,2,3", "--threshold", "1", "--generated-rows", "100");
        assertEquals(1, exit);
        assertTrue(err.toString().contains("threshold t must be at least 2"), err.toString());
    }

    @Test
    void aMemberWithoutItsIdentityOrRosterIsAConfigurationError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.io.StringWriter err = new java.io.StringWriter();
        CommandLine cmd = new CommandLine(new FederationCli()).setExecutionExceptionHandler(MemberOptions.CONFIGURATION_ERRORS);
        cmd.setErr(new java.io.PrintWriter(err, true));
        int exit = cmd.execute("pdm-member", "--broker", "tcp://127.0.0.1:1", "--federation", "f", "--id", "1",
                "--members", "1,2,3", "--generated-rows", "100", "--state-dir", dir.toString(), "--roster", "r.txt");
        assertEquals(1, exit);
        assertTrue(err.toString().contains("no signing identity") && err.toString().contains("smile federation identity"),
                err.toString());
    }
}

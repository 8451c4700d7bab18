package io.smile.cli.workforce;

import io.smile.cli.federation.MemberOptions;
import io.smile.testkit.Datasets;
import io.smile.workforce.SegmentModelFile;
import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class WorkforceCliTest {
    private record Run(int exit, String out) {
    }

    private static Run run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
            int exit = new CommandLine(new WorkforceCli()).execute(args);
            return new Run(exit, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void kmeansPrintsProgressAndTheQualityTable(@TempDir Path dir) throws Exception {
        String data = Datasets.hrCsv().toString();
        Path out = dir.resolve("centroids.json");
        Run r = run("kmeans", "--data", data, "--units", "4", "--split", "department", "--k", "4", "--mode", "exact",
                "--max-rounds", "3", "--restarts", "2", "--out", out.toString());
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("runtime: encrypted MQTT runtime") && r.out().contains("3-out-of-4 threshold"), r.out());
        assertTrue(r.out().contains("| per round (mean of 4) |"), r.out());
        assertTrue(r.out().contains("[fed] round 1:"));
        assertTrue(r.out().contains("| ARI federated vs plaintext |"));
        assertTrue(r.out().contains("| segment | size | attrition rate |"));
        assertTrue(r.out().contains("segment model (k=4 centroids) written to"), r.out());
        SegmentModelFile model = SegmentModelFile.read(out);
        assertEquals(4, model.k());
        assertEquals("EXACT", model.metadata().get("mode"));
        Run dp = run("kmeans", "--data", data, "--units", "3", "--split", "random", "--k", "3", "--mode", "dp", "--epsilon", "8",
                "--plain");
        assertEquals(0, dp.exit(), dp.out());
        assertTrue(dp.out().contains("NO encryption"), "the harness is labelled");
        assertTrue(dp.out().contains("| epsilon spent | 8.000"), dp.out());
    }

    @Test
    void assignRunsEncryptedAndAgreesWithPlaintext() {
        Run r = run("assign", "--data", Datasets.hrCsv().toString(), "--rows", "70");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("70 rows assigned under encryption; 0 differ"), r.out());
        assertTrue(r.out().contains("request of 64 employees"));
    }

    @Test
    void memberMakesItsJobWithTheCloudsDefaultsBeforeConnecting() {
        String data = Datasets.hrCsv().toString();
        String[] common = {"member", "--broker", "tcp://127.0.0.1:1", "--truststore", "ca.p12", "--federation", "f", "--id", "2",
                "--members", "1,2,3", "--data", data};
        Run exact = runMember(common);
        assertEquals(1, exact.exit(), exact.out());
        assertTrue(exact.out().contains("unit 2: 1470 employees from " + data + ", k=4, mode EXACT"), exact.out());
        assertTrue(exact.out().contains("error: --truststore and --keystore need an ssl:// broker"), exact.out());
        Run dp = runMember(concat(common, "--epsilon", "8", "--k", "3"));
        assertTrue(dp.out().contains("k=3, mode DP"), dp.out());
        Run bad = runMember(concat(common, "--k", "40"));
        assertEquals(1, bad.exit());
        assertTrue(bad.out().contains("error: k must be in [2, 16], got 40"), bad.out());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** With the member commands' handler: a configuration error ends with its message (captured with stdout). */
    private static Run runMember(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);
            System.setOut(out);
            CommandLine cmd = new CommandLine(new WorkforceCli()).setExecutionExceptionHandler(MemberOptions.CONFIGURATION_ERRORS);
            cmd.setErr(new java.io.PrintWriter(out, true));
            int exit = cmd.execute(args);
            return new Run(exit, buf.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void missingDataIsAnError(@TempDir Path dir) {
        Run r = run("kmeans", "--data", dir.resolve("ibm-hr-attrition.csv").toString());
        assertNotEquals(0, r.exit());
    }
}

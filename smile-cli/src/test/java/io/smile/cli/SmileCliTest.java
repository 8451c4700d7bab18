package io.smile.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one entry point lists every job, and every job (and sub-job) answers --help through it. */
class SmileCliTest {
    private static final List<String> JOBS = List.of("demo", "engine", "train", "bench", "federation", "workforce", "edge",
            "simulator", "compare");

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SmileCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void helpListsEveryJob() {
        Run r = run("--help");
        assertEquals(0, r.exit());
        for (String job : JOBS) {
            assertTrue(r.out().lines().anyMatch(l -> l.trim().startsWith(job + " ") || l.trim().equals(job)),
                    job + " missing from:\n" + r.out());
        }
        assertEquals(JOBS, List.copyOf(SmileCli.commandLine().getSubcommands().keySet()));
    }

    @Test
    void everyJobAndSubJobAnswersHelpUnderItsQualifiedName() {
        for (String job : JOBS) {
            Run r = run(job, "--help");
            assertEquals(0, r.exit(), job + ": " + r.err());
            assertTrue(r.out().contains("smile " + job), job + " usage does not name 'smile " + job + "':\n" + r.out());
        }
        for (String[] sub : List.of(new String[] {"federation", "pdm-train"}, new String[] {"federation", "pdm-member"},
                new String[] {"federation", "bench"}, new String[] {"workforce", "kmeans"},
                new String[] {"workforce", "member"}, new String[] {"workforce", "assign"})) {
            Run r = run(sub[0], sub[1], "--help");
            assertEquals(0, r.exit(), String.join(" ", sub) + ": " + r.err());
            assertTrue(r.out().contains("smile " + sub[0] + " " + sub[1]), r.out());
        }
    }

    @Test
    void bothFederatedJobsAreFoundOnTheCommandLinesClassPath() {
        assertEquals(List.of("pdm-training", "workforce-kmeans"),
                List.copyOf(io.smile.federation.FederatedJobFactory.available().keySet()));
    }

    @Test
    void anUnknownJobIsAUsageError() {
        Run r = run("no-such-job");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("no-such-job"), r.err());
    }
}

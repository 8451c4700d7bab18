package io.smile.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.pdm.model.ModelFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainModelCliTest {
    /** A machine with one sensor, windows of 3 samples (step 1), features mean and slope; units in column u. */
    private static final String PROFILE = """
            id: tiny-machine
            description: one drifting sensor
            vendor: test
            model: test
            opcua:
              namespaceUri: "urn:smile:test"
              sensors:
                - { name: vib, nodeId: "ns=2;s={machine}/Vib", unit: mm/s, range: [0, 20], scale: 100, samplingIntervalMs: 1000 }
            window:
              length: 3
              step: 1
              features:
                - { name: vib_mean, source: vib, aggregate: mean, center: 3, spread: 2 }
                - { name: vib_slope, source: vib, aggregate: slope, center: 0, spread: 0.5 }
            history:
              unit: u
              order: cycle
              columns: { vib: "vibration" }
              label: { failure-within: 10 }
            """;

    /** What a run printed and returned. */
    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new TrainModelCli());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        int code = cmd.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** 12 run-to-failure units of 40-60 cycles: vibration flat around 2, rising over the last 15 cycles. */
    private static String history() {
        Random r = new Random(7);
        StringBuilder sb = new StringBuilder("u,cycle,vibration\n");
        for (int u = 1; u <= 12; u++) {
            int life = 40 + r.nextInt(21);
            for (int c = 1; c <= life; c++) {
                int toEnd = life - c;
                double v = 2 + 0.2 * r.nextGaussian() + (toEnd < 15 ? 0.4 * (15 - toEnd) : 0);
                sb.append("U").append(u).append(',').append(c).append(',').append(String.format("%.3f", v)).append('\n');
            }
        }
        return sb.toString();
    }

    @Test
    void commandWritesALoadableModelFromGeneratedDataWhenNoFileIsGiven(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("m.json");
        // 3000 rows (600 test rows, ~20 failures) for speed: the F1 drop quantized vs float (0.113) is within noise
        // of so few failures, so this test widens the tolerance; the default 10,000 rows pass the default tolerance
        Run r = run("--out", out.toString(), "--generated-rows", "3000", "--report", dir.resolve("r.md").toString(),
                "--tolerance-f1", "0.2", "--tolerance-auc", "0.05");
        assertEquals(0, r.code(), r.err());
        assertEquals("pdm-quadratic", ModelFile.read(out).modelId());
        assertTrue(Files.readString(dir.resolve("r.md")).contains("encrypted pipeline"));
        assertEquals(2, run("--data", dir.resolve("missing.csv").toString()).code());
    }

    @Test
    void aProfileAndAHistoryTrainAModelNamedAfterTheProfile(@TempDir Path dir) throws Exception {
        Path profile = Files.writeString(dir.resolve("tiny-machine.yaml"), PROFILE);
        Path csv = Files.writeString(dir.resolve("history.csv"), history());
        Path out = dir.resolve("model.bin");
        Run r = run("--profile", profile.toString(), "--data", csv.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("split by unit"), r.out());
        assertTrue(r.out().contains("| quantized F1 "), r.out());
        ModelFile m = ModelFile.read(out);
        assertEquals("tiny-machine", m.modelId());
        assertEquals(2, m.features().size());
        assertTrue(m.quality().get("test_f1") > 0.5, m.quality().toString());
    }

    /** Each bad input: exit 2, one line on stderr starting with the expected text, no stack trace. */
    private static void assertBadInput(String expectedStart, String... args) {
        Run r = run(args);
        assertEquals(2, r.code(), r.err() + r.out());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        assertTrue(err.startsWith(expectedStart), err);
    }

    @Test
    void badInputEndsWithOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        Path profile = Files.writeString(dir.resolve("tiny-machine.yaml"), PROFILE);
        String p = profile.toString();
        String good = history();
        Path noColumn = Files.writeString(dir.resolve("a.csv"), good.replace("vibration", "vibr"));
        assertBadInput("error: " + noColumn + ":1:4: missing column 'vibration' (sensor vib)",
                "--profile", p, "--data", noColumn.toString());
        Path nonNumeric = Files.writeString(dir.resolve("b.csv"), good.replaceFirst("\nU1,2,[0-9.]+\n", "\nU1,2,n/a\n"));
        assertBadInput("error: " + nonNumeric + ":3:3: column 'vibration': 'n/a' is not a finite number",
                "--profile", p, "--data", nonNumeric.toString());
        Path shortUnit = Files.writeString(dir.resolve("c.csv"), good + "U99,1,2.0\nU99,2,2.1\n");
        assertBadInput("error: " + shortUnit + ":", "--profile", p, "--data", shortUnit.toString());
        assertTrue(run("--profile", p, "--data", shortUnit.toString()).err().contains(":1: unit 'U99' has 2 rows, fewer than one window"));
        Path csv = Files.writeString(dir.resolve("h.csv"), good);
        assertBadInput("error: label rule 'fails:3' is neither", "--profile", p, "--data", csv.toString(), "--label-rule", "fails:3");
        assertBadInput("error: " + csv + ":1:4: missing column 'broken' (the label)",
                "--profile", p, "--data", csv.toString(), "--label-rule", "column:broken");
        assertBadInput("error: --profile needs --data", "--profile", p);
        assertBadInput("error: ", "--profile", "no-such-machine", "--data", csv.toString());
        assertBadInput("error: machine profile not found", "--profile", dir.resolve("nope.yaml").toString(), "--data", csv.toString());
        Path badProfile = Files.writeString(dir.resolve("bad/tiny-machine.yaml".replace("bad/", "")).resolveSibling("x.yaml"),
                PROFILE.replace("aggregate: slope", "aggregate: median"));
        assertBadInput("error: ", "--profile", badProfile.toString(), "--data", csv.toString());
        // an AI4I run on a file that is not AI4I: one line too
        assertBadInput("error: ", "--data", csv.toString());
    }
}

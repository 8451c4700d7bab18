package io.smile.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.bench.Harness;
import io.smile.he.bgv.BgvParameters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchMainTest {
    private static final List<String> OPERATIONS = List.of(Harness.SETUP, Harness.KEYGEN, Harness.RELIN_KEYGEN,
            Harness.GALOIS_KEYGEN, Harness.ENCODE, Harness.ENCRYPT_PK, Harness.ENCRYPT_SK, Harness.DECRYPT, Harness.ADD,
            Harness.MUL_PLAIN, Harness.MUL_PREPARED, Harness.MULTIPLY, Harness.SQUARE, Harness.MOD_SWITCH, Harness.ROTATE,
            Harness.SWAP, Harness.SUM_SLOTS, Harness.NOISE_BUDGET);

    private static BgvParameters tiny() {
        return BgvParameters.builder().degree(1024).plainModulus(65537).ciphertextPrimeBits(40, 30, 30)
                .specialPrimeBits(41).allowInsecureForTestsOnly().build();
    }

    @Test
    void markdownReportHasOneRowPerOperationAndSize() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        BenchMain main = new BenchMain(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        main.markdown = true;
        main.iterations = 2;
        String report = main.presetReport("TINY", tiny(), List.of(1, 2), new Harness(2, 0, 3));
        assertTrue(report.contains("| Operation | 1 thread, ms | 2 threads, ms |"), report);
        assertTrue(report.contains("NOT 128-bit secure"), report);
        long timingRows = report.lines().filter(l -> l.matches("\\| .* \\| .* \\[.* – .*\\] \\| .* \\[.* – .*\\] \\|")).count();
        assertEquals(OPERATIONS.size(), timingRows, report);
        for (String op : OPERATIONS) {
            assertTrue(report.contains("| " + op + " | "), op);
        }
        assertTrue(report.contains("| public key | 12,846 | 12.5 KiB |"), report);
        long sizeRows = report.lines().filter(l -> l.matches("\\| .* \\| [0-9,]+ \\| .* \\|")).count();
        assertEquals(8, sizeRows, report);
    }

    @Test
    void backendOptionPrintsTheSideBySideTable() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new BenchMain(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)))
                .execute("--backend", "bgv-java", "--preset", "N8192_DEPTH3", "--iterations", "1");
        String report = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(report.contains("### N8192_DEPTH3, single thread, median of 1"), report);
        assertTrue(report.contains("| operation | bgv-java (ms) |"), report);
        for (String op : List.of("multiply + relinearize", "rotate by 1", "decrypt + decode", "sumSlots")) {
            assertTrue(report.lines().anyMatch(l -> l.startsWith("| " + op + " | ")), op + "\n" + report);
        }
    }

    @Test
    void unknownBackendIsRefusedWithTheAvailableOnes() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new CommandLine(new BenchMain(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute("--backend", "bgv-java,seal");
        assertEquals(2, code);
        String msg = err.toString(StandardCharsets.UTF_8);
        assertTrue(msg.contains("unknown backend 'seal'") && msg.contains("bgv-java") && msg.contains("helib"), msg);
    }
}

package io.smile.cli.engine;

import static org.junit.jupiter.api.Assertions.*;

import io.smile.he.bgv.BgvPreset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EngineDemoTest {
    private static String text(ByteArrayOutputStream b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void demoSucceedsOnItsDefaultPreset() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        EngineDemo.Result r = new EngineDemo(new PrintStream(log, true, StandardCharsets.UTF_8))
                .run("N8192_DEPTH3", BgvPreset.N8192_DEPTH3.parameters(), 2, 42L);
        assertTrue(r.ok(), text(log));
        assertEquals(0, r.mismatches());
        assertEquals(-1, r.firstMismatch());
        assertEquals(8192, r.decrypted().length);
        assertArrayEquals(r.expected(), r.decrypted());
        // the scores are not trivially zero: the check compares something
        assertTrue(java.util.Arrays.stream(r.expected()).anyMatch(v -> v != 0));
        assertTrue(text(log).contains("OK: encrypted result equals plaintext result for all 8192 slots"), text(log));
        assertTrue(text(log).contains("TEST ONLY"), text(log));
    }

    @Test
    void aCorruptedResultIsReportedAsAMismatch() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        EngineDemo.Result r = new EngineDemo(new PrintStream(log, true, StandardCharsets.UTF_8))
                .run("N8192_DEPTH3", BgvPreset.N8192_DEPTH3.parameters(), 1, 7L, slots -> {
                    long[] c = slots.clone();
                    c[5000] += 1;
                    return c;
                });
        assertFalse(r.ok());
        assertEquals(1, r.mismatches());
        assertEquals(5000, r.firstMismatch());
        assertTrue(text(log).contains("MISMATCH: 1 of 8192 slots differ; first at slot 5000"), text(log));
        assertFalse(text(log).contains("OK:"), text(log));
    }

    @Test
    void commandLineExitsWithZeroOnSuccess() {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, DemoMain.commandLine().execute("--preset", "n8192_depth3", "--threads", "2", "--seed", "3"));
        } finally {
            System.setOut(saved);
        }
        assertTrue(text(out).contains("OK: encrypted result equals plaintext result for all 8192 slots"), text(out));
        assertEquals(2, DemoMain.commandLine().execute("--threads", "0"));
    }
}

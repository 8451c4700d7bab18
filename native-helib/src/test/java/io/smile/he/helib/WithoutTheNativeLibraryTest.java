package io.smile.he.helib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The lazy loading contract, on a machine where the native library was never built (this test also
 * runs in the plain build, without -Pnative-helib): listing the backends works and names helib,
 * opening it throws {@code HeException} saying what is missing and how to build it. Run in a child
 * JVM so that a library the profile did build cannot be loaded by accident.
 */
class WithoutTheNativeLibraryTest {
    @Test
    void listingBackendsNeedsNoNativeLibraryAndOpenExplainsWhatIsMissing() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dsmile.helib.library=/nonexistent/libsmile_helib.so", "-cp", System.getProperty("java.class.path"),
                MissingLibraryProbe.class.getName()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("listed: [") && out.contains("helib"), out);
        assertTrue(out.contains("refused: ") && out.contains("libsmile_helib.so") && out.contains("-Pnative-helib"), out);
    }
}

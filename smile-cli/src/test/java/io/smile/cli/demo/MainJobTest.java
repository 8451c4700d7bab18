package io.smile.cli.demo;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The whole product with real components: Milo OPC UA server and client, a real MQTT broker, the
 * Quarkus cloud service as its own process, BGV end to end. The job exits 0 only if no window was
 * lost and every decrypted result equals the plaintext quantized model's decision (decision-only, the
 * cloud's default; its score too when the cloud shares scores).
 */
class MainJobTest {
    private static Path cloudJar() {
        Path jar = Path.of("").toAbsolutePath().getParent().resolve("cloud-service/target/quarkus-app/quarkus-run.jar");
        assertTrue(Files.isRegularFile(jar), "cloud service not packaged at " + jar + " (run the reactor build)");
        return jar;
    }

    /** The default: the embedded broker speaks mutual TLS only, and the edge and the cloud both get through. */
    @Test
    void endToEndOverMutualTlsWithEmbeddedHiveMq(@TempDir Path dir) throws Exception {
        int code = new CommandLine(new MainJob()).execute("--samples", "400", "--rate", "15", "--quiet",
                "--work-dir", dir.toString(), "--cloud-jar", cloudJar().toString());
        assertEquals(0, code);
        assertTrue(Files.isRegularFile(dir.resolve("edge/results.jsonl")));
        assertTrue(Files.readString(dir.resolve("cloud.log")).contains("MQTT connected to ssl://127.0.0.1:"),
                "the cloud service did not connect over TLS");
        assertTrue(Files.isRegularFile(dir.resolve("pki/gw-hall-a.p12")), "no client certificate for the gateway");
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "SMILE_TEST_MOSQUITTO_URL", matches = "tcp://127\\.0\\.0\\.1:.*")
    void endToEndWithMosquitto(@TempDir Path dir) {
        int code = new CommandLine(new MainJob()).execute("--samples", "400", "--rate", "15", "--quiet",
                "--work-dir", dir.toString(), "--cloud-jar", cloudJar().toString(),
                "--broker-url", System.getenv("SMILE_TEST_MOSQUITTO_URL"));
        assertEquals(0, code);
    }
}

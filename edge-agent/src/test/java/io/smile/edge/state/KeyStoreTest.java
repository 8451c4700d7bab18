package io.smile.edge.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.edge.EdgeAgent;
import io.smile.edge.EdgeAgentConfig;
import io.smile.edge.EdgeAgentException;
import io.smile.edge.TestSupport;
import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeSession;
import io.smile.pdm.model.SlotLayout;
import io.smile.pdm.model.FeatureEncoding;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** (c) The key store: owner-only permissions, reload after a restart, unsafe key files refused. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class KeyStoreTest {
    private static final FeatureEncoding ENC = TestSupport.ENC;
    @TempDir
    static Path root;
    private static HeSession session;
    private static KeyStore.Keys first;
    private static Path keys;

    @BeforeAll
    static void generateOnce() {
        session = HeBackend.byName("bgv-java").open(EdgeAgent.parameterSpec(TestSupport.fleet("gw-k").gateways().get(0)));
        keys = root.resolve("state").resolve("keys");
        first = KeyStore.loadOrCreate(session, keys, SlotLayout.rotationSteps(ENC.blockSize()));
    }

    @AfterAll
    static void close() {
        if (first != null) {
            first.owner().close();
        }
        if (session != null) {
            session.close();
        }
    }

    @Test
    void secretKeyIsOwnerOnlyAndTheDirectoryPrivate() throws Exception {
        assertTrue(first.generated());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve(KeyStore.SECRET))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        try (var files = Files.list(keys)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(StateFiles.TEMP_PREFIX)), "temp files left");
        }
    }

    @Test
    void reloadDecryptsWhatWasEncryptedBeforeAndKeepsThePublicKeys() {
        long[] values = {1, -2, 3, 40_000, -1_234_567};
        HeCiphertext before = first.owner().encrypt(values);
        byte[] wire = before.serialize();

        KeyStore.Keys again = KeyStore.loadOrCreate(session, keys, SlotLayout.rotationSteps(ENC.blockSize()));
        try {
            assertFalse(again.generated());
            long[] decrypted = again.owner().decryptChecked(session.readCiphertext(wire));
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i], decrypted[i]);
            }
            // the same public material is registered again, and it still matches the reloaded secret key
            assertArrayEquals(first.publicKey(), again.publicKey());
            assertArrayEquals(first.evaluationKeys(), again.evaluationKeys());
            HeEvaluator cloud = session.evaluator(again.publicKey(), again.evaluationKeys());
            HeCiphertext fresh = again.owner().encrypt(new long[] {5, 6, 7});
            long[] rotated = again.owner().decryptChecked(cloud.rotate(cloud.multiplyScalar(fresh, 3), 1));
            assertEquals(18, rotated[0]);
            assertEquals(21, rotated[1]);
        } finally {
            again.owner().close();
        }
    }

    @Test
    void aKeyFileOthersCanReadIsRefused() throws Exception {
        Path other = root.resolve("unsafe").resolve("keys");
        StateFiles.createPrivateDirectory(other.getParent());
        StateFiles.createPrivateDirectory(other);
        Files.copy(keys.resolve(KeyStore.SECRET), other.resolve(KeyStore.SECRET));
        Files.setPosixFilePermissions(other.resolve(KeyStore.SECRET), PosixFilePermissions.fromString("rw-r--r--"));
        EdgeAgentException e = assertThrows(EdgeAgentException.class,
                () -> KeyStore.loadOrCreate(session, other, SlotLayout.rotationSteps(ENC.blockSize())));
        assertTrue(e.getMessage().contains("rw-r--r--"), e.getMessage());

        Files.setPosixFilePermissions(other.resolve(KeyStore.SECRET), PosixFilePermissions.fromString("rw----r--"));
        assertThrows(EdgeAgentException.class, () -> KeyStore.loadOrCreate(session, other, SlotLayout.rotationSteps(ENC.blockSize())));

        // the agent refuses to start on it, and says why
        EdgeAgent agent = new EdgeAgent(EdgeAgentConfig.builder(TestSupport.fleet("gw-k"), "gw-k")
                .stateDir(other.getParent())
                .brokerUrl(URI.create("tcp://127.0.0.1:1"))
                .opcUaEndpoint(URI.create("opc.tcp://127.0.0.1:1/none"))
                .reconnectMaxDelay(Duration.ofSeconds(1))
                .build());
        EdgeAgentException refused = assertThrows(EdgeAgentException.class, agent::start);
        assertTrue(refused.getMessage().contains("secret.key"), refused.getMessage());
        agent.stop();
    }

    @Test
    void aKeyOfOtherParametersIsRefused() throws Exception {
        Path other = root.resolve("garbage").resolve("keys");
        StateFiles.createPrivateDirectory(other.getParent());
        StateFiles.createPrivateDirectory(other);
        StateFiles.writeAtomically(other.resolve(KeyStore.SECRET), new byte[] {1, 2, 3, 4});
        EdgeAgentException e = assertThrows(EdgeAgentException.class,
                () -> KeyStore.loadOrCreate(session, other, SlotLayout.rotationSteps(ENC.blockSize())));
        assertTrue(e.getMessage().contains("cannot be used"), e.getMessage());
    }
}

package io.smile.edge.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.edge.EdgeAgentException;
import io.smile.protocol.GatewayIdentity;
import io.smile.protocol.KeyRegistration;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's identity file: created once 0600, the same identity after a restart, unsafe or broken files refused. */
class IdentityStoreTest {
    @TempDir
    Path root;

    @Test
    void createdOwnerOnlyOnFirstStartAndTheSameIdentityAfterARestart() throws Exception {
        Path keys = root.resolve("keys");
        GatewayIdentity first = IdentityStore.loadOrCreate(keys);
        Path file = keys.resolve(IdentityStore.FILE);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys)));
        GatewayIdentity again = IdentityStore.loadOrCreate(keys);
        assertArrayEquals(first.publicKey(), again.publicKey(), "a restart keeps the identity the cloud pinned");
        // what it signs verifies under the key it publishes
        KeyRegistration reg = KeyRegistration.signed(again, "acme", "gw-1", 8, 1, new byte[] {1}, new byte[] {2}, new byte[] {3});
        assertTrue(KeyRegistration.decode(reg.encode()).signatureValid());
        assertArrayEquals(first.publicKey(), reg.identityKey());
    }

    @Test
    void anIdentityFileReadableByOthersIsRefused() throws Exception {
        Path keys = root.resolve("keys");
        IdentityStore.loadOrCreate(keys);
        Path file = keys.resolve(IdentityStore.FILE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        EdgeAgentException e = assertThrows(EdgeAgentException.class, () -> IdentityStore.loadOrCreate(keys));
        assertTrue(e.getMessage().contains("refusing to use the identity file"), e.getMessage());
        assertTrue(e.getMessage().contains("rw-r--r--"), e.getMessage());
    }

    @Test
    void aBrokenOrMismatchedIdentityFileIsRefusedWithItsReason() throws Exception {
        Path keys = root.resolve("keys");
        IdentityStore.loadOrCreate(keys);
        Path file = keys.resolve(IdentityStore.FILE);
        String[] lines = Files.readString(file).strip().split("\n");
        // someone else's public key beside this private key
        String other = java.util.Base64.getEncoder().encodeToString(GatewayIdentity.generate().publicKey());
        Files.writeString(file, lines[0] + "\n" + other + "\n", StandardCharsets.US_ASCII);
        EdgeAgentException e = assertThrows(EdgeAgentException.class, () -> IdentityStore.loadOrCreate(keys));
        assertTrue(e.getMessage().contains("does not belong to the private key"), e.getMessage());
        Files.writeString(file, "junk\n", StandardCharsets.US_ASCII);
        e = assertThrows(EdgeAgentException.class, () -> IdentityStore.loadOrCreate(keys));
        assertTrue(e.getMessage().contains("expected 2 lines"), e.getMessage());
    }
}

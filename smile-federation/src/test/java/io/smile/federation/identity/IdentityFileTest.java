package io.smile.federation.identity;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A party's identity file: written for its owner only, read back whole, every broken part refused by name. */
class IdentityFileTest {
    private static final byte[] MESSAGE = "round 3 aggregate".getBytes(StandardCharsets.UTF_8);

    @Test
    void aSavedIdentityLoadsBackAndSignsWhatTheRosterVerifies(@TempDir Path dir) throws Exception {
        SigningIdentity member = SigningIdentity.generate(2);
        Path file = dir.resolve("member-2.identity");
        member.save(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));

        SigningIdentity loaded = SigningIdentity.load(file);
        assertEquals(2, loaded.id());
        assertArrayEquals(member.publicKey().getEncoded(), loaded.publicKey().getEncoded());
        assertTrue(Roster.verify(member.publicKey(), MESSAGE, loaded.sign(MESSAGE)));
        assertFalse(Roster.verify(SigningIdentity.generate(2).publicKey(), MESSAGE, loaded.sign(MESSAGE)),
                "another key's signature does not verify");
    }

    @Test
    void aFileWhosePublicKeyIsAnotherPartysIsRefused(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("swapped.identity");
        SigningIdentity.generate(1).save(file);
        List<String> lines = Files.readAllLines(file);
        String other = Roster.encode(SigningIdentity.generate(1).publicKey());
        Files.write(file, List.of(lines.get(0), lines.get(1), other));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SigningIdentity.load(file));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
    }

    @Test
    void malformedFilesAreRefusedWithWhatIsWrong(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.identity");
        SigningIdentity.generate(1).save(file);
        List<String> good = Files.readAllLines(file);

        Files.write(file, good.subList(0, 2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SigningIdentity.load(file)).getMessage()
                .contains("expected 3 lines"));
        Files.write(file, List.of("one", good.get(1), good.get(2)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SigningIdentity.load(file)).getMessage()
                .contains("not a party id"));
        Files.write(file, List.of(good.get(0), "bm90IGEga2V5", good.get(2)));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SigningIdentity.load(file)).getMessage()
                .contains("not an Ed25519 key pair"));
        assertThrows(IllegalArgumentException.class, () -> Roster.decode("bm90IGEga2V5"), "a roster key that is not Ed25519");
        assertThrows(IllegalArgumentException.class, () -> SigningIdentity.generate(-1), "ids are 0 (coordinator) or members");
    }
}

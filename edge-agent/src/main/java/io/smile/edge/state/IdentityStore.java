package io.smile.edge.state;

import io.smile.edge.EdgeAgentException;
import io.smile.protocol.GatewayIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's long-term Ed25519 identity in {@code <state-dir>/keys/identity.key}: two lines,
 * the base64 PKCS#8 private key and the base64 X.509 public key. Created on first start (atomically,
 * 0600); a file that group or others may access is refused, like {@code secret.key}. The identity
 * signs every key registration; the cloud pins its public key at the gateway's first registration,
 * so losing this file means an operator must remove the gateway ({@code DELETE /gateways/{id}})
 * before it can register again.
 */
public final class IdentityStore {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityStore.class);
    static final String FILE = "identity.key";

    private IdentityStore() {
    }

    /**
     * Loads the identity from {@code keyDir}, or creates it there on first start.
     *
     * @throws EdgeAgentException if the file is accessible by group/others, is not an Ed25519 key
     *                            pair, or cannot be read or written
     */
    public static GatewayIdentity loadOrCreate(Path keyDir) {
        Path file = keyDir.resolve(FILE);
        try {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                return load(file);
            }
            StateFiles.createPrivateDirectory(keyDir);
            GatewayIdentity identity = GatewayIdentity.generate();
            byte[] priv = identity.privateKeyForLocalStorage();
            byte[] text = (Base64.getEncoder().encodeToString(priv) + "\n"
                    + Base64.getEncoder().encodeToString(identity.publicKey()) + "\n").getBytes(StandardCharsets.US_ASCII);
            try {
                StateFiles.writeAtomically(file, text);
            } finally {
                Arrays.fill(priv, (byte) 0);
                Arrays.fill(text, (byte) 0);
            }
            checkPermissions(file);
            LOG.info("created the gateway's identity {} in {} (rw-------)", GatewayIdentity.fingerprint(identity.publicKey()),
                    file);
            return identity;
        } catch (IOException e) {
            throw new EdgeAgentException("cannot use the identity file " + file + ": " + e, e);
        }
    }

    private static GatewayIdentity load(Path file) throws IOException {
        checkPermissions(file);
        byte[] text = Files.readAllBytes(file);
        try {
            String[] lines = new String(text, StandardCharsets.US_ASCII).strip().split("\n");
            if (lines.length != 2) {
                throw new EdgeAgentException("identity file " + file + ": expected 2 lines (private key, public key), got "
                        + lines.length);
            }
            GatewayIdentity identity = GatewayIdentity.fromEncoded(Base64.getDecoder().decode(lines[0].strip()),
                    Base64.getDecoder().decode(lines[1].strip()));
            LOG.info("loaded the gateway's identity {} from {}", GatewayIdentity.fingerprint(identity.publicKey()), file);
            return identity;
        } catch (IllegalArgumentException e) {
            throw new EdgeAgentException("identity file " + file + ": not an Ed25519 key pair (" + e.getMessage() + ")", e);
        } finally {
            Arrays.fill(text, (byte) 0);
        }
    }

    /** Refuses an identity file that group or others may access (or that is not a regular file). */
    static void checkPermissions(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new EdgeAgentException("identity file " + file + " is not a regular file");
        }
        if (!StateFiles.posix(file.toAbsolutePath().getParent())) {
            throw new EdgeAgentException("the identity file " + file + " must be on a file system with POSIX permissions");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
        if (StateFiles.accessibleByOthers(perms)) {
            throw new EdgeAgentException("refusing to use the identity file " + file + ": permissions "
                    + PosixFilePermissions.toString(perms) + " let group/others access it (it must be rw------- ;"
                    + " check who may have copied it, then chmod 600 it)");
        }
    }
}

package io.smile.edge.state;

import io.smile.edge.EdgeAgentException;
import io.smile.he.api.HeException;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeSession;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's BGV keys in {@code <state-dir>/keys/}:
 * <ul>
 *   <li>{@code secret.key} — the secret key, POSIX permissions 0600, created atomically (written to
 *       an owner-only temp file, fsync'ed, renamed). A key file that group or others may access is
 *       refused. It never leaves this directory.</li>
 *   <li>{@code public.key}, {@code evaluation.keys} — the public material exactly as exported when
 *       the key was generated (with the rotation keys the model needs), re-published on every start,
 *       so a restart costs no key derivation and the cloud sees the same keys.</li>
 *   <li>{@code keys.properties} — parameter fingerprint, rotation steps and a SHA-256 of the secret
 *       key file, binding the public files to that secret key.</li>
 * </ul>
 * The directory itself is created with permissions 0700.
 */
public final class KeyStore {
    private static final Logger LOG = LoggerFactory.getLogger(KeyStore.class);
    static final String SECRET = "secret.key";
    static final String PUBLIC = "public.key";
    static final String EVALUATION = "evaluation.keys";
    static final String META = "keys.properties";

    /** A key owner with the public material to register with the cloud. */
    public record Keys(HeKeyOwner owner, byte[] publicKey, byte[] evaluationKeys, boolean generated) {
    }

    private KeyStore() {
    }

    /**
     * Loads the gateway's keys from {@code dir}, or generates them (with exactly these rotation
     * steps) on first start.
     *
     * @throws EdgeAgentException if the key file is accessible by group/others, belongs to another
     *                            parameter set, or the directory is unusable
     */
    public static Keys loadOrCreate(HeSession session, Path dir, int[] rotationSteps) {
        try {
            if (!StateFiles.posix(dir.toAbsolutePath().getParent() == null ? dir : dir.toAbsolutePath().getParent())) {
                throw new EdgeAgentException("the key store " + dir + " must be on a file system with POSIX permissions");
            }
            StateFiles.createPrivateDirectory(dir);
            Set<PosixFilePermission> dirPerms = Files.getPosixFilePermissions(dir);
            if (StateFiles.accessibleByOthers(dirPerms)) {
                LOG.warn("key directory {} had permissions {}; restricting it to rwx------", dir,
                        PosixFilePermissions.toString(dirPerms));
                Files.setPosixFilePermissions(dir, StateFiles.OWNER_RWX);
            }
            Path secretFile = dir.resolve(SECRET);
            if (Files.exists(secretFile)) {
                return load(session, dir, secretFile, rotationSteps);
            }
            return generate(session, dir, secretFile, rotationSteps);
        } catch (IOException e) {
            throw new EdgeAgentException("cannot use the key store " + dir + ": " + e, e);
        }
    }

    /** Refuses a secret key file that group or others may access (or that is not a regular file). */
    public static void checkPermissions(Path secretFile) throws IOException {
        if (!Files.isRegularFile(secretFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new EdgeAgentException("secret key " + secretFile + " is not a regular file");
        }
        Set<PosixFilePermission> perms = Files.getPosixFilePermissions(secretFile);
        if (StateFiles.accessibleByOthers(perms)) {
            throw new EdgeAgentException("refusing to use secret key " + secretFile + ": permissions "
                    + PosixFilePermissions.toString(perms) + " let group/others access it (it must be rw------- ;"
                    + " check who may have copied it, then chmod 600 it)");
        }
    }

    private static Keys load(HeSession session, Path dir, Path secretFile, int[] steps) throws IOException {
        checkPermissions(secretFile);
        byte[] secret = Files.readAllBytes(secretFile);
        HeKeyOwner owner;
        String digest = sha256(secret);
        try {
            owner = session.importSecretKey(secret);
        } catch (HeException e) {
            throw new EdgeAgentException("secret key " + secretFile + " cannot be used with the gateway's BGV parameters"
                    + " (" + e.getMessage() + "); move the key directory away to generate new keys", e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        Properties meta = readMeta(dir.resolve(META));
        Path pkFile = dir.resolve(PUBLIC);
        Path ekFile = dir.resolve(EVALUATION);
        boolean matches = meta != null
                && Long.toString(session.parameterFingerprint()).equals(meta.getProperty("parameterFingerprint"))
                && digest.equals(meta.getProperty("secretKeySha256"))
                && stepsText(steps).equals(meta.getProperty("rotationSteps"))
                && Files.isRegularFile(pkFile) && Files.isRegularFile(ekFile);
        if (matches) {
            LOG.info("loaded the gateway's BGV keys from {}", dir);
            return new Keys(owner, Files.readAllBytes(pkFile), Files.readAllBytes(ekFile), false);
        }
        LOG.warn("public key files in {} are missing or do not match the secret key; deriving them again"
                + " (the evaluation keys then hold the default rotation set, which is larger)", dir);
        byte[] pk = owner.exportPublicKey();
        byte[] ek = owner.exportEvaluationKeys();
        storePublic(session, dir, digest, steps, pk, ek);
        return new Keys(owner, pk, ek, false);
    }

    private static Keys generate(HeSession session, Path dir, Path secretFile, int[] steps) throws IOException {
        long start = System.nanoTime();
        HeKeyOwner owner = session.generateKeys(steps);
        byte[] secret = owner.exportSecretKeyForLocalStorage();
        String digest = sha256(secret);
        try {
            StateFiles.writeAtomically(secretFile, secret);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
        checkPermissions(secretFile);
        byte[] pk = owner.exportPublicKey();
        byte[] ek = owner.exportEvaluationKeys();
        storePublic(session, dir, digest, steps, pk, ek);
        LOG.info("generated new BGV keys for the gateway in {} ms; secret key stored in {} (rw-------)",
                (System.nanoTime() - start) / 1_000_000, secretFile);
        return new Keys(owner, pk, ek, true);
    }

    private static void storePublic(HeSession session, Path dir, String digest, int[] steps, byte[] pk, byte[] ek)
            throws IOException {
        StateFiles.writeAtomically(dir.resolve(PUBLIC), pk);
        StateFiles.writeAtomically(dir.resolve(EVALUATION), ek);
        Properties meta = new Properties();
        meta.setProperty("parameterFingerprint", Long.toString(session.parameterFingerprint()));
        meta.setProperty("secretKeySha256", digest);
        meta.setProperty("rotationSteps", stepsText(steps));
        meta.setProperty("backend", session.backendName());
        StringWriter w = new StringWriter();
        meta.store(w, "SMiLe edge agent keys: public material bound to secret.key");
        StateFiles.writeAtomically(dir.resolve(META), w.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Properties readMeta(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties p = new Properties();
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        return p;
    }

    private static String stepsText(int[] steps) {
        return Arrays.stream(steps).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.smile.federation.identity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * One party's long-term Ed25519 signing key pair: the member (or the coordinator) signs every
 * protocol message it authors with it. The private key never leaves this object; a file written by
 * {@link #save} is readable by its owner only (0600).
 */
public final class SigningIdentity {
    public static final String ALGORITHM = "Ed25519";

    private final int id;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private SigningIdentity(int id, PrivateKey privateKey, PublicKey publicKey) {
        if (id < 0) {
            throw new IllegalArgumentException("party id must be >= 0 (0 = the coordinator), got " + id);
        }
        this.id = id;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A fresh identity for party {@code id} (0 = the coordinator), keyed from a {@link SecureRandom}. */
    public static SigningIdentity generate(int id) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
            g.initialize(255, new SecureRandom());
            KeyPair kp = g.generateKeyPair();
            return new SigningIdentity(id, kp.getPrivate(), kp.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        }
    }

    public int id() {
        return id;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The Ed25519 signature (64 bytes) of {@code message}. */
    public byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(privateKey);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /**
     * Writes the identity as three lines, {@code id}, the base64 PKCS#8 private key and the base64
     * X.509 public key, to a new file readable by its owner only.
     */
    public void save(Path file) {
        byte[] text = (id + "\n" + Base64.getEncoder().encodeToString(privateKey.getEncoded()) + "\n"
                + Roster.encode(publicKey) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, text, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the identity file " + file, e);
        }
    }

    /** Reads a file written by {@link #save}; every malformed part is named. */
    public static SigningIdentity load(Path file) {
        String[] lines;
        try {
            lines = Files.readString(file, StandardCharsets.UTF_8).strip().split("\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the identity file " + file, e);
        }
        if (lines.length != 3) {
            throw new IllegalArgumentException("identity file " + file + ": expected 3 lines (id, private key, public key), got "
                    + lines.length);
        }
        int id;
        try {
            id = Integer.parseInt(lines[0].strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("identity file " + file + ": the first line is not a party id");
        }
        try {
            KeyFactory f = KeyFactory.getInstance(ALGORITHM);
            PrivateKey priv = f.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines[1].strip())));
            SigningIdentity identity = new SigningIdentity(id, priv, Roster.decode(lines[2].strip()));
            byte[] probe = "smile identity probe".getBytes(StandardCharsets.UTF_8);
            if (!Roster.verify(identity.publicKey, probe, identity.sign(probe))) {
                throw new IllegalArgumentException("the public key does not belong to the private key");
            }
            return identity;
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("identity file " + file + ": not an " + ALGORITHM + " key pair ("
                    + e.getMessage() + ")");
        }
    }

    @Override
    public String toString() {
        return "SigningIdentity(party " + id + ", " + Roster.fingerprint(publicKey) + ")"; // never the private key
    }
}

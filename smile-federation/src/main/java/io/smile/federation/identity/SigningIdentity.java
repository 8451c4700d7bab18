package io.smile.federation.identity;

import io.smile.protocol.GatewayIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.Base64;

/**
 * One party's long-term Ed25519 signing key pair: the member (or the coordinator) signs every
 * protocol message it authors with it. The key handling is the gateways' ({@link GatewayIdentity}); this
 * adds the party id and the identity file. The private key never leaves this object but into a file
 * written by {@link #save}, readable by its owner only (0600).
 */
public final class SigningIdentity {
    public static final String ALGORITHM = GatewayIdentity.ALGORITHM;

    private final int id;
    private final GatewayIdentity key;
    private final PublicKey publicKey;

    private SigningIdentity(int id, GatewayIdentity key) {
        if (id < 0) {
            throw new IllegalArgumentException("party id must be >= 0 (0 = the coordinator), got " + id);
        }
        this.id = id;
        this.key = key;
        this.publicKey = GatewayIdentity.checkPublicKey(key.publicKey());
    }

    /** A fresh identity for party {@code id} (0 = the coordinator), keyed from a SecureRandom. */
    public static SigningIdentity generate(int id) {
        return new SigningIdentity(id, GatewayIdentity.generate());
    }

    public int id() {
        return id;
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** The Ed25519 signature (64 bytes) of {@code message}. */
    public byte[] sign(byte[] message) {
        return key.sign(message);
    }

    /**
     * Writes the identity as three lines, {@code id}, the base64 PKCS#8 private key and the base64
     * X.509 public key, to a new file readable by its owner only.
     */
    public void save(Path file) {
        byte[] text = (id + "\n" + Base64.getEncoder().encodeToString(key.privateKeyForLocalStorage()) + "\n"
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
            Base64.Decoder b64 = Base64.getDecoder();
            // fromEncoded checks that both decode as Ed25519 and that the public key belongs to the private one
            return new SigningIdentity(id, GatewayIdentity.fromEncoded(b64.decode(lines[1].strip()), b64.decode(lines[2].strip())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("identity file " + file + ": not an " + ALGORITHM + " key pair ("
                    + e.getMessage() + ")");
        }
    }

    @Override
    public String toString() {
        return "SigningIdentity(party " + id + ", " + Roster.fingerprint(publicKey) + ")"; // never the private key
    }
}

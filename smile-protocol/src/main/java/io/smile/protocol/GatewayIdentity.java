package io.smile.protocol;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A gateway's (or unit's) long-term Ed25519 identity (RFC 8032, the JDK's implementation): it signs
 * the {@link KeyRegistration}s it publishes, and the cloud pins its public key at the first one.
 * The public key travels as X.509 SubjectPublicKeyInfo bytes (44 bytes for Ed25519); the
 * static methods are what a verifier needs, with no private key. The private key leaves this
 * object only through {@link #privateKeyForLocalStorage()} (the owner's 0600 file).
 */
public final class GatewayIdentity {
    public static final String ALGORITHM = "Ed25519";
    /** Upper bound of an encoded public key (an Ed25519 SubjectPublicKeyInfo is 44 bytes). */
    public static final int MAX_PUBLIC_KEY_BYTES = 64;
    public static final int SIGNATURE_BYTES = 64;

    private final PrivateKey privateKey;
    private final byte[] publicKey;

    private GatewayIdentity(PrivateKey privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A fresh identity from a {@link SecureRandom}. */
    public static GatewayIdentity generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
            g.initialize(255, new SecureRandom());
            var kp = g.generateKeyPair();
            return new GatewayIdentity(kp.getPrivate(), kp.getPublic().getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + ALGORITHM, e);
        }
    }

    /**
     * An identity from its stored encodings (PKCS#8 private key, X.509 public key), refused with
     * {@link IllegalArgumentException} unless both decode as Ed25519 and belong together.
     */
    public static GatewayIdentity fromEncoded(byte[] pkcs8PrivateKey, byte[] x509PublicKey) {
        checkPublicKey(x509PublicKey);
        PrivateKey priv;
        try {
            priv = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8PrivateKey));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("not an " + ALGORITHM + " private key (" + e.getMessage() + ")");
        }
        GatewayIdentity id = new GatewayIdentity(priv, x509PublicKey.clone());
        byte[] probe = "SMiLe gateway identity probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        if (!verify(id.publicKey, probe, id.sign(probe))) {
            throw new IllegalArgumentException("the public key does not belong to the private key");
        }
        return id;
    }

    /** The X.509 SubjectPublicKeyInfo bytes of the public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The PKCS#8 encoding of the private key, for the owner's own 0600 file only. */
    public byte[] privateKeyForLocalStorage() {
        return privateKey.getEncoded();
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
     * Checks that {@code x509} is at most {@link #MAX_PUBLIC_KEY_BYTES} bytes and the canonical
     * X.509 encoding of an Ed25519 public key; returns the key.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static PublicKey checkPublicKey(byte[] x509) {
        if (x509 == null || x509.length == 0 || x509.length > MAX_PUBLIC_KEY_BYTES) {
            throw new IllegalArgumentException("identity key must be 1.." + MAX_PUBLIC_KEY_BYTES + " bytes, got "
                    + (x509 == null ? 0 : x509.length));
        }
        PublicKey key;
        try {
            key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("identity key is not an " + ALGORITHM + " public key");
        }
        // one key, one encoding: otherwise two byte strings would pin the same identity
        if (!Arrays.equals(key.getEncoded(), x509)) {
            throw new IllegalArgumentException("identity key is not in the canonical X.509 encoding");
        }
        return key;
    }

    /** Whether {@code signature} is a valid Ed25519 signature of {@code message} by the key {@code x509}. */
    public static boolean verify(byte[] x509, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(checkPublicKey(x509));
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false; // a malformed signature or key is simply not a valid signature
        }
    }

    /** SHA-256 hex of the public key bytes: how operators compare identities. */
    public static String fingerprint(byte[] x509) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(x509));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "GatewayIdentity(" + fingerprint(publicKey) + ")"; // never the private key
    }
}

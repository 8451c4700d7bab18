package io.smile.he.multiparty;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pairwise authenticated-encryption channel for Shamir dealings, JDK crypto only:
 * X25519 (static keys of dealer and recipient) -> HKDF-SHA256 (RFC 5869) -> AES-256-GCM with a
 * random 96-bit nonce. The AES key is bound to the direction (dealer, recipient), both public keys,
 * the parameter fingerprint and the setup protocol id; the message header (type, fingerprint,
 * protocol id, dealer, recipient) is the GCM associated data. Only a holder of the recipient's
 * (or the dealer's) X25519 private key can open or forge a dealing, provided the public transport
 * keys themselves were received authentically (assumed from the authenticated MQTT channel / PKI).
 */
final class DealingSeal {
    static final int NONCE_BYTES = 12;
    static final int TAG_BYTES = 16;
    private static final byte[] SALT = "SMiLe threshold dealing v1".getBytes(StandardCharsets.US_ASCII);

    private DealingSeal() {
    }

    static int overhead() {
        return NONCE_BYTES + TAG_BYTES;
    }

    static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("X25519");
            g.initialize(NamedParameterSpec.X25519, random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 unavailable", e);
        }
    }

    /** RFC 7748 encoding: the u-coordinate, 32 bytes little-endian. */
    static byte[] raw(PublicKey key) {
        byte[] be = ((XECPublicKey) key).getU().toByteArray();
        byte[] out = new byte[32];
        for (int i = 0; i < 32 && i < be.length; i++) {
            out[i] = be[be.length - 1 - i];
        }
        return out;
    }

    static PublicKey fromRaw(byte[] raw) throws GeneralSecurityException {
        byte[] be = new byte[32];
        for (int i = 0; i < 32; i++) {
            be[i] = raw[31 - i];
        }
        be[0] &= 0x7F; // RFC 7748: the top bit is ignored
        return KeyFactory.getInstance("XDH").generatePublic(
                new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
    }

    /** HKDF-SHA256 (RFC 5869): extract with the salt, then expand to len bytes. */
    static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int len) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
        byte[] prk = mac.doFinal(ikm);
        mac.init(new SecretKeySpec(prk, "HmacSHA256"));
        Arrays.fill(prk, (byte) 0);
        byte[] out = new byte[len];
        byte[] block = new byte[0];
        int pos = 0;
        for (int counter = 1; pos < len; counter++) {
            mac.update(block);
            mac.update(info);
            mac.update((byte) counter);
            block = mac.doFinal();
            int take = Math.min(block.length, len - pos);
            System.arraycopy(block, 0, out, pos, take);
            pos += take;
        }
        Arrays.fill(block, (byte) 0);
        return out;
    }

    /** info = fingerprint, protocol id, dealer, recipient, dealer key, recipient key (directional). */
    private static byte[] info(long fingerprint, long protocolId, int dealer, int recipient, byte[] dealerKey,
                               byte[] recipientKey) {
        byte[] label = "SMMP dealing AES-256-GCM".getBytes(StandardCharsets.US_ASCII);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(label.length + 8 + 8 + 4 + 4 + 64);
        b.put(label).putLong(fingerprint).putLong(protocolId).putInt(dealer).putInt(recipient)
                .put(dealerKey).put(recipientKey);
        return b.array();
    }

    private static SecretKeySpec aesKey(PrivateKey mine, byte[] peerRaw, byte[] info) throws GeneralSecurityException {
        KeyAgreement ka = KeyAgreement.getInstance("XDH");
        ka.init(mine);
        ka.doPhase(fromRaw(peerRaw), true);
        byte[] shared = ka.generateSecret(); // the JDK refuses an all-zero (small-order) result
        byte[] k = hkdf(SALT, shared, info, 32);
        Arrays.fill(shared, (byte) 0);
        return new SecretKeySpec(k, "AES");
    }

    /** nonce || AES-GCM(plaintext, aad) || tag, for the recipient. */
    static byte[] seal(long fingerprint, long protocolId, int dealer, int recipient, PrivateKey dealerPrivate,
                       byte[] dealerKey, byte[] recipientKey, byte[] aad, byte[] plaintext, SecureRandom random) {
        try {
            SecretKeySpec key = aesKey(dealerPrivate, recipientKey,
                    info(fingerprint, protocolId, dealer, recipient, dealerKey, recipientKey));
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(8 * TAG_BYTES, nonce));
            c.updateAAD(aad);
            byte[] ct = c.doFinal(plaintext);
            byte[] out = new byte[NONCE_BYTES + ct.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
            return out;
        } catch (InvalidAlgorithmParameterException e) {
            throw new IllegalStateException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot seal a dealing to party " + recipient + ": " + e.getMessage(), e);
        }
    }

    /** Opens a dealing; any failure (bad key, tag, associated data) is a format error naming the dealer. */
    static byte[] open(long fingerprint, long protocolId, int dealer, int recipient, PrivateKey recipientPrivate,
                       byte[] dealerKey, byte[] recipientKey, byte[] aad, byte[] sealed) {
        if (sealed.length < overhead()) {
            throw new MultipartyFormatException(dealer, "sealed dealing of " + sealed.length + " bytes", null);
        }
        try {
            SecretKeySpec key = aesKey(recipientPrivate, dealerKey,
                    info(fingerprint, protocolId, dealer, recipient, dealerKey, recipientKey));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(8 * TAG_BYTES, sealed, 0, NONCE_BYTES));
            c.updateAAD(aad);
            return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new MultipartyFormatException(dealer, "sealed dealing to party " + recipient
                    + " does not authenticate (tampered, or not sealed to this party): " + e.getClass().getSimpleName(), e);
        }
    }
}

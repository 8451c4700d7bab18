package io.smile.federation.identity;

import io.smile.protocol.GatewayIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The enrolled signing keys of one federation: party id (0 = the coordinator) → Ed25519 public key,
 * exchanged out of band (a members file each site and the cloud hold). Every receiver verifies every
 * signed protocol message against it, so a key the roster does not list cannot speak for any party.
 *
 * <p>Text form, one party a line ({@code #} starts a comment):
 * {@code <id> <base64 X.509 SubjectPublicKeyInfo>}; {@link #fingerprint} is a SHA-256 of the key
 * for humans comparing rosters.
 */
public final class Roster {
    public static final int COORDINATOR = 0;

    private final SortedMap<Integer, PublicKey> keys;

    public Roster(Map<Integer, PublicKey> keys) {
        for (Map.Entry<Integer, PublicKey> k : keys.entrySet()) {
            if (k.getKey() == null || k.getKey() < 0 || k.getValue() == null) {
                throw new IllegalArgumentException("roster entries are ids >= 0 with a key, got " + k);
            }
            if (!SigningIdentity.ALGORITHM.equalsIgnoreCase(k.getValue().getAlgorithm())
                    && !"EdDSA".equalsIgnoreCase(k.getValue().getAlgorithm())) {
                throw new IllegalArgumentException("party " + k.getKey() + ": not an Ed25519 key ("
                        + k.getValue().getAlgorithm() + ")");
            }
        }
        this.keys = new TreeMap<>(keys);
    }

    /** The roster of these identities' public keys (tests, {@code LocalFederation}). */
    public static Roster of(Collection<SigningIdentity> identities) {
        SortedMap<Integer, PublicKey> m = new TreeMap<>();
        for (SigningIdentity i : identities) {
            if (m.put(i.id(), i.publicKey()) != null) {
                throw new IllegalArgumentException("party " + i.id() + " listed twice");
            }
        }
        return new Roster(m);
    }

    /** Throws unless the roster lists the coordinator and exactly {@code members}. */
    public void requireParties(Collection<Integer> members) {
        TreeMap<Integer, PublicKey> expected = new TreeMap<>();
        for (int m : members) {
            expected.put(m, null);
        }
        expected.put(COORDINATOR, null);
        if (!expected.keySet().equals(keys.keySet())) {
            throw new IllegalArgumentException("the roster lists parties " + keys.keySet() + ", the federation has "
                    + "the coordinator (0) and members " + members);
        }
    }

    /** Throws unless {@code identity}'s public key is the one enrolled for its id. */
    public void requireEnrolled(SigningIdentity identity) {
        PublicKey k = keys.get(identity.id());
        if (k == null || !MessageDigest.isEqual(k.getEncoded(), identity.publicKey().getEncoded())) {
            throw new IllegalArgumentException("the signing identity of party " + identity.id()
                    + " is not the key the roster enrols for it");
        }
    }

    public boolean contains(int id) {
        return keys.containsKey(id);
    }

    /** True iff {@code signature} is party {@code id}'s Ed25519 signature of {@code message}. */
    public boolean verify(int id, byte[] message, byte[] signature) {
        PublicKey k = keys.get(id);
        return k != null && verify(k, message, signature);
    }

    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        return GatewayIdentity.verify(key.getEncoded(), message, signature);
    }

    public SortedMap<Integer, PublicKey> keys() {
        return new TreeMap<>(keys);
    }

    /** {@code SHA256:} and the unpadded base64 of the SHA-256 of the key's X.509 encoding. */
    public static String fingerprint(PublicKey key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(h);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String encode(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /** An Ed25519 public key from its base64 X.509 SubjectPublicKeyInfo. */
    public static PublicKey decode(String base64) {
        try {
            return GatewayIdentity.checkPublicKey(Base64.getDecoder().decode(base64.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a base64 X.509 Ed25519 public key: " + e.getMessage());
        }
    }

    /** The text form (see the class comment). */
    public String format() {
        StringBuilder sb = new StringBuilder("# SMiLe federation roster: party id (0 = coordinator), "
                + "Ed25519 public key (base64 X.509), fingerprint\n");
        keys.forEach((id, k) -> sb.append(id).append(' ').append(encode(k)).append("  # ").append(fingerprint(k))
                .append('\n'));
        return sb.toString();
    }

    /** Parses the text form; every bad line is named. */
    public static Roster parse(String text) {
        SortedMap<Integer, PublicKey> m = new TreeMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            line = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            if (f.length != 2) {
                throw new IllegalArgumentException("roster line " + (i + 1) + ": expected '<id> <public key>'");
            }
            int id;
            try {
                id = Integer.parseInt(f[0]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("roster line " + (i + 1) + ": '" + f[0] + "' is not a party id");
            }
            PublicKey k;
            try {
                k = decode(f[1]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("roster line " + (i + 1) + ": " + e.getMessage());
            }
            if (m.put(id, k) != null) {
                throw new IllegalArgumentException("roster line " + (i + 1) + ": party " + id + " listed twice");
            }
        }
        return new Roster(m);
    }

    public static Roster load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the roster " + file, e);
        }
    }
}

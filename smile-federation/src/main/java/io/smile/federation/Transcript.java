package io.smile.federation;

import io.smile.federation.identity.Roster;
import io.smile.protocol.codec.MessageWriter;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.SortedMap;

/**
 * The hashes that bind the protocol's messages to what they build on, and the opening of a relayed
 * message (another party's signed {@link Envelope}, carried whole inside the relaying message).
 *
 * <ul>
 *   <li>{@link #ofMembers} with {@code "crs-commitments"}: over every member's HELLO commitment to its
 *       CRS seed share ({@link #crsCommitment}); KEYS_START and the reveals depend on it. The CRS seed
 *       is {@link #crsSeed} of the revealed seeds.</li>
 *   <li>{@link #ckgContext}: the CRS seed and CKG protocol id; every CKG share depends on it.</li>
 *   <li>{@link #ofMembers} with {@code "ckg-shares"}: the key hash, over every member's CKG share;
 *       transport keys and contributions depend on it (they are made for this collective key).</li>
 *   <li>{@code "transport-keys"}: over every member's transport key; dealings, setup reports and the
 *       setup's completion depend on it, so that every member deals to the same keys.</li>
 *   <li>{@code "aggregate"} for round r: over the sorted (member, ciphertexts) of the round's
 *       contributions; the aggregate, every decryption share and the result depend on it. One round has
 *       one such hash: its one sum.</li>
 * </ul>
 */
final class Transcript {
    private Transcript() {
    }

    static byte[] sha256(byte[] in) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(in);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A member's commitment to its CRS seed share: SHA-256 of a domain string, the federation, its id and the seed. */
    static byte[] crsCommitment(String federation, int member, byte[] seed) {
        return sha256(new MessageWriter().str8("SMiLe crs commitment").str8(federation).i32(member).blob(seed).toBytes());
    }

    /** The jointly derived CRS seed: SHA-256 of a domain string, the federation and every revealed seed in member order. */
    static byte[] crsSeed(String federation, SortedMap<Integer, byte[]> reveals) {
        MessageWriter w = new MessageWriter().str8("SMiLe crs").str8(federation).i32(reveals.size());
        reveals.forEach((m, s) -> w.i32(m).blob(s));
        return sha256(w.toBytes());
    }

    static byte[] ckgContext(String federation, byte[] crsSeed, long protocol) {
        return sha256(new MessageWriter().str8("SMiLe ckg context").str8(federation).blob(crsSeed).i64(protocol).toBytes());
    }

    /** SHA-256 over a label, the federation, the round and the sorted (member, SHA-256(bytes)) list. */
    static byte[] ofMembers(String label, String federation, int round, SortedMap<Integer, byte[]> byMember) {
        MessageWriter w = new MessageWriter(64 + 40 * byMember.size()).str8("SMiLe " + label).str8(federation).i32(round)
                .i32(byMember.size());
        for (Map.Entry<Integer, byte[]> e : byMember.entrySet()) {
            w.i32(e.getKey()).blob(sha256(e.getValue()));
        }
        return sha256(w.toBytes());
    }

    static String hex(byte[] hash) {
        return java.util.HexFormat.of().formatHex(hash, 0, 6);
    }

    /**
     * Opens the message listed under {@code author} in a relaying message: it must be a signed
     * {@code kind} of this federation by that author for {@code round}, building on {@code dependsOn}.
     * Each failure names the author and what is wrong.
     */
    static Envelope openRelayed(byte[] bytes, Roster roster, String federation, Envelope.Kind kind, int author, int round,
                                byte[] dependsOn) {
        String who = "member " + author + "'s " + kind;
        Envelope e;
        try {
            e = Envelope.decode(bytes);
        } catch (FederationFormatException x) {
            throw new IllegalArgumentException("relayed " + who + " is malformed: " + x.getMessage());
        }
        if (e.kind() != kind) {
            throw new IllegalArgumentException("the " + kind + " listed under member " + author + " is a " + e.kind());
        }
        if (!e.federation().equals(federation)) {
            throw new IllegalArgumentException(who + " was signed for federation " + e.federation() + " (replayed)");
        }
        if (e.member() != author) {
            throw new IllegalArgumentException("the " + kind + " listed under member " + author + " is by party "
                    + e.member() + " (re-attributed)");
        }
        e.verify(roster);
        if (e.round() != round) {
            throw new IllegalArgumentException(who + " was signed for round " + e.round() + ", this is round " + round
                    + " (replayed)");
        }
        if (!e.dependsOn(dependsOn)) {
            throw new IllegalArgumentException(who + " builds on another transcript (depends-on " + hex(e.dependsOn())
                    + ", expected " + hex(dependsOn) + ")");
        }
        return e;
    }
}

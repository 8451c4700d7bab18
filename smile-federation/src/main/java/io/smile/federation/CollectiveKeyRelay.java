package io.smile.federation;

import io.smile.he.multiparty.Collective;
import io.smile.he.multiparty.CommonReferenceString;
import io.smile.he.multiparty.ShareAggregator;
import io.smile.he.multiparty.ShareType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Coordinator, first phases: the CRS coin toss and the collective key generation, relaying only.
 * Every member's HELLO carries its commitment to a random 32-byte seed; once all have joined, the
 * coordinator relays every signed HELLO (KEYS_START), then every signed reveal (CRS_REVEALS); the CRS
 * seed is the hash of all revealed seeds in member order, so no party, the coordinator least, chooses
 * it (a reveal that does not match its commitment ends the run). Then it collects the members' signed
 * CKG shares and, once they combine, relays them all so that every member derives (and checks) the
 * same collective public key.
 */
final class CollectiveKeyRelay {
    private final CoordinatorChannel ch;
    private final SortedMap<Integer, byte[]> commitments = new TreeMap<>();
    private final SortedMap<Integer, byte[]> signedHellos = new TreeMap<>();
    private final SortedMap<Integer, byte[]> reveals = new TreeMap<>();
    private final SortedMap<Integer, byte[]> signedReveals = new TreeMap<>();
    private final SortedMap<Integer, byte[]> shares = new TreeMap<>();
    private final SortedMap<Integer, byte[]> signedShares = new TreeMap<>();
    private byte[] commitmentsHash;
    private byte[] ckgContext;
    private CommonReferenceString crs;
    private ShareAggregator ckg;

    CollectiveKeyRelay(CoordinatorChannel ch) {
        this.ch = ch;
    }

    /** A member's signed HELLO with its seed commitment; true once every member has joined. */
    boolean onHello(int sender, Envelope e) {
        if (e.payload().length != Envelope.HASH_BYTES) {
            throw new IllegalArgumentException("HELLO must carry a " + Envelope.HASH_BYTES + "-byte CRS seed commitment");
        }
        if (signedHellos.containsKey(sender)) {
            throw new IllegalArgumentException("second HELLO");
        }
        commitments.put(sender, e.payload());
        signedHellos.put(sender, e.encode());
        return commitments.keySet().containsAll(ch.members);
    }

    List<Integer> absent() {
        List<Integer> absent = new ArrayList<>(ch.members);
        absent.removeAll(commitments.keySet());
        return absent;
    }

    /** Opens the coin toss: KEYS_START relays every member's commitment. */
    void startKeyGeneration() {
        commitmentsHash = Transcript.ofMembers("crs-commitments", ch.federation, 0, commitments);
        ch.publish(ch.topics.keysStart(), Envelope.Kind.KEYS_START, 0, 0, commitmentsHash,
                Payloads.keysStart(new Payloads.KeysStart(Topics.CKG_PROTOCOL, signedHellos)));
    }

    /** A member's signed reveal; once all are in (each matching its commitment), relays them all. */
    void onReveal(int sender, Envelope e) {
        if (!e.dependsOn(commitmentsHash)) {
            throw new IllegalArgumentException("CRS reveal for another set of commitments");
        }
        if (reveals.containsKey(sender)) {
            throw new IllegalArgumentException("second CRS reveal");
        }
        if (!java.security.MessageDigest.isEqual(Transcript.crsCommitment(ch.federation, sender, e.payload()),
                commitments.get(sender))) {
            ch.fail("CRS coin toss: member " + sender + "'s reveal does not match its commitment");
            return;
        }
        reveals.put(sender, e.payload());
        signedReveals.put(sender, e.encode());
        if (reveals.size() == ch.members.size()) {
            byte[] seed = Transcript.crsSeed(ch.federation, reveals);
            crs = new CommonReferenceString(seed);
            ckgContext = Transcript.ckgContext(ch.federation, seed, Topics.CKG_PROTOCOL);
            ckg = ShareAggregator.forKeys(ch.ctx, ShareType.CKG, Topics.CKG_PROTOCOL, 0, ch.members);
            ch.publish(ch.topics.crsReveals(), Envelope.Kind.CRS_REVEALS, 0, 0, commitmentsHash,
                    Payloads.byMember(signedReveals));
        }
    }

    /** Keeps a signed CKG share; once all are in and combine, relays them and returns true. */
    boolean onShare(int sender, Envelope e) {
        if (ckg == null) {
            throw new IllegalStateException("CKG share before the CRS is known");
        }
        if (!e.dependsOn(ckgContext)) {
            throw new IllegalArgumentException("CKG share for another CRS or protocol");
        }
        ckg.add(sender, e.payload()); // decodes and checks; names the sender on refusal
        shares.put(sender, e.payload());
        signedShares.put(sender, e.encode());
        if (!ckg.isComplete()) {
            return false;
        }
        ch.publicKey = Collective.publicKey(ch.ctx, crs, ckg.combine()); // it combines; attempts are re-randomized under it
        ch.keyHash = Transcript.ofMembers("ckg-shares", ch.federation, 0, shares);
        ch.publish(ch.topics.publicKey(), Envelope.Kind.PUBLIC_KEY, 0, 0, ch.keyHash, Payloads.byMember(signedShares));
        return true;
    }

    /** What the key deadline still waits for. */
    String missing() {
        Set<Integer> m = new TreeSet<>(ch.members);
        if (reveals.size() < ch.members.size()) {
            m.removeAll(reveals.keySet());
            return "no CRS reveal from member(s) " + m;
        }
        return "no CKG share from member(s) " + ckg.missing();
    }
}

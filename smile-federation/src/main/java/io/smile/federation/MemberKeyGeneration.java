package io.smile.federation;

import io.smile.he.bgv.Encryptor;
import io.smile.he.multiparty.Collective;
import io.smile.he.multiparty.CommonReferenceString;
import io.smile.he.multiparty.Party;
import io.smile.he.multiparty.ShareAggregator;
import io.smile.he.multiparty.ShareType;
import io.smile.he.rlwe.PublicKey;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Member, first phase. The CRS is a coin toss (commit, then reveal): this member's HELLO commits to
 * a fresh random 32-byte seed share; once the coordinator has relayed every member's signed
 * commitment, it reveals its seed; once it has every signed reveal, each matching its author's
 * commitment, the CRS seed is the hash of all revealed seeds in member order. No party chooses it:
 * each committed before seeing the others' seeds, and a reveal that does not match its commitment
 * (or is not its author's) aborts the key generation here, named. Then this member answers with its
 * signed CKG share, and derives the collective public key itself from every member's signed share
 * as relayed (each verified against the roster, its own listed unaltered).
 */
final class MemberKeyGeneration {
    private final MemberChannel ch;
    private final Party party;
    private final byte[] seed = new byte[32];
    private byte[] myHello;
    private byte[] myReveal;
    private SortedMap<Integer, byte[]> commitments;
    private byte[] commitmentsHash;
    private CommonReferenceString crs;
    private long protocol;
    private byte[] myShare;
    private byte[] ckgContext;
    private Encryptor encryptor;

    MemberKeyGeneration(MemberChannel ch, Party party) {
        this.ch = ch;
        this.party = party;
    }

    /** Publishes HELLO, committing to this member's seed share (drawn from a CSPRNG). */
    void hello() {
        new SecureRandom().nextBytes(seed);
        myHello = ch.publish(ch.topics.hello(ch.id), Envelope.Kind.HELLO, 0, 0, Envelope.NOTHING,
                Transcript.crsCommitment(ch.federation, ch.id, seed));
    }

    /** Every member's signed commitment: check them, then reveal. */
    void onKeysStart(String topic, Envelope e) {
        MemberChannel.expectTopic(topic, ch.topics.keysStart(), e);
        if (commitments != null) {
            throw new IllegalStateException("key generation already started");
        }
        Payloads.KeysStart k = Payloads.readKeysStart(e.payload());
        if (!k.commitments().keySet().equals(new TreeSet<>(ch.members))) {
            throw new IllegalArgumentException("CRS commitments from " + k.commitments().keySet() + ", expected every member "
                    + ch.members);
        }
        if (!Arrays.equals(k.commitments().get(ch.id), myHello)) {
            throw new IllegalArgumentException("the CRS commitment listed for me is not mine");
        }
        SortedMap<Integer, byte[]> c = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> h : k.commitments().entrySet()) {
            byte[] commitment = Transcript.openRelayed(h.getValue(), ch.roster, ch.federation, Envelope.Kind.HELLO,
                    h.getKey(), 0, Envelope.NOTHING).payload();
            if (commitment.length != Envelope.HASH_BYTES) {
                throw new IllegalArgumentException("member " + h.getKey() + "'s CRS commitment is not a hash");
            }
            c.put(h.getKey(), commitment);
        }
        byte[] hash = Transcript.ofMembers("crs-commitments", ch.federation, 0, c);
        MemberChannel.expectDependsOn(e, hash, "set of CRS commitments");
        commitments = c;
        commitmentsHash = hash;
        protocol = k.protocolId();
        myReveal = ch.publish(ch.topics.crsReveal(ch.id), Envelope.Kind.CRS_REVEAL, 0, 0, commitmentsHash, seed.clone());
    }

    /** Every member's signed reveal: check each against its commitment, derive the CRS, send the CKG share. */
    void onReveals(String topic, Envelope e) {
        MemberChannel.expectTopic(topic, ch.topics.crsReveals(), e);
        if (commitments == null || crs != null) {
            throw new IllegalStateException("CRS reveals not expected now");
        }
        MemberChannel.expectDependsOn(e, commitmentsHash, "set of CRS commitments");
        SortedMap<Integer, byte[]> signed = Payloads.readByMember(e.payload());
        if (!signed.keySet().equals(new TreeSet<>(ch.members))) {
            throw new IllegalArgumentException("CRS reveals from " + signed.keySet() + ", expected every member " + ch.members);
        }
        if (!Arrays.equals(signed.get(ch.id), myReveal)) {
            throw new IllegalArgumentException("the CRS reveal listed for me is not mine");
        }
        SortedMap<Integer, byte[]> seeds = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> r : signed.entrySet()) {
            byte[] s = Transcript.openRelayed(r.getValue(), ch.roster, ch.federation, Envelope.Kind.CRS_REVEAL, r.getKey(), 0,
                    commitmentsHash).payload();
            if (!MessageDigest.isEqual(Transcript.crsCommitment(ch.federation, r.getKey(), s), commitments.get(r.getKey()))) {
                throw new IllegalArgumentException("CRS coin toss aborted: member " + r.getKey()
                        + "'s reveal does not match its commitment");
            }
            seeds.put(r.getKey(), s);
        }
        byte[] crsSeed = Transcript.crsSeed(ch.federation, seeds);
        crs = new CommonReferenceString(crsSeed);
        ckgContext = Transcript.ckgContext(ch.federation, crsSeed, protocol);
        myShare = ch.publish(ch.topics.ckg(ch.id), Envelope.Kind.CKG_SHARE, 0, 0, ckgContext,
                ch.codec.encode(party.ckgShare(protocol, crs)));
    }

    void onPublicKey(String topic, Envelope e) {
        MemberChannel.expectTopic(topic, ch.topics.publicKey(), e);
        if (crs == null || encryptor != null) {
            throw new IllegalStateException("public key not expected now");
        }
        SortedMap<Integer, byte[]> signed = Payloads.readByMember(e.payload());
        if (!signed.keySet().equals(new TreeSet<>(ch.members))) {
            throw new IllegalArgumentException("CKG shares from " + signed.keySet() + ", expected every member " + ch.members);
        }
        if (!Arrays.equals(signed.get(ch.id), myShare)) {
            throw new IllegalArgumentException("the CKG share listed for me is not mine");
        }
        SortedMap<Integer, byte[]> shares = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> s : signed.entrySet()) {
            shares.put(s.getKey(), Transcript.openRelayed(s.getValue(), ch.roster, ch.federation, Envelope.Kind.CKG_SHARE,
                    s.getKey(), 0, ckgContext).payload());
        }
        byte[] keyHash = Transcript.ofMembers("ckg-shares", ch.federation, 0, shares);
        MemberChannel.expectDependsOn(e, keyHash, "set of CKG shares");
        ShareAggregator agg = ShareAggregator.forKeys(ch.ctx, ShareType.CKG, protocol, 0, ch.members);
        for (Map.Entry<Integer, byte[]> s : shares.entrySet()) {
            agg.add(s.getKey(), s.getValue());
        }
        PublicKey pk = Collective.publicKey(ch.ctx, crs, agg.combine());
        ch.keyHash = keyHash;
        publicKey = pk;
        encryptor = Encryptor.withPublicKey(ch.ctx, pk);
    }

    /** The collective public key (public material; every attempt's re-randomization uses it); null before it is known. */
    PublicKey publicKey() {
        return publicKey;
    }

    private PublicKey publicKey;

    /** The encryptor under the collective public key; null before it is known. */
    Encryptor encryptor() {
        return encryptor;
    }
}

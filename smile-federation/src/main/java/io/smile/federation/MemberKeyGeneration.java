package io.smile.federation;

import io.smile.he.bgv.Encryptor;
import io.smile.he.multiparty.Collective;
import io.smile.he.multiparty.CommonReferenceString;
import io.smile.he.multiparty.Party;
import io.smile.he.multiparty.ShareAggregator;
import io.smile.he.multiparty.ShareType;
import io.smile.he.rlwe.PublicKey;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;

/**
 * Member, first phase: answers the coordinator's CRS with this member's CKG share, then derives
 * the collective public key from every member's share (checking that its own is listed unaltered).
 */
final class MemberKeyGeneration {
    private final MemberChannel ch;
    private final Party party;
    private CommonReferenceString crs;
    private long protocol;
    private byte[] myShare;
    private Encryptor encryptor;

    MemberKeyGeneration(MemberChannel ch, Party party) {
        this.ch = ch;
        this.party = party;
    }

    void onKeysStart(String topic, Envelope e) {
        MemberChannel.expectTopic(topic, ch.topics.keysStart(), e);
        if (crs != null) {
            throw new IllegalStateException("key generation already started");
        }
        Payloads.KeysStart k = Payloads.readKeysStart(e.payload());
        if (k.crsSeed().length != 32) {
            throw new FederationFormatException("CRS seed must be 32 bytes");
        }
        crs = new CommonReferenceString(k.crsSeed());
        protocol = k.protocolId();
        myShare = ch.codec.encode(party.ckgShare(protocol, crs));
        ch.publish(ch.topics.ckg(ch.id), Envelope.Kind.CKG_SHARE, 0, myShare);
    }

    void onPublicKey(String topic, Envelope e) {
        MemberChannel.expectTopic(topic, ch.topics.publicKey(), e);
        if (crs == null || encryptor != null) {
            throw new IllegalStateException("public key not expected now");
        }
        SortedMap<Integer, byte[]> shares = Payloads.readByMember(e.payload());
        if (!shares.keySet().equals(new TreeSet<>(ch.members))) {
            throw new IllegalArgumentException("CKG shares from " + shares.keySet() + ", expected every member " + ch.members);
        }
        if (!Arrays.equals(shares.get(ch.id), myShare)) {
            throw new IllegalArgumentException("the CKG share listed for me is not mine");
        }
        ShareAggregator agg = ShareAggregator.forKeys(ch.ctx, ShareType.CKG, protocol, 0, ch.members);
        for (Map.Entry<Integer, byte[]> s : shares.entrySet()) {
            agg.add(s.getKey(), s.getValue());
        }
        PublicKey pk = Collective.publicKey(ch.ctx, crs, agg.combine());
        encryptor = Encryptor.withPublicKey(ch.ctx, pk);
    }

    /** The encryptor under the collective public key; null before it is known. */
    Encryptor encryptor() {
        return encryptor;
    }
}

package io.smile.federation;

import io.smile.he.multiparty.Party;
import io.smile.he.multiparty.ThresholdParty;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Member, between the CKG and round 0: Shamir-shares this member's key share with the others. It
 * publishes its X25519 transport key, accepts the peers' (relayed), deals sealed shares to each,
 * opens the dealings sealed to it, and reports ready or the members whose messages it refused.
 */
final class MemberThresholdSetup {
    private final MemberChannel ch;
    private final Party party;
    private ThresholdParty thresholdParty;
    private boolean reported;

    MemberThresholdSetup(MemberChannel ch, Party party) {
        this.ch = ch;
        this.party = party;
    }

    /** Once the public key is known: this member's threshold party, and its transport key to all. */
    void begin() {
        thresholdParty = new ThresholdParty(party, ch.threshold, ch.members, Topics.SETUP_PROTOCOL);
        ch.publish(ch.topics.transportKey(ch.id), Envelope.Kind.TRANSPORT_KEY, 0, thresholdParty.transportKeyMessage());
    }

    /** Every member's transport key (relayed): accept the peers' keys, then deal. */
    void onTransportKeys(String topic, Envelope e) {
        MemberChannel.expectTopic(topic, ch.topics.transportKeys(), e);
        if (thresholdParty == null || thresholdParty.missingTransportKeys().isEmpty()) {
            throw new IllegalStateException("transport keys not expected now");
        }
        SortedMap<Integer, byte[]> keys = Payloads.readByMember(e.payload());
        if (!keys.keySet().equals(new TreeSet<>(ch.members))) {
            throw new IllegalArgumentException("transport keys from " + keys.keySet() + ", expected every member " + ch.members);
        }
        if (!Arrays.equals(keys.get(ch.id), thresholdParty.transportKeyMessage())) {
            throw new IllegalArgumentException("the transport key listed for me is not mine");
        }
        SortedMap<Integer, byte[]> refused = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> k : keys.entrySet()) {
            if (k.getKey() != ch.id) {
                try {
                    thresholdParty.acceptTransportKey(k.getKey(), k.getValue());
                } catch (RuntimeException x) {
                    refused.put(k.getKey(), ("transport key: " + x.getMessage()).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        if (!refused.isEmpty()) {
            report(refused);
            return;
        }
        ch.publish(ch.topics.dealing(ch.id), Envelope.Kind.DEALINGS, 0, Payloads.byMember(new TreeMap<>(thresholdParty.deal())));
    }

    /** The dealings sealed to this member (relayed), by dealer: open them; report completion or the refused dealers. */
    void onDealings(String topic, Envelope e) {
        MemberChannel.expectTopic(topic, ch.topics.dealingsFor(ch.id), e);
        if (thresholdParty == null || reported || !thresholdParty.missingTransportKeys().isEmpty()) {
            throw new IllegalStateException("dealings not expected now");
        }
        SortedMap<Integer, byte[]> dealings = Payloads.readByMember(e.payload());
        TreeSet<Integer> others = new TreeSet<>(ch.members);
        others.remove(ch.id);
        if (!dealings.keySet().equals(others)) {
            throw new IllegalArgumentException("dealings from " + dealings.keySet() + ", expected every other member " + others);
        }
        SortedMap<Integer, byte[]> refused = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> d : dealings.entrySet()) {
            try {
                thresholdParty.receiveDealing(d.getKey(), d.getValue());
            } catch (RuntimeException x) {
                String reason = x.getMessage() != null ? x.getMessage() : x.toString();
                refused.put(d.getKey(), ("dealing: " + reason).getBytes(StandardCharsets.UTF_8));
                ch.recordRejection(new Rejection("member " + d.getKey(), topic, "dealing refused: " + reason));
                ch.log.accept("member " + ch.id + ": refused the dealing of member " + d.getKey() + ": " + reason);
            }
        }
        if (refused.isEmpty() && !thresholdParty.isSetupComplete()) {
            throw new IllegalStateException("setup incomplete after every dealing: " + thresholdParty.missingDealings());
        }
        report(refused);
    }

    /** SETUP_READY: an empty map = my Shamir share is ready; otherwise the refused members with the reasons. */
    private void report(SortedMap<Integer, byte[]> refused) {
        reported = true;
        ch.publish(ch.topics.ready(ch.id), Envelope.Kind.SETUP_READY, 0, Payloads.byMember(refused));
    }

    boolean isComplete() {
        return thresholdParty != null && thresholdParty.isSetupComplete();
    }

    /** This member's threshold party (its Shamir share); null before {@link #begin}. */
    ThresholdParty party() {
        return thresholdParty;
    }

    /** Destroys the key material: the threshold party once it exists (it owns the party), else the party. */
    void destroy() {
        if (thresholdParty != null) {
            thresholdParty.destroy();
        } else {
            party.destroy();
        }
    }
}

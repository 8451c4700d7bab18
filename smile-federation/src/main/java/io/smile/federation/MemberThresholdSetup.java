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
 * publishes its signed X25519 transport key, accepts the peers' (relayed as their own signed
 * messages, each verified against the roster), deals sealed and signed shares to each, opens the
 * dealings sealed to it, and reports ready or the members whose messages it refused. A transport key
 * it cannot verify ends its setup: it reports it and deals to no one, so a broker that substitutes
 * its own X25519 keys receives no dealing it could open.
 */
final class MemberThresholdSetup {
    private final MemberChannel ch;
    private final Party party;
    private ThresholdParty thresholdParty;
    private boolean reported;
    private byte[] myTransportKey;

    MemberThresholdSetup(MemberChannel ch, Party party) {
        this.ch = ch;
        this.party = party;
    }

    /** Once the public key is known: this member's threshold party, and its transport key to all. */
    void begin() {
        thresholdParty = new ThresholdParty(party, ch.threshold, ch.members, Topics.SETUP_PROTOCOL);
        myTransportKey = ch.publish(ch.topics.transportKey(ch.id), Envelope.Kind.TRANSPORT_KEY, 0, 0, ch.keyHash,
                thresholdParty.transportKeyMessage());
    }

    /** Every member's transport key (relayed): accept the peers' keys, then deal. */
    void onTransportKeys(String topic, Envelope e) {
        MemberChannel.expectTopic(topic, ch.topics.transportKeys(), e);
        if (thresholdParty == null || thresholdParty.missingTransportKeys().isEmpty()) {
            throw new IllegalStateException("transport keys not expected now");
        }
        SortedMap<Integer, byte[]> signed = Payloads.readByMember(e.payload());
        if (!signed.keySet().equals(new TreeSet<>(ch.members))) {
            throw new IllegalArgumentException("transport keys from " + signed.keySet() + ", expected every member " + ch.members);
        }
        if (!Arrays.equals(signed.get(ch.id), myTransportKey)) {
            throw new IllegalArgumentException("the transport key listed for me is not mine");
        }
        SortedMap<Integer, byte[]> keys = new TreeMap<>();
        SortedMap<Integer, byte[]> refused = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> k : signed.entrySet()) {
            try {
                byte[] key = Transcript.openRelayed(k.getValue(), ch.roster, ch.federation, Envelope.Kind.TRANSPORT_KEY,
                        k.getKey(), 0, ch.keyHash).payload();
                keys.put(k.getKey(), key);
                if (k.getKey() != ch.id) {
                    thresholdParty.acceptTransportKey(k.getKey(), key);
                }
            } catch (RuntimeException x) {
                refuse(refused, topic, k.getKey(), "transport key", x);
            }
        }
        if (refused.isEmpty()) {
            ch.transportHash = Transcript.ofMembers("transport-keys", ch.federation, 0, keys);
            if (!e.dependsOn(ch.transportHash)) {
                refuse(refused, topic, Envelope.COORDINATOR, "transport keys",
                        new IllegalArgumentException("TRANSPORT_KEYS names another set of transport keys"));
            }
        }
        if (!refused.isEmpty()) {
            ch.log.accept("member " + ch.id + ": threshold setup aborted, no dealing sent: refused " + refused.keySet());
            report(refused);
            return;
        }
        SortedMap<Integer, byte[]> sealed = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> d : new TreeMap<>(thresholdParty.deal()).entrySet()) {
            // each dealing signed on its own: the coordinator relays it to its recipient unchanged
            SortedMap<Integer, byte[]> one = new TreeMap<>();
            one.put(d.getKey(), d.getValue());
            sealed.put(d.getKey(), ch.sign(Envelope.Kind.DEALINGS, 0, 0, ch.transportHash, Payloads.byMember(one)).encode());
        }
        ch.publish(ch.topics.dealing(ch.id), Envelope.Kind.DEALINGS, 0, 0, ch.transportHash, Payloads.byMember(sealed));
    }

    private void refuse(SortedMap<Integer, byte[]> refused, String topic, int from, String what, RuntimeException x) {
        String reason = x.getMessage() != null ? x.getMessage() : x.toString();
        refused.put(from, (what + ": " + reason).getBytes(StandardCharsets.UTF_8));
        ch.recordRejection(new Rejection(from == Envelope.COORDINATOR ? "coordinator" : "member " + from, topic,
                what + " refused: " + reason));
        ch.log.accept("member " + ch.id + ": refused the " + what + " of " + (from == 0 ? "the coordinator" : "member " + from)
                + ": " + reason);
    }

    /** The dealings sealed to this member (relayed), by dealer: open them; report completion or the refused dealers. */
    void onDealings(String topic, Envelope e) {
        MemberChannel.expectTopic(topic, ch.topics.dealingsFor(ch.id), e);
        if (thresholdParty == null || reported || !thresholdParty.missingTransportKeys().isEmpty()) {
            throw new IllegalStateException("dealings not expected now");
        }
        MemberChannel.expectDependsOn(e, ch.transportHash, "set of transport keys");
        SortedMap<Integer, byte[]> dealings = Payloads.readByMember(e.payload());
        TreeSet<Integer> others = new TreeSet<>(ch.members);
        others.remove(ch.id);
        if (!dealings.keySet().equals(others)) {
            throw new IllegalArgumentException("dealings from " + dealings.keySet() + ", expected every other member " + others);
        }
        SortedMap<Integer, byte[]> refused = new TreeMap<>();
        for (Map.Entry<Integer, byte[]> d : dealings.entrySet()) {
            try {
                SortedMap<Integer, byte[]> one = Payloads.readByMember(Transcript.openRelayed(d.getValue(), ch.roster,
                        ch.federation, Envelope.Kind.DEALINGS, d.getKey(), 0, ch.transportHash).payload());
                if (!one.keySet().equals(java.util.Set.of(ch.id))) {
                    throw new IllegalArgumentException("the dealing relayed to me was signed for member(s) " + one.keySet());
                }
                thresholdParty.receiveDealing(d.getKey(), one.get(ch.id));
            } catch (RuntimeException x) {
                refuse(refused, topic, d.getKey(), "dealing", x);
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
        ch.publish(ch.topics.ready(ch.id), Envelope.Kind.SETUP_READY, 0, 0,
                ch.transportHash != null ? ch.transportHash : ch.keyHash, Payloads.byMember(refused));
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

package io.smile.federation;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Coordinator, between the CKG and round 0: relays every member's signed X25519 transport key to
 * all, then each member's signed, sealed Shamir dealings to their recipients (it cannot open them),
 * and waits until every member reports its share ready. A member that refused another's setup
 * messages fails the run.
 */
final class ThresholdSetupRelay {
    private final CoordinatorChannel ch;
    private final SortedMap<Integer, byte[]> transportKeys = new TreeMap<>();
    private final SortedMap<Integer, byte[]> signedTransportKeys = new TreeMap<>();
    private final SortedMap<Integer, SortedMap<Integer, byte[]>> dealings = new TreeMap<>();
    private final Set<Integer> ready = new TreeSet<>();
    private boolean dealingsRelayed;

    ThresholdSetupRelay(CoordinatorChannel ch) {
        this.ch = ch;
    }

    /** Transport keys are public; the members check them (the coordinator only relays them, all at once). */
    void onTransportKey(int sender, Envelope e) {
        byte[] key = e.payload();
        if (transportKeys.containsKey(sender)) {
            throw new IllegalArgumentException("second transport key");
        }
        if (key.length == 0 || key.length > 1024) {
            throw new IllegalArgumentException("transport key of " + key.length + " bytes");
        }
        if (!e.dependsOn(ch.keyHash)) {
            throw new IllegalArgumentException("transport key made for another collective key");
        }
        transportKeys.put(sender, key);
        signedTransportKeys.put(sender, e.encode());
        if (transportKeys.size() == ch.members.size()) {
            ch.transportHash = Transcript.ofMembers("transport-keys", ch.federation, 0, transportKeys);
            ch.publish(ch.topics.transportKeys(), Envelope.Kind.TRANSPORT_KEYS, 0, 0, ch.transportHash,
                    Payloads.byMember(signedTransportKeys));
        }
    }

    /** Sealed dealings by recipient: checked for shape only, then relayed to each recipient once all have dealt. */
    void onDealings(int sender, Envelope e) {
        byte[] payload = e.payload();
        if (transportKeys.size() != ch.members.size()) {
            throw new IllegalStateException("dealing before every transport key was relayed");
        }
        if (!e.dependsOn(ch.transportHash)) {
            throw new IllegalArgumentException("dealings made for another set of transport keys");
        }
        if (dealings.containsKey(sender)) {
            throw new IllegalArgumentException("second set of dealings");
        }
        SortedMap<Integer, byte[]> d = Payloads.readByMember(payload);
        TreeSet<Integer> others = new TreeSet<>(ch.members);
        others.remove(sender);
        if (!d.keySet().equals(others)) {
            throw new IllegalArgumentException("dealings for " + d.keySet() + ", expected one for every other member " + others);
        }
        for (Map.Entry<Integer, byte[]> x : d.entrySet()) {
            // the recipient verifies again; checked here so that a bad dealing fails at its dealer's message
            SortedMap<Integer, byte[]> one = Payloads.readByMember(Transcript.openRelayed(x.getValue(), ch.roster,
                    ch.federation, Envelope.Kind.DEALINGS, sender, 0, ch.transportHash).payload());
            if (!one.keySet().equals(Set.of(x.getKey())) || one.get(x.getKey()).length == 0) {
                throw new IllegalArgumentException("the dealing listed for member " + x.getKey() + " is not one for it");
            }
        }
        dealings.put(sender, d);
        if (dealings.size() == ch.members.size()) {
            for (int to : ch.members) {
                SortedMap<Integer, byte[]> mine = new TreeMap<>();
                dealings.forEach((from, byRecipient) -> {
                    if (from != to) {
                        mine.put(from, byRecipient.get(to));
                    }
                });
                ch.publish(ch.topics.dealingsFor(to), Envelope.Kind.DEALINGS_RELAY, 0, 0, ch.transportHash,
                        Payloads.byMember(mine));
            }
            dealings.clear();
            dealingsRelayed = true;
        }
    }

    /**
     * A member's setup report: ready, or the members whose transport key or dealing it refused (fails
     * the run). True once every member is ready; SETUP_COMPLETE is then published.
     */
    boolean onReady(int sender, Envelope e) {
        byte[] payload = e.payload();
        if (!ready.add(sender)) {
            throw new IllegalArgumentException("second setup report");
        }
        SortedMap<Integer, byte[]> refused = Payloads.readByMember(payload);
        if (!refused.isEmpty()) {
            StringBuilder why = new StringBuilder();
            refused.forEach((m, r) -> why.append("; member ").append(m).append(": ")
                    .append(new String(r, StandardCharsets.UTF_8)));
            ch.fail("threshold setup: member " + sender + " refused the setup messages of member(s) " + refused.keySet() + why);
            return false;
        }
        if (!e.dependsOn(ch.transportHash)) {
            ready.remove(sender);
            throw new IllegalArgumentException("setup report made for another set of transport keys");
        }
        if (ready.size() != ch.members.size()) {
            return false;
        }
        ch.publish(ch.topics.setupComplete(), Envelope.Kind.SETUP_COMPLETE, 0, 0, ch.transportHash, Payloads.list(List.of()));
        transportKeys.clear();
        signedTransportKeys.clear();
        return true;
    }

    /** Why the setup deadline passed: the members the current step still waits for. */
    String stalled() {
        Set<Integer> silent = new TreeSet<>(ch.members);
        if (transportKeys.size() < ch.members.size()) {
            silent.removeAll(transportKeys.keySet());
            return "no transport key from member(s) " + silent;
        } else if (!dealingsRelayed) {
            silent.removeAll(dealings.keySet());
            return "no valid dealings from member(s) " + silent;
        }
        silent.removeAll(ready);
        return "no setup report from member(s) " + silent;
    }
}

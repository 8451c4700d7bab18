package io.smile.federation;

import io.smile.he.multiparty.Collective;
import io.smile.he.multiparty.CommonReferenceString;
import io.smile.he.multiparty.ShareAggregator;
import io.smile.he.multiparty.ShareType;
import io.smile.he.ring.RandomSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Coordinator, first phases: waits until every member has joined, publishes a fresh CRS, collects
 * the members' CKG shares and, once they combine, broadcasts them all so that every member derives
 * (and checks) the same collective public key.
 */
final class CollectiveKeyRelay {
    private final CoordinatorChannel ch;
    private final RandomSource random;
    private final Set<Integer> online = new TreeSet<>();
    private final SortedMap<Integer, byte[]> shares = new TreeMap<>();
    private CommonReferenceString crs;
    private ShareAggregator ckg;

    CollectiveKeyRelay(CoordinatorChannel ch, RandomSource random) {
        this.ch = ch;
        this.random = random;
    }

    /** True once every member has joined. */
    boolean onHello(int sender) {
        online.add(sender);
        return online.containsAll(ch.members);
    }

    List<Integer> absent() {
        List<Integer> absent = new ArrayList<>(ch.members);
        absent.removeAll(online);
        return absent;
    }

    /** Opens the key generation: a fresh CRS, then KEYS_START to all. */
    void startKeyGeneration() {
        crs = CommonReferenceString.fresh(random);
        ckg = ShareAggregator.forKeys(ch.ctx, ShareType.CKG, Topics.CKG_PROTOCOL, 0, ch.members);
        ch.publish(ch.topics.keysStart(), Envelope.Kind.KEYS_START, 0,
                Payloads.keysStart(new Payloads.KeysStart(crs.seed(), Topics.CKG_PROTOCOL)));
    }

    /** Keeps a CKG share; once all are in and combine, publishes them and returns true. */
    boolean onShare(int sender, byte[] share) {
        ckg.add(sender, share); // decodes and checks; names the sender on refusal
        shares.put(sender, share);
        if (!ckg.isComplete()) {
            return false;
        }
        Collective.publicKey(ch.ctx, crs, ckg.combine()); // the coordinator checks it combines
        ch.publish(ch.topics.publicKey(), Envelope.Kind.PUBLIC_KEY, 0, Payloads.byMember(shares));
        return true;
    }

    Set<Integer> missingShares() {
        return ckg.missing();
    }
}

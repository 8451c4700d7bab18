package io.smile.he.multiparty;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Encryptor;
import io.smile.he.bgv.Evaluator;
import io.smile.he.bgv.Plaintext;
import io.smile.he.ring.RandomSource;
import io.smile.he.rlwe.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * n threshold parties (threshold t) that have run CKG (n-out-of-n, ternary s_i) and the Shamir
 * setup entirely through the wire format: transport keys, then sealed dealings. Cached per (t, n).
 * Ids are irregular and include 0 (point x = 1).
 */
final class ThresholdFixture {
    static final BgvContext CTX = MpFixture.CTX;
    private static final Map<String, ThresholdFixture> CACHE = new ConcurrentHashMap<>();

    final int t;
    final int n;
    final List<Integer> ids = new ArrayList<>();
    final Map<Integer, ThresholdParty> parties = new TreeMap<>();
    final CommonReferenceString crs;
    final PublicKey pk;
    final ShareCodec codec = new ShareCodec(CTX);
    /** Size in bytes of every sealed dealing seen during setup. */
    int dealingBytes;
    private long nextProtocol = 5000;

    private ThresholdFixture(int t, int n) {
        this.t = t;
        this.n = n;
        for (int i = 0; i < n; i++) {
            ids.add(i * i + i); // 0, 2, 6, 12, ...
        }
        long setupId = 900 + 10L * t + n;
        for (int id : ids) {
            Party p = new Party(CTX, id, RandomSource.deterministicForTestsOnly(31L * n + id + 7L * t));
            parties.put(id, new ThresholdParty(p, t, ids, setupId, new SecureRandom()));
        }
        crs = CommonReferenceString.fresh(RandomSource.deterministicForTestsOnly(500 + n));
        long pid = protocol();
        ShareAggregator ckg = ShareAggregator.forKeys(CTX, ShareType.CKG, pid, 0, ids);
        for (ThresholdParty p : parties.values()) {
            ckg.add(p.id(), codec.encode(p.party().ckgShare(pid, crs)));
        }
        pk = Collective.publicKey(CTX, crs, ckg.combine());
        setup(parties);
    }

    /** Transport keys to everyone, then every dealing to its recipient. */
    static int setup(Map<Integer, ThresholdParty> parties) {
        int size = 0;
        for (ThresholdParty from : parties.values()) {
            byte[] key = from.transportKeyMessage();
            for (ThresholdParty to : parties.values()) {
                if (to != from) {
                    to.acceptTransportKey(from.id(), key);
                }
            }
        }
        for (ThresholdParty from : parties.values()) {
            for (Map.Entry<Integer, byte[]> e : from.deal().entrySet()) {
                size = e.getValue().length;
                parties.get(e.getKey()).receiveDealing(from.id(), e.getValue());
            }
        }
        for (ThresholdParty p : parties.values()) {
            if (!p.isSetupComplete()) {
                throw new AssertionError(p + " missing " + p.missingDealings());
            }
        }
        return size;
    }

    static ThresholdFixture of(int t, int n) {
        ThresholdFixture f = CACHE.computeIfAbsent(t + "/" + n, k -> new ThresholdFixture(t, n));
        return f;
    }

    synchronized long protocol() {
        return nextProtocol++;
    }

    ThresholdParty party(int id) {
        return parties.get(id);
    }

    /**
     * ct plus a fresh encryption of zero: the same plaintext under a new c1. A party answers one c1
     * under one active set only (the share-reuse guard), so every further set gets its own copy.
     */
    Ciphertext rerandomize(Ciphertext ct) {
        return new Evaluator(CTX, null).add(ct, Encryptor.withPublicKey(CTX, pk).encryptZero(ct.level()));
    }

    /**
     * Threshold decryption with the given set (of a re-randomized copy of ct, see
     * {@link #rerandomize}), every share through the wire format.
     */
    long[] decrypt(Ciphertext ct, Collection<Integer> set) {
        ct = rerandomize(ct);
        ActiveSet as = new ActiveSet(set);
        int bits = Smudging.maxBits(CTX, ct.level(), as.size());
        long pid = protocol();
        ShareAggregator agg = ShareAggregator.forActiveSet(CTX, ShareType.DECRYPT, ct.level(), pid, as);
        for (int id : as.ids()) {
            agg.add(id, codec.encode(party(id).decryptionShare(pid, ct, bits, as)));
        }
        Plaintext pt = Collective.decrypt(CTX, ct, agg.combine());
        return CTX.encoder().decodeUnsigned(pt);
    }
}

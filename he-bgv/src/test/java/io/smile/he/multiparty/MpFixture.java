package io.smile.he.multiparty;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.EvaluationKeys;
import io.smile.he.bgv.Plaintext;
import io.smile.he.ring.RandomSource;
import io.smile.he.rlwe.KeySwitchKey;
import io.smile.he.rlwe.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * n parties that have run CKG, RKG (two rounds) and RTG (rotation by 1) through the aggregator
 * and the wire format. Cached per n for the whole test JVM.
 */
final class MpFixture {
    static final BgvParameters PARAMS = BgvParameters.builder().degree(4096).plainModulus(65537)
            .ciphertextPrimeBits(45, 40, 40).specialPrimeBits(50).allowInsecureForTestsOnly().build();
    static final BgvContext CTX = BgvContext.create(PARAMS, 2, RandomSource.deterministicForTestsOnly(4242));
    private static final Map<Integer, MpFixture> CACHE = new ConcurrentHashMap<>();

    final int n;
    final List<Party> parties = new ArrayList<>();
    final List<Integer> ids = new ArrayList<>();
    final CommonReferenceString crs;
    final PublicKey pk;
    final KeySwitchKey rlk;
    final long rot1;
    final EvaluationKeys keys;
    final ShareCodec codec = new ShareCodec(CTX);
    private long nextProtocol = 100;

    private MpFixture(int n) {
        this.n = n;
        for (int i = 0; i < n; i++) {
            // ids deliberately not 0..n-1
            parties.add(new Party(CTX, 10 + i, RandomSource.deterministicForTestsOnly(1000L * n + i)));
            ids.add(10 + i);
        }
        crs = CommonReferenceString.fresh(RandomSource.deterministicForTestsOnly(77 + n));
        // CKG
        long pid = protocol();
        ShareAggregator ckg = ShareAggregator.forKeys(CTX, ShareType.CKG, pid, 0, ids);
        for (Party p : parties) {
            ckg.add(p.id(), codec.encode(p.ckgShare(pid, crs)));
        }
        pk = Collective.publicKey(CTX, crs, ckg.combine());
        // RKG, two rounds
        pid = protocol();
        ShareAggregator r1 = ShareAggregator.forKeys(CTX, ShareType.RKG_ROUND1, pid, 0, ids);
        for (Party p : parties) {
            r1.add(p.id(), codec.encode(p.rkgRound1(pid, crs)));
        }
        Share round1 = codec.decode(codec.encode(r1.combine())); // broadcast to the parties
        ShareAggregator r2 = ShareAggregator.forKeys(CTX, ShareType.RKG_ROUND2, pid, 0, ids);
        for (Party p : parties) {
            r2.add(p.id(), codec.encode(p.rkgRound2(round1)));
        }
        rlk = Collective.relinearizationKey(CTX, crs, round1, r2.combine());
        // RTG for a left rotation by 1
        rot1 = CTX.rotationElement(1);
        pid = protocol();
        ShareAggregator rtg = ShareAggregator.forKeys(CTX, ShareType.RTG, pid, rot1, ids);
        for (Party p : parties) {
            rtg.add(p.id(), codec.encode(p.rtgShare(pid, crs, rot1)));
        }
        Map<Long, KeySwitchKey> galois = new HashMap<>();
        galois.put(rot1, Collective.galoisKey(CTX, crs, rtg.combine()));
        keys = new EvaluationKeys(PARAMS.fingerprint(), rlk, galois);
    }

    static MpFixture of(int n) {
        return CACHE.computeIfAbsent(n, MpFixture::new);
    }

    synchronized long protocol() {
        return nextProtocol++;
    }

    /** Runs collective decryption with the maximal smudging for this level, through the wire format. */
    long[] decrypt(Ciphertext ct) {
        int bits = Smudging.maxBits(CTX, ct.level(), n);
        long pid = protocol();
        ShareAggregator agg = new ShareAggregator(CTX, ShareType.DECRYPT, ct.level(), pid, 0, ids);
        for (Party p : parties) {
            agg.add(p.id(), codec.encode(p.decryptionShare(pid, ct, bits)));
        }
        Plaintext pt = Collective.decrypt(CTX, ct, agg.combine());
        return CTX.encoder().decodeUnsigned(pt);
    }
}

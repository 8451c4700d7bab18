package io.smile.he.multiparty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.BgvKeyGenerator;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Decryptor;
import io.smile.he.bgv.Evaluator;
import io.smile.he.bgv.Plaintext;
import io.smile.he.ring.Modulus;
import io.smile.he.ring.RandomSource;
import io.smile.he.ring.RingContext;
import io.smile.he.ring.RnsOps;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** t-out-of-n threshold decryption and PCKS, against the plaintext computation. */
class ThresholdBgvTest {
    private static final BgvContext CTX = ThresholdFixture.CTX;
    private static final RingContext RING = CTX.ring();
    private static final long T = MpFixture.PARAMS.plainModulus();
    private static final int SLOTS = MpFixture.PARAMS.degree();
    /** Random subsets per (t, n); small by default because each one is a full decryption. */
    private static final int SUBSETS = Math.max(2, Integer.getInteger("smile.tries", 60) / 15);

    /** The lowest t ids, the highest t ids, lowest+highest+others, |T| = t+1 (if possible), and random ones. */
    static List<List<Integer>> subsets(ThresholdFixture f, long seed) {
        List<Integer> ids = f.ids;
        int t = f.t;
        Set<List<Integer>> out = new LinkedHashSet<>();
        out.add(new ArrayList<>(ids.subList(0, t)));
        out.add(new ArrayList<>(ids.subList(ids.size() - t, ids.size())));
        List<Integer> ends = new ArrayList<>();
        ends.add(ids.get(0));
        if (t > 1) {
            ends.add(ids.get(ids.size() - 1));
        }
        for (int i = 1; ends.size() < t; i++) {
            ends.add(ids.get(i));
        }
        out.add(ends);
        if (t < ids.size()) {
            out.add(new ArrayList<>(ids.subList(0, t + 1)));
        }
        Random r = new Random(seed);
        for (int k = 0; k < SUBSETS; k++) {
            List<Integer> shuffled = new ArrayList<>(ids);
            Collections.shuffle(shuffled, r);
            out.add(new ArrayList<>(new TreeSet<>(shuffled.subList(0, t))));
        }
        return new ArrayList<>(out);
    }

    @ParameterizedTest(name = "t={0}, n={1}")
    @CsvSource({"2, 3", "3, 5", "4, 10"})
    void everyTestedSubsetDecryptsFreshAndSummedCiphertexts(int t, int n) {
        ThresholdFixture f = ThresholdFixture.of(t, n);
        long[] x = MultipartyBgvTest.randomVector(10L * n + t);
        long[] y = MultipartyBgvTest.randomVector(20L * n + t);
        long[] z = MultipartyBgvTest.randomVector(30L * n + t);
        Ciphertext cx = MultipartyBgvTest.encrypt(f.pk, x);
        Evaluator ev = new Evaluator(CTX, null);
        Ciphertext sum = ev.add(ev.add(cx, MultipartyBgvTest.encrypt(f.pk, y)), MultipartyBgvTest.encrypt(f.pk, z));
        long[] expected = new long[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            expected[i] = (x[i] + y[i] + z[i]) % T;
        }
        Ciphertext lowSum = ev.modSwitch(sum);
        int count = 0;
        for (List<Integer> set : subsets(f, 7L * n + t)) {
            assertArrayEquals(x, f.decrypt(cx, set), "fresh ciphertext, set " + set);
            assertArrayEquals(expected, f.decrypt(sum, set), "sum of three ciphertexts, set " + set);
            count++;
        }
        assertArrayEquals(expected, f.decrypt(lowSum, f.ids.subList(n - t, n)), "after a modulus switch");
        assertTrue(count >= 4, "tested " + count + " sets");
    }

    @Test
    void pcksWithAThresholdSetReachesTheRecipient() {
        ThresholdFixture f = ThresholdFixture.of(3, 5);
        BgvContext recipientCtx = BgvContext.create(MpFixture.PARAMS, 1, RandomSource.deterministicForTestsOnly(19));
        BgvKeyGenerator kg = new BgvKeyGenerator(recipientCtx);
        SecretKey recipientSk = kg.secretKey();
        PublicKey recipientPk = kg.publicKey(recipientSk);
        long[] x = MultipartyBgvTest.randomVector(3);
        Ciphertext ct = MultipartyBgvTest.encrypt(f.pk, x);

        ActiveSet set = new ActiveSet(List.of(f.ids.get(0), f.ids.get(2), f.ids.get(4)));
        int bits = Smudging.maxBits(CTX, ct.level(), set.size());
        long pid = f.protocol();
        ShareAggregator agg = ShareAggregator.forActiveSet(CTX, ShareType.PCKS, ct.level(), pid, set);
        for (int id : set.ids()) {
            agg.add(id, f.codec.encode(f.party(id).pcksShare(pid, ct, recipientPk, bits, set)));
        }
        Ciphertext switched = Collective.switchedCiphertext(CTX, ct, agg.combine());
        assertArrayEquals(x, CTX.encoder().decodeUnsigned(new Decryptor(CTX, recipientSk).decrypt(switched)));
        // a single party's own secret does not decrypt the switched ciphertext
        SecretKey single = SecretKey.fromCoefficients(RING, f.party(f.ids.get(0)).party().secretForTestsOnly());
        assertFalse(Arrays.equals(x, CTX.encoder().decodeUnsigned(new Decryptor(CTX, single).decrypt(switched))));
    }

    @ParameterizedTest(name = "t={0}, n={1}")
    @CsvSource({"2, 3", "3, 5", "4, 10"})
    void shamirSharesReconstructTheSecretAndFewerThanTDoNot(int t, int n) {
        ThresholdFixture f = ThresholdFixture.of(t, n);
        int[] idx = RING.qpIndices(RING.qCount() - 1);
        long[][] s = new long[idx.length][RING.degree()];
        for (int id : f.ids) {
            RnsOps.add(RING, s, RING.smallToNtt(f.party(id).party().secretForTestsOnly(), idx), s, idx);
        }
        for (List<Integer> set : subsets(f, 3L * n + t)) {
            assertTrue(deepEquals(s, interpolate(f, set, idx)), "set " + set + " reconstructs s");
        }
        if (t > 1) {
            // t-1 shares interpolate to something else (the degree-(t-1) polynomial is underdetermined)
            assertFalse(deepEquals(s, interpolate(f, f.ids.subList(0, t - 1), idx)));
            assertFalse(deepEquals(s, interpolate(f, f.ids.subList(n - t + 1, n), idx)));
        }
    }

    /** sum_{i in set} lambda_i^set * sh_i over Q*P (set may be smaller than t: test only). */
    private static long[][] interpolate(ThresholdFixture f, List<Integer> set, int[] idx) {
        ActiveSet as = new ActiveSet(set);
        long[][] acc = new long[idx.length][RING.degree()];
        for (int id : as.ids()) {
            long[][] sh = f.party(id).shamirShareForTestsOnly();
            long[] lambda = as.lagrangeAtZero(RING, id, idx);
            for (int r = 0; r < idx.length; r++) {
                Modulus m = RING.modulus(idx[r]);
                for (int c = 0; c < RING.degree(); c++) {
                    acc[r][c] = m.add(acc[r][c], m.mul(sh[r][c], lambda[r]));
                }
            }
        }
        return acc;
    }

    private static boolean deepEquals(long[][] a, long[][] b) {
        return Arrays.deepEquals(a, b);
    }

    /**
     * lambda multiplies the secret share, not the noise: at the lowest level (one 45-bit prime) with
     * the largest smudging that fits |T| parties, every set still decrypts, and the combined phase
     * c0 + sum h_i has |v| &le; t*(|T|*2^B + ||e_ct||) + t. A flood scaled by a (uniform mod q) Lagrange
     * weight would fill the whole modulus instead.
     */
    @Test
    void smudgingIsAddedAfterTheLagrangeWeight() {
        ThresholdFixture f = ThresholdFixture.of(4, 10);
        long[] x = MultipartyBgvTest.randomVector(91);
        Ciphertext lowest = new Evaluator(CTX, null).modSwitchToLowest(MultipartyBgvTest.encrypt(f.pk, x));
        assertEquals(0, lowest.level());
        int bits = Smudging.maxBits(CTX, 0, 4);
        int[] q = RING.qIndices(0);
        Modulus q0 = RING.modulus(0);
        double worst = 0;
        for (List<Integer> set : subsets(f, 5)) {
            ActiveSet as = new ActiveSet(set);
            Ciphertext ct = f.rerandomize(lowest); // one c1 per active set (the share-reuse guard)
            int b = Smudging.maxBits(CTX, 0, as.size());
            long pid = f.protocol();
            ShareAggregator agg = ShareAggregator.forActiveSet(CTX, ShareType.DECRYPT, 0, pid, as);
            for (int id : as.ids()) {
                agg.add(id, f.party(id).decryptionShare(pid, ct, b, as));
            }
            Share combined = agg.combine();
            assertArrayEquals(x, CTX.encoder().decodeUnsigned(Collective.decrypt(CTX, ct, combined)), "set " + set);
            long[][] v = new long[1][RING.degree()];
            RnsOps.add(RING, ct.component(0), combined.poly(0), v, q);
            RING.inverse(v, q);
            long max = 0;
            for (long c : v[0]) {
                max = Math.max(max, Math.abs(q0.center(c)));
            }
            // ciphertext noise after the switch to q_0 is far below 2^20 (NoiseMarginTest: 2^11 fresh)
            double bound = (double) T * (as.size() * Math.pow(2, b) + Math.pow(2, 20)) + T;
            assertTrue(max <= bound, "set " + set + ": |phase| 2^" + log2(max) + " above the bound 2^" + log2(bound));
            assertTrue(max >= T * Math.pow(2, b - 1), "the flooding is present");
            worst = Math.max(worst, log2(max));
        }
        assertTrue(bits >= 20, "B = " + bits);
        System.out.printf("threshold phase at level 0: max |v| = 2^%.1f, q_0 = 2^%.1f, B = %d%n", worst,
                log2(q0.value()), bits);
    }

    private static double log2(double v) {
        return Math.log(v) / Math.log(2);
    }

    @Test
    void tMinusOnePartiesCannotDecrypt() {
        ThresholdFixture f = ThresholdFixture.of(3, 5);
        long[] x = MultipartyBgvTest.randomVector(44);
        Ciphertext ct = MultipartyBgvTest.encrypt(f.pk, x);
        List<Integer> two = f.ids.subList(1, 3);
        // a party refuses to compute a share for a set smaller than t
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> f.party(two.get(0)).decryptionShare(1, ct, 20, new ActiveSet(two)));
        assertTrue(small.getMessage().contains("fewer than t"), small.getMessage());
        // the t-1 members of a valid set T: the aggregator refuses to combine and names the missing one
        ActiveSet set = new ActiveSet(f.ids.subList(1, 4));
        int bits = Smudging.maxBits(CTX, ct.level(), 3);
        long pid = f.protocol();
        ShareAggregator agg = ShareAggregator.forActiveSet(CTX, ShareType.DECRYPT, ct.level(), pid, set);
        List<Share> shares = new ArrayList<>();
        for (int id : two) {
            Share sh = f.party(id).decryptionShare(pid, ct, bits, set);
            shares.add(sh);
            agg.add(id, f.codec.encode(sh));
        }
        MultipartyProtocolException e = assertThrows(MultipartyProtocolException.class, agg::combine);
        assertEquals(List.of(f.ids.get(3)), e.parties());
        // and summing their shares by hand gives a wrong plaintext
        int[] q = RING.qIndices(ct.level());
        long[][] sum = RnsOps.copy(shares.get(0).poly(0));
        RnsOps.add(RING, sum, shares.get(1).poly(0), sum, q);
        Share partial = new Share(ShareType.DECRYPT, MpFixture.PARAMS.fingerprint(), ct.level(), pid, Share.COMBINED,
                set.digest(), new long[][][] {sum});
        long[] wrong = CTX.encoder().decodeUnsigned(Collective.decrypt(CTX, ct, partial));
        assertFalse(Arrays.equals(x, wrong));
        // a t-1 interpolation (Lagrange weights for the 2-set) also gives a wrong plaintext
        ActiveSet pair = new ActiveSet(two);
        long[][] v = RnsOps.copy(ct.component(0));
        for (int id : two) {
            long[][] sh = RnsOps.prefix(f.party(id).shamirShareForTestsOnly(), q.length);
            long[] lambda = pair.lagrangeAtZero(RING, id, q);
            long[][] w = new long[q.length][RING.degree()];
            RnsOps.mul(RING, sh, ct.component(1), w, q);
            for (int r = 0; r < q.length; r++) {
                Modulus m = RING.modulus(q[r]);
                for (int c = 0; c < RING.degree(); c++) {
                    v[r][c] = m.add(v[r][c], m.mul(w[r][c], lambda[r]));
                }
            }
        }
        Ciphertext phase = new Ciphertext(ct.fingerprint(), new long[][][] {v, new long[q.length][RING.degree()]},
                ct.level(), ct.factor(), null);
        SecretKey zero = SecretKey.fromCoefficients(RING, new byte[RING.degree()]);
        assertFalse(Arrays.equals(x, CTX.encoder().decodeUnsigned(new Decryptor(CTX, zero).decrypt(phase))));
    }

    @Test
    void sharesForAnotherActiveSetAreRefused() {
        ThresholdFixture f = ThresholdFixture.of(3, 5);
        Ciphertext ct = MultipartyBgvTest.encrypt(f.pk, MultipartyBgvTest.randomVector(8));
        List<Integer> ids = f.ids;
        ActiveSet t1 = new ActiveSet(ids.subList(0, 3));
        ActiveSet t2 = new ActiveSet(ids.subList(1, 4));
        assertNotEquals(t1.digest(), t2.digest());
        int bits = Smudging.maxBits(CTX, ct.level(), 3);
        long pid = f.protocol();
        ShareAggregator agg = ShareAggregator.forActiveSet(CTX, ShareType.DECRYPT, ct.level(), pid, t1);
        int a = ids.get(1);
        // same protocol id, member of both sets, but computed for T2 (of a copy of ct with another c1,
        // since a party answers one c1 under one set only): refused by the digest
        Ciphertext copy = f.rerandomize(ct);
        assertRefused(() -> agg.add(a, f.codec.encode(f.party(a).decryptionShare(pid, copy, bits, t2))), a,
                "active-set digest");
        // an n-out-of-n share (aux 0) from a member
        assertRefused(() -> agg.add(a, f.codec.encode(f.party(a).party().decryptionShare(pid, ct, bits))), a, "aux");
        // a party outside T1 with a share for T2
        int d = ids.get(3);
        assertRefused(() -> agg.add(d, f.codec.encode(f.party(d).decryptionShare(pid, copy, bits, t2))), d,
                "not a participant");
        // a duplicate
        byte[] good = f.codec.encode(f.party(a).decryptionShare(pid, ct, bits, t1));
        agg.add(a, good);
        assertRefused(() -> agg.add(a, good), a, "duplicate");
        // the remaining members of T1 complete it and it decrypts
        for (int id : List.of(ids.get(0), ids.get(2))) {
            agg.add(id, f.codec.encode(f.party(id).decryptionShare(pid, ct, bits, t1)));
        }
        Plaintext pt = Collective.decrypt(CTX, ct, agg.combine());
        assertArrayEquals(MultipartyBgvTest.randomVector(8), CTX.encoder().decodeUnsigned(pt));
        // a party refuses a set that is not a subset of its parties
        assertThrows(IllegalArgumentException.class,
                () -> f.party(a).decryptionShare(pid, ct, bits, new ActiveSet(List.of(a, ids.get(0), 999))));
    }

    @Test
    void dropoutLeadsToANewSetAndTooFewPartiesAreNamed() {
        ThresholdFixture f = ThresholdFixture.of(3, 5);
        long[] x = MultipartyBgvTest.randomVector(77);
        Ciphertext ct = MultipartyBgvTest.encrypt(f.pk, x);
        int bits = Smudging.maxBits(CTX, ct.level(), 3);
        ThresholdDecryption run = new ThresholdDecryption(CTX, ShareType.DECRYPT, ct.level(), 3, f.ids);
        ActiveSet first = run.start(f.protocol(), f.ids);
        assertEquals(3, first.size());
        int dropped = first.ids().get(1);
        for (int id : first.ids()) {
            if (id != dropped) {
                run.add(id, f.codec.encode(f.party(id).decryptionShare(run.protocolId(), ct, bits, first)));
            }
        }
        assertFalse(run.isComplete());
        assertEquals(Set.of(dropped), run.missing());
        MultipartyProtocolException incomplete = assertThrows(MultipartyProtocolException.class, run::combine);
        assertEquals(List.of(dropped), incomplete.parties());

        long oldPid = run.protocolId();
        ActiveSet second = run.retry(f.protocol());
        assertFalse(second.contains(dropped));
        assertNotEquals(first.digest(), second.digest());
        assertTrue(second.ids().containsAll(first.ids().stream().filter(i -> i != dropped).toList()),
                "parties that answered are kept");
        // a share for the old set under the old protocol id is refused by the new aggregator
        int survivor = first.ids().get(0);
        assertThrows(MultipartyProtocolException.class, () -> run.add(survivor,
                f.codec.encode(f.party(survivor).decryptionShare(oldPid, ct, bits, first))));
        // the retry decrypts a re-randomized copy: the survivors refuse the same c1 under a new set
        assertThrows(IllegalStateException.class,
                () -> f.party(survivor).decryptionShare(run.protocolId(), ct, bits, second));
        Ciphertext retryCt = f.rerandomize(ct);
        for (int id : second.ids()) {
            run.add(id, f.codec.encode(f.party(id).decryptionShare(run.protocolId(), retryCt, bits, second)));
        }
        assertArrayEquals(x, CTX.encoder().decodeUnsigned(Collective.decrypt(CTX, retryCt, run.combine())));

        // only 4 online at the start, then two of the chosen set drop: 2 < t remain
        ThresholdDecryption run2 = new ThresholdDecryption(CTX, ShareType.DECRYPT, ct.level(), 3, f.ids);
        List<Integer> online = f.ids.subList(0, 4);
        ActiveSet s1 = run2.start(f.protocol(), online);
        int answering = s1.ids().get(0);
        run2.add(answering, f.codec.encode(f.party(answering).decryptionShare(run2.protocolId(), ct, bits, s1)));
        MultipartyProtocolException tooFew = assertThrows(MultipartyProtocolException.class,
                () -> run2.retry(f.protocol()));
        Set<Integer> expectedMissing = new TreeSet<>(f.ids);
        expectedMissing.removeAll(Set.of(answering, online.get(3)));
        assertEquals(new ArrayList<>(expectedMissing), tooFew.parties(), tooFew.getMessage());
        assertTrue(tooFew.getMessage().contains("needs 3 of 5"), tooFew.getMessage());
        for (int id : expectedMissing) {
            assertTrue(tooFew.getMessage().contains(Integer.toString(id)), tooFew.getMessage());
        }
        // fewer than t online from the start
        MultipartyProtocolException offline = assertThrows(MultipartyProtocolException.class,
                () -> new ThresholdDecryption(CTX, ShareType.DECRYPT, ct.level(), 3, f.ids).start(1, f.ids.subList(0, 2)));
        assertEquals(f.ids.subList(2, 5), offline.parties(), offline.getMessage());
    }

    @Test
    void garbageDecryptionShareIsNamedAndExcluded() {
        ThresholdFixture f = ThresholdFixture.of(2, 3);
        long[] x = MultipartyBgvTest.randomVector(12);
        Ciphertext ct = MultipartyBgvTest.encrypt(f.pk, x);
        int bits = Smudging.maxBits(CTX, ct.level(), 2);
        ThresholdDecryption run = new ThresholdDecryption(CTX, ShareType.DECRYPT, ct.level(), 2, f.ids);
        ActiveSet set = run.start(f.protocol(), f.ids);
        int bad = set.ids().get(0);
        int good = set.ids().get(1);
        run.add(good, f.codec.encode(f.party(good).decryptionShare(run.protocolId(), ct, bits, set)));
        byte[] garbage = new byte[f.codec.encodedBytes(ShareType.DECRYPT, ct.level())];
        new Random(5).nextBytes(garbage);
        MultipartyFormatException e = assertThrows(MultipartyFormatException.class, () -> run.add(bad, garbage));
        assertEquals(bad, e.partyId());
        run.exclude(bad);
        ActiveSet next = run.retry(f.protocol());
        assertFalse(next.contains(bad));
        assertTrue(next.contains(good), "the party that answered is kept");
        Ciphertext retryCt = f.rerandomize(ct); // a new set needs a new c1 (the share-reuse guard)
        for (int id : next.ids()) {
            run.add(id, f.codec.encode(f.party(id).decryptionShare(run.protocolId(), retryCt, bits, next)));
        }
        assertArrayEquals(x, CTX.encoder().decodeUnsigned(Collective.decrypt(CTX, retryCt, run.combine())));
    }

    @Test
    void badDealingsAreDetectedAndNamed() {
        List<Integer> ids = List.of(1, 4, 9);
        long setup = 31;
        Map<Integer, ThresholdParty> ps = new TreeMap<>();
        for (int id : ids) {
            ps.put(id, new ThresholdParty(new Party(CTX, id, RandomSource.deterministicForTestsOnly(600 + id)), 2, ids,
                    setup, new SecureRandom()));
        }
        for (ThresholdParty from : ps.values()) {
            for (ThresholdParty to : ps.values()) {
                if (to != from) {
                    to.acceptTransportKey(from.id(), from.transportKeyMessage());
                }
            }
        }
        ThresholdParty p1 = ps.get(1);
        ThresholdParty p4 = ps.get(4);
        ThresholdParty p9 = ps.get(9);
        Map<Integer, byte[]> from1 = p1.deal();
        byte[] to4 = from1.get(4);

        // random bytes
        byte[] random = new byte[to4.length];
        new Random(1).nextBytes(random);
        assertFormat(() -> p4.receiveDealing(1, random), 1);
        // the dealing sealed to party 4, forwarded to party 9
        assertFormat(() -> p9.receiveDealing(1, to4), 1, "sealed to party 4");
        // ... with the recipient field rewritten to 9: the associated data and the key no longer match
        byte[] readdressed = to4.clone();
        readdressed[35] = 9;
        assertFormat(() -> p9.receiveDealing(1, readdressed), 1, "does not authenticate");
        // a flipped ciphertext bit, a flipped tag bit, a flipped nonce bit
        for (int pos : new int[] {ShareCodec.HEADER_BYTES + 40, to4.length - 1, ShareCodec.HEADER_BYTES}) {
            byte[] tampered = to4.clone();
            tampered[pos] ^= 1;
            assertFormat(() -> p4.receiveDealing(1, tampered), 1, "does not authenticate");
        }
        // truncated
        assertFormat(() -> p4.receiveDealing(1, Arrays.copyOf(to4, to4.length - 1)), 1, "bytes, got");
        // claimed by another sender
        MultipartyProtocolException claimed = assertThrows(MultipartyProtocolException.class,
                () -> p4.receiveDealing(9, to4));
        assertEquals(List.of(9), claimed.parties());
        // a transport key that is not 32 bytes, or from someone else's id
        assertFormat(() -> p4.acceptTransportKey(9, Arrays.copyOf(p9.transportKeyMessage(), 40)), 9);
        assertThrows(MultipartyProtocolException.class, () -> p4.acceptTransportKey(9, p1.transportKeyMessage()));
        // none of that changed anything: the genuine dealings complete the setup
        assertFalse(p4.isSetupComplete());
        p4.receiveDealing(1, to4);
        p9.receiveDealing(1, from1.get(9));
        assertThrows(MultipartyProtocolException.class, () -> p4.receiveDealing(1, to4), "duplicate");
        for (Map.Entry<Integer, byte[]> e : p4.deal().entrySet()) {
            ps.get(e.getKey()).receiveDealing(4, e.getValue());
        }
        assertEquals(Set.of(9), p1.missingDealings());
        MultipartyProtocolException notReady = assertThrows(MultipartyProtocolException.class,
                () -> p1.decryptionShare(1, MultipartyBgvTest.encrypt(ThresholdFixture.of(2, 3).pk, new long[SLOTS]), 20,
                        new ActiveSet(List.of(1, 4))));
        assertEquals(List.of(9), notReady.parties());
        for (Map.Entry<Integer, byte[]> e : p9.deal().entrySet()) {
            ps.get(e.getKey()).receiveDealing(9, e.getValue());
        }
        for (ThresholdParty p : ps.values()) {
            assertTrue(p.isSetupComplete(), p.toString());
        }
    }

    static void assertFormat(org.junit.jupiter.api.function.Executable action, int party, String... fragments) {
        MultipartyFormatException e = assertThrows(MultipartyFormatException.class, action);
        assertEquals(party, e.partyId(), e.getMessage());
        assertTrue(e.getMessage().contains("party " + party), e.getMessage());
        for (String fr : fragments) {
            assertTrue(e.getMessage().contains(fr), "'" + e.getMessage() + "' should mention " + fr);
        }
    }

    private static void assertRefused(org.junit.jupiter.api.function.Executable action, int party, String fragment) {
        MultipartyProtocolException e = assertThrows(MultipartyProtocolException.class, action);
        assertEquals(List.of(party), e.parties(), e.getMessage());
        assertTrue(e.getMessage().contains("party " + party), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), "'" + e.getMessage() + "' should mention " + fragment);
    }
}

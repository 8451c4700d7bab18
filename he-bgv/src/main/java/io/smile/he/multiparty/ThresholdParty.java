package io.smile.he.multiparty;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.ring.Modulus;
import io.smile.he.ring.Prng;
import io.smile.he.ring.RingContext;
import io.smile.he.ring.RnsOps;
import io.smile.he.rlwe.PublicKey;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The t-out-of-n threshold layer over a {@link Party} (Mouchet, Bertrand, Hubaux, "An Efficient
 * Threshold Access-Structure for RLWE-Based Multiparty Homomorphic Encryption", 2022).
 *
 * <p>Key generation (CKG, RKG, RTG) stays n-out-of-n with the party's ternary s_i: call them on
 * {@link #party()}. Setup then Shamir-shares s_i with threshold t: a uniformly random polynomial
 * f_i(X) = s_i + a_1 X + ... + a_{t-1} X^{t-1} with coefficients a_k in R_QP (independently per RNS
 * prime; in NTT form, which is a per-prime linear bijection, so this is the same as sharing the
 * coefficient representation), evaluated at x_j = id_j + 1 for every party j. The evaluation for j is
 * sealed to j's X25519 transport key ({@link DealingSeal}). Party j sums the n evaluations it receives
 * into its Shamir share sh_j = &Sigma;_i f_i(x_j) = F(x_j) of s = F(0) = &Sigma; s_i.
 *
 * <p>For a run with active set T (|T| &ge; t), the party uses lambda_j^T * sh_j as its additive share
 * of s in the unchanged decryption / PCKS formulas and tags the share with the set's digest.
 *
 * <p>A party answers each ciphertext (its c1 at its level) under one active set only: a share of
 * the same c1 for a second set throws {@link IllegalStateException} (the share-reuse guard, over the
 * last {@link #ANSWERED_MEMORY} ciphertexts). A retry with another set must decrypt a re-randomized
 * copy (plus a fresh encryption of zero). Not thread-safe; one setup per instance.
 */
public final class ThresholdParty {
    /**
     * How many answered ciphertexts the share-reuse guard remembers (a 64-character digest and a
     * map entry each, well under 1 MB in all).
     * A ciphertext answered more than this many ciphertexts ago is forgotten and can be answered
     * again under another set: the bound trades memory for that window (docs/multiparty.md).
     */
    public static final int ANSWERED_MEMORY = 4096;

    private final Party party;
    private final BgvContext ctx;
    private final RingContext ring;
    private final ShareCodec codec;
    private final int threshold;
    private final List<Integer> parties;
    private final long setupId;
    private final SecureRandom transportRandom;
    private final KeyPair transport;
    private final byte[] transportRaw;
    private final Map<Integer, byte[]> peerKeys = new TreeMap<>();
    private final Map<Integer, long[][]> dealings = new TreeMap<>();
    private boolean dealt;
    /**
     * The share-reuse guard: digest of every answered ciphertext's c1 -> the active set it was
     * answered under. Insertion-ordered and bounded (the oldest entry is forgotten first).
     */
    private final Map<String, ActiveSet> answered = new LinkedHashMap<>(64, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ActiveSet> eldest) {
            return size() > ANSWERED_MEMORY;
        }
    };
    private boolean reuseGuard = true;
    /** F(x_id) in NTT form over Q*P, once every dealing has arrived. */
    private long[][] shamirShare;

    /**
     * @param party     this party (its ternary s_i is what gets shared)
     * @param threshold t, 1 &le; t &le; n
     * @param parties   the ids of all n parties (including this one), each in [0, 2^31 - 2]
     * @param setupId   protocol id of the setup session (carried by every setup message)
     * @param transportRandom randomness for the X25519 key pair and the GCM nonces
     */
    public ThresholdParty(Party party, int threshold, Collection<Integer> parties, long setupId,
                          SecureRandom transportRandom) {
        this.party = party;
        this.ctx = party.context();
        this.ring = ctx.ring();
        this.codec = new ShareCodec(ctx);
        TreeSet<Integer> all = new TreeSet<>(parties);
        if (all.size() != parties.size()) {
            throw new IllegalArgumentException("duplicate party ids in " + parties);
        }
        if (!all.contains(party.id())) {
            throw new IllegalArgumentException("party " + party.id() + " is not among " + all);
        }
        if (threshold < 1 || threshold > all.size()) {
            throw new IllegalArgumentException("threshold " + threshold + " outside [1, " + all.size() + "]");
        }
        for (int id : all) {
            ActiveSet.checkId(id);
        }
        ActiveSet.checkPoints(ring, all);
        this.threshold = threshold;
        this.parties = Collections.unmodifiableList(new ArrayList<>(all));
        this.setupId = setupId;
        this.transportRandom = transportRandom;
        this.transport = DealingSeal.generate(transportRandom);
        this.transportRaw = DealingSeal.raw(transport.getPublic());
        peerKeys.put(party.id(), transportRaw);
    }

    public ThresholdParty(Party party, int threshold, Collection<Integer> parties, long setupId) {
        this(party, threshold, parties, setupId, new SecureRandom());
    }

    public int id() {
        return party.id();
    }

    /** The underlying n-out-of-n party, for CKG / RKG / RTG with the ternary s_i. */
    public Party party() {
        return party;
    }

    public int threshold() {
        return threshold;
    }

    public List<Integer> parties() {
        return parties;
    }

    // ---------------------------------------------------------------- setup

    /** This party's X25519 transport public key as a {@link ShareType#TRANSPORT_KEY} message. */
    public byte[] transportKeyMessage() {
        return codec.encodeTransportKey(setupId, id(), transportRaw);
    }

    /** Records a peer's transport key received from {@code sender} over the authenticated channel. */
    public void acceptTransportKey(int sender, byte[] message) {
        ShareCodec.TransportKey k;
        try {
            k = codec.decodeTransportKey(message);
        } catch (MultipartyFormatException e) {
            throw new MultipartyFormatException(sender, e.getMessage(), e);
        }
        String who = "transport key from party " + sender;
        if (!parties.contains(sender) || sender == id()) {
            throw refuse(sender, who + ": not a peer of party " + id() + " (parties " + parties + ")");
        }
        if (k.partyId() != sender) {
            throw refuse(sender, who + " claims to be from party " + k.partyId());
        }
        if (k.protocolId() != setupId) {
            throw refuse(sender, who + ": setup id " + k.protocolId() + ", expected " + setupId);
        }
        byte[] old = peerKeys.get(sender);
        if (old != null && !Arrays.equals(old, k.key())) {
            throw refuse(sender, who + ": a different key was already received");
        }
        try {
            DealingSeal.fromRaw(k.key());
        } catch (java.security.GeneralSecurityException e) {
            throw new MultipartyFormatException(sender, "invalid X25519 key: " + e.getMessage(), e);
        }
        peerKeys.put(sender, k.key());
    }

    /** Parties whose transport key is still missing. */
    public Set<Integer> missingTransportKeys() {
        Set<Integer> m = new TreeSet<>(parties);
        m.removeAll(peerKeys.keySet());
        return m;
    }

    /**
     * Draws f_i and returns one sealed {@link ShareType#DEALING} message per other party (recipient
     * id -> bytes); the evaluation at this party's own point is kept. Once only; needs every
     * transport key. The random coefficients come from the party's RandomSource and are wiped.
     */
    public Map<Integer, byte[]> deal() {
        if (dealt) {
            throw new IllegalStateException("party " + id() + " already dealt in setup " + setupId);
        }
        Set<Integer> missing = missingTransportKeys();
        if (!missing.isEmpty()) {
            throw new MultipartyProtocolException(new ArrayList<>(missing), "party " + id()
                    + " cannot deal: missing the transport keys of parties " + missing);
        }
        int[] idx = ring.qpIndices(ring.qCount() - 1);
        int n = ring.degree();
        long[][][] coeffs = new long[threshold][][];
        coeffs[0] = party.secretNttCopy();
        Prng prng = new Prng(party.random().freshSeed(), 0);
        for (int k = 1; k < threshold; k++) {
            coeffs[k] = new long[idx.length][n];
            for (int r = 0; r < idx.length; r++) {
                long q = ring.modulus(idx[r]).value();
                long[] row = coeffs[k][r];
                for (int c = 0; c < n; c++) {
                    row[c] = prng.uniformMod(q);
                }
            }
        }
        prng.wipe();
        Map<Integer, byte[]> out = new LinkedHashMap<>();
        for (int j : parties) {
            long[][] value = evaluate(coeffs, ActiveSet.point(j), idx);
            if (j == id()) {
                dealings.put(j, value);
                continue;
            }
            byte[] header = codec.dealingHeader(setupId, id(), j);
            byte[] plain = codec.packDealing(value);
            wipe(value);
            byte[] sealed = DealingSeal.seal(ctx.parameters().fingerprint(), setupId, id(), j, transport.getPrivate(),
                    transportRaw, peerKeys.get(j), header, plain, transportRandom);
            Arrays.fill(plain, (byte) 0);
            out.put(j, codec.encodeDealing(header, sealed));
        }
        for (long[][] c : coeffs) {
            wipe(c);
        }
        dealt = true;
        maybeFinish();
        return out;
    }

    /** f(x) by Horner, per prime. */
    private long[][] evaluate(long[][][] coeffs, long x, int[] idx) {
        int n = ring.degree();
        long[][] acc = new long[idx.length][n];
        for (int r = 0; r < idx.length; r++) {
            Modulus m = ring.modulus(idx[r]);
            long xr = m.reduce(x);
            long[] row = acc[r];
            for (int k = coeffs.length - 1; k >= 0; k--) {
                long[] ck = coeffs[k][r];
                for (int c = 0; c < n; c++) {
                    row[c] = m.add(m.mul(row[c], xr), ck[c]);
                }
            }
        }
        return acc;
    }

    /**
     * Opens and stores the dealing received from {@code sender}. Bytes that do not decode, are
     * sealed to another party, or do not authenticate throw {@link MultipartyFormatException} naming
     * the sender; a well-formed dealing that does not belong here (wrong setup id, duplicate, claimed
     * dealer) throws {@link MultipartyProtocolException}.
     */
    public void receiveDealing(int sender, byte[] message) {
        ShareCodec.SealedDealing d;
        try {
            d = codec.decodeDealing(message);
        } catch (MultipartyFormatException e) {
            throw new MultipartyFormatException(sender, e.getMessage(), e);
        }
        String who = "dealing from party " + sender;
        if (!parties.contains(sender) || sender == id()) {
            throw refuse(sender, who + ": not a peer of party " + id() + " (parties " + parties + ")");
        }
        if (d.dealer() != sender) {
            throw refuse(sender, who + " claims to be from party " + d.dealer());
        }
        if (d.recipient() != id()) {
            throw new MultipartyFormatException(sender, "dealing sealed to party " + d.recipient()
                    + ", not to party " + id(), null);
        }
        if (d.protocolId() != setupId) {
            throw refuse(sender, who + ": setup id " + d.protocolId() + ", expected " + setupId);
        }
        if (dealings.containsKey(sender)) {
            throw refuse(sender, who + ": duplicate");
        }
        byte[] peer = peerKeys.get(sender);
        if (peer == null) {
            throw refuse(sender, who + ": its transport key has not been received");
        }
        byte[] plain = DealingSeal.open(ctx.parameters().fingerprint(), setupId, sender, id(), transport.getPrivate(),
                peer, transportRaw, d.header(), d.sealed());
        long[][] value;
        try {
            value = codec.unpackDealing(plain);
        } catch (MultipartyFormatException e) {
            throw new MultipartyFormatException(sender, e.getMessage(), e);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        dealings.put(sender, value);
        maybeFinish();
    }

    /** Parties whose dealing has not arrived (this party counts until it has dealt). */
    public Set<Integer> missingDealings() {
        Set<Integer> m = new TreeSet<>(parties);
        m.removeAll(dealings.keySet());
        return m;
    }

    public boolean isSetupComplete() {
        return shamirShare != null;
    }

    private void maybeFinish() {
        if (shamirShare != null || dealings.size() != parties.size()) {
            return;
        }
        int[] idx = ring.qpIndices(ring.qCount() - 1);
        long[][] sum = null;
        for (long[][] v : dealings.values()) {
            if (sum == null) {
                sum = RnsOps.copy(v);
            } else {
                RnsOps.add(ring, sum, v, sum, idx);
            }
            wipe(v);
        }
        dealings.replaceAll((k, v) -> new long[0][]);
        shamirShare = sum;
    }

    // ---------------------------------------------------------------- threshold protocols

    /** lambda_id^T * sh_id over Q_level, after checking the setup and the set. */
    private long[][] additiveShare(ActiveSet set, int level) {
        if (shamirShare == null) {
            throw new MultipartyProtocolException(new ArrayList<>(missingDealings()), "party " + id()
                    + " has not finished the threshold setup: missing dealings from " + missingDealings());
        }
        if (!set.contains(id())) {
            throw new IllegalArgumentException("party " + id() + " is not in " + set);
        }
        if (set.size() < threshold) {
            throw new IllegalArgumentException(set + " has fewer than t = " + threshold + " parties");
        }
        if (!parties.containsAll(set.ids())) {
            throw new IllegalArgumentException(set + " contains parties outside " + parties);
        }
        int[] idx = ring.qIndices(level);
        long[] lambda = set.lagrangeAtZero(ring, id(), idx);
        long[][] out = new long[idx.length][ring.degree()];
        for (int r = 0; r < idx.length; r++) {
            Modulus m = ring.modulus(idx[r]);
            long[] src = shamirShare[r];
            long[] dst = out[r];
            for (int c = 0; c < dst.length; c++) {
                dst[c] = m.mul(src[c], lambda[r]);
            }
        }
        return out;
    }

    /**
     * Threshold decryption share: lambda*sh*c1 + t*f (f the smudging noise, added after the
     * multiplication), with aux = the active set's digest. Pick B with {@code Smudging.bits(ctx,
     * level, set.size(), noiseBits)}.
     */
    public Share decryptionShare(long protocolId, Ciphertext ct, int smudgingBits, ActiveSet set) {
        long[][] sk = additiveShare(set, ct.level());
        try {
            String key = refuseReuse(ct, set);
            Share share = party.decryptionShare(protocolId, ct, smudgingBits, sk, set.digest());
            answered.putIfAbsent(key, set);
            return share;
        } finally {
            wipe(sk);
        }
    }

    /** Threshold PCKS share towards the recipient's public key, aux = the active set's digest. */
    public Share pcksShare(long protocolId, Ciphertext ct, PublicKey recipient, int smudgingBits, ActiveSet set) {
        long[][] sk = additiveShare(set, ct.level());
        try {
            String key = refuseReuse(ct, set);
            Share share = party.pcksShare(protocolId, ct, recipient, smudgingBits, sk, set.digest());
            answered.putIfAbsent(key, set);
            return share;
        } finally {
            wipe(sk);
        }
    }

    /**
     * The share-reuse guard. Shares of one c1 under two active sets are lambda*x + t*f and
     * lambda'*x + t*f' with the same x = sh*c1; lambda'/lambda is a known rational, so a
     * combination of them cancels x and leaves an exact integer relation between the two floods.
     * Enough such relations pin the floods down and then x and the Shamir share itself (see
     * ShareReuseAttackTest and docs/multiparty.md). Another share of the same c1 under the
     * same set is allowed: it is one more fresh smudged decryption with the same weight, which
     * the repeated-decryption bound already counts. The protocol id is deliberately not part of
     * the key: whoever asks chooses it.
     *
     * @return the digest under which the ciphertext is recorded once the share is made
     */
    private String refuseReuse(Ciphertext ct, ActiveSet set) {
        String key = c1Digest(ct);
        ActiveSet before = answered.get(key);
        if (reuseGuard && before != null && before.digest() != set.digest()) {
            throw new IllegalStateException("party " + id() + " refuses a share of ciphertext c1 " + key.substring(0, 16)
                    + " (level " + ct.level() + ") for " + set + ": it already answered that ciphertext for " + before
                    + ", and two active sets on one c1 let the combiner strip the smudging (share reuse);"
                    + " re-randomize the ciphertext for the new set");
        }
        return key;
    }

    /** SHA-256 over the parameter fingerprint, the level and c1 (NTT form over Q_level), hex. */
    private static String c1Digest(Ciphertext ct) {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            md.update("SMiLe answered c1 v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            long[][] c1 = ct.component(1);
            java.nio.ByteBuffer head = java.nio.ByteBuffer.allocate(16);
            head.putLong(ct.fingerprint()).putInt(ct.level()).putInt(c1.length);
            md.update(head.array());
            java.nio.ByteBuffer row = java.nio.ByteBuffer.allocate(8 * c1[0].length);
            for (int r = 0; r <= ct.level(); r++) {
                row.clear();
                row.asLongBuffer().put(c1[r]);
                md.update(row.array());
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Test support only: turns the share-reuse guard off, so a test can show the attack it stops. */
    void disableShareReuseGuardForTestsOnly() {
        reuseGuard = false;
    }

    /** Test support only: this party's Shamir share F(x_id) in NTT form over Q*P. */
    long[][] shamirShareForTestsOnly() {
        return shamirShare == null ? null : RnsOps.copy(shamirShare);
    }

    /** Best effort: overwrites the Shamir share, pending dealings and the party's s_i. */
    public void destroy() {
        if (shamirShare != null) {
            wipe(shamirShare);
        }
        for (long[][] v : dealings.values()) {
            wipe(v);
        }
        party.destroy();
    }

    private static MultipartyProtocolException refuse(int party, String message) {
        return new MultipartyProtocolException(List.of(party), message);
    }

    private static void wipe(long[][] poly) {
        for (long[] row : poly) {
            Arrays.fill(row, 0);
        }
    }

    @Override
    public String toString() {
        return "ThresholdParty(" + id() + ", t=" + threshold + " of " + parties.size() + ", secret redacted)";
    }
}

package io.smile.he.wire;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.EvaluationKeys;
import io.smile.he.bgv.InvalidParametersException;
import io.smile.he.ring.Prng;
import io.smile.he.ring.RingContext;
import io.smile.he.rlwe.KeyGenerator;
import io.smile.he.rlwe.KeySwitchKey;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.RlweEncryptor;
import io.smile.he.rlwe.SecretKey;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The binary wire format (version 1) of parameters, ciphertexts and keys; the layout is specified
 * in {@code docs/wire-format.md}. Every object starts with the 14-byte header
 * {@code "SMLE" | version | type | parameter fingerprint}. Polynomials travel in NTT form, each
 * limb bit-packed at ceil(log2 q_i) bits per coefficient; uniform polynomials that were expanded
 * from a seed (c1 of a secret-key ciphertext, {@code a} of public and key-switching keys) travel as
 * their 32-byte seed.
 *
 * <p>Decoding treats its input as hostile: every field is validated, the exact expected length is
 * computed from the parameters and the header fields and compared with the input length before
 * anything is allocated, and every failure is a {@link WireFormatException}. Encoding an object that
 * belongs to another parameter set or is internally inconsistent throws
 * {@link IllegalArgumentException} (a programming error, not a wire-format problem).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class BgvSerializer {
    static final byte[] MAGIC = "SMLE".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;
    static final int TYPE_PARAMETERS = 1;
    static final int TYPE_CIPHERTEXT = 2;
    static final int TYPE_PUBLIC_KEY = 3;
    static final int TYPE_EVALUATION_KEYS = 4;
    static final int TYPE_SECRET_KEY = 5;
    static final int HEADER_BYTES = 14;
    static final int SEED_BYTES = Prng.SEED_BYTES;
    /** Header + degree u32 + t u64 + two u8 prime counts. */
    static final int PARAMETERS_FIXED_BYTES = HEADER_BYTES + 4 + 8 + 1 + 1;
    /** Header + level u8 + size u8 + flags u8 + factor u64. */
    static final int CIPHERTEXT_FIXED_BYTES = HEADER_BYTES + 3 + 8;
    /** Header + flags u8 + Galois key count u32. */
    static final int EVALUATION_KEYS_FIXED_BYTES = HEADER_BYTES + 1 + 4;
    static final int CIPHERTEXT_FLAG_SEEDED = 1;
    static final int EVALUATION_KEYS_FLAG_RELIN = 1;
    private static final int MAX_PRIMES = 64;

    private final BgvContext ctx;
    private final RingContext ring;
    private final long fingerprint;
    private final int n;
    private final int qCount;
    private final int rows;
    private final long t;
    /** Value and packed width of every prime, q_0..q_L then the special primes. */
    private final long[] primes;
    private final int[] bits;
    /** prefixBytes[k] = bytes of limbs 0..k-1 (over all primes, in order). */
    private final long[] prefixBytes;

    public BgvSerializer(BgvContext ctx) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        BgvParameters p = ctx.parameters();
        this.ring = ctx.ring();
        this.fingerprint = p.fingerprint();
        this.n = p.degree();
        this.t = p.plainModulus();
        long[] q = p.ciphertextPrimes();
        long[] sp = p.specialPrimes();
        this.qCount = q.length;
        this.rows = q.length + sp.length;
        this.primes = new long[rows];
        this.bits = new int[rows];
        this.prefixBytes = new long[rows + 1];
        for (int i = 0; i < rows; i++) {
            primes[i] = i < qCount ? q[i] : sp[i - qCount];
            bits[i] = 64 - Long.numberOfLeadingZeros(primes[i]);
            prefixBytes[i + 1] = prefixBytes[i] + WireReader.limbBytes(n, bits[i]);
        }
    }

    // ------------------------------------------------------------------ sizes

    /** Exact encoded size of a ciphertext with these header fields. */
    long ciphertextBytes(int level, int size, boolean seeded) {
        int sent = seeded ? size - 1 : size;
        return CIPHERTEXT_FIXED_BYTES + (seeded ? SEED_BYTES : 0) + sent * prefixBytes[level + 1];
    }

    long publicKeyBytes() {
        return HEADER_BYTES + SEED_BYTES + prefixBytes[qCount];
    }

    /** One key-switching key: seed + qCount digits of rows over every prime of Q*P. */
    long keySwitchKeyBytes() {
        return SEED_BYTES + qCount * prefixBytes[rows];
    }

    long evaluationKeysBytes(boolean relin, long galoisCount) {
        return EVALUATION_KEYS_FIXED_BYTES + (relin ? keySwitchKeyBytes() : 0) + galoisCount * (4 + keySwitchKeyBytes());
    }

    long secretKeyBytes() {
        return HEADER_BYTES + WireReader.limbBytes(n, 2);
    }

    static long parametersBytes(int primeCount) {
        return PARAMETERS_FIXED_BYTES + 8L * primeCount;
    }

    // ------------------------------------------------------------------ parameters

    public static byte[] writeParameters(BgvParameters p) {
        Objects.requireNonNull(p, "parameters");
        long[] q = p.ciphertextPrimes();
        long[] sp = p.specialPrimes();
        WireWriter w = new WireWriter(parametersBytes(q.length + sp.length));
        w.header(TYPE_PARAMETERS, p.fingerprint());
        w.u32(p.degree());
        w.u64(p.plainModulus());
        w.u8(q.length);
        w.u8(sp.length);
        for (long v : q) {
            w.u64(v);
        }
        for (long v : sp) {
            w.u64(v);
        }
        return w.finish();
    }

    /**
     * Decodes and fully re-validates a parameter set ({@link BgvParameters#of}). Parameters below
     * the 128-bit security bound are refused unless {@code allowInsecure}; even then, a set that
     * meets the bound is returned as a secure one.
     */
    public static BgvParameters readParameters(byte[] in, boolean allowInsecure) {
        WireReader r = open(in, TYPE_PARAMETERS);
        long headerFingerprint = r.u64("fingerprint");
        long degree = r.u32("degree");
        long plain = r.u64("plaintext modulus");
        int qc = r.u8("ciphertext prime count");
        int pc = r.u8("special prime count");
        if (qc < 1 || pc < 1 || qc + pc > MAX_PRIMES) {
            throw new WireFormatException("prime counts " + qc + " + " + pc + " invalid: need at least one of each and at most "
                    + MAX_PRIMES + " in total");
        }
        long expected = parametersBytes(qc + pc);
        if (in.length != expected) {
            throw new WireFormatException(lengthMessage("parameters", expected, in.length));
        }
        if (degree > BgvParameters.MAX_DEGREE) {
            throw new WireFormatException("ring degree " + degree + " exceeds " + BgvParameters.MAX_DEGREE);
        }
        long[] q = new long[qc];
        long[] sp = new long[pc];
        for (int i = 0; i < qc; i++) {
            q[i] = r.u64("ciphertext prime " + i);
        }
        for (int i = 0; i < pc; i++) {
            sp[i] = r.u64("special prime " + i);
        }
        r.end("parameters");
        BgvParameters p;
        try {
            p = BgvParameters.of((int) degree, plain, q, sp, false);
        } catch (InvalidParametersException strict) {
            if (!allowInsecure) {
                throw new WireFormatException("parameters refused: " + strict.getMessage(), strict);
            }
            try {
                p = BgvParameters.of((int) degree, plain, q, sp, true);
            } catch (RuntimeException e) {
                throw new WireFormatException("parameters refused: " + e.getMessage(), e);
            }
        } catch (RuntimeException e) {
            throw new WireFormatException("parameters refused: " + e.getMessage(), e);
        }
        if (p.fingerprint() != headerFingerprint) {
            throw new WireFormatException("parameter fingerprint in the header (" + hex(headerFingerprint)
                    + ") does not match the parameters (" + hex(p.fingerprint()) + ")");
        }
        return p;
    }

    // ------------------------------------------------------------------ ciphertexts

    /**
     * Encodes a ciphertext. A seeded one (fresh secret-key encryption) is sent as c0 plus the
     * 32-byte seed of c1; refuses a ciphertext whose c1 is not the expansion of its seed.
     */
    public byte[] writeCiphertext(Ciphertext ct) {
        Objects.requireNonNull(ct, "ciphertext");
        ctx.checkSame(ct.fingerprint(), "ciphertext");
        int level = ct.level();
        int size = ct.size();
        boolean seeded = ct.isSeeded();
        if (level < 0 || level >= qCount) {
            throw new IllegalArgumentException("ciphertext level " + level + " outside [0, " + (qCount - 1) + "]");
        }
        if (ct.factor() < 1 || ct.factor() >= t) {
            throw new IllegalArgumentException("ciphertext factor " + ct.factor() + " outside [1, t)");
        }
        byte[] seed = null;
        if (seeded) {
            if (size != 2) {
                throw new IllegalArgumentException("a seeded ciphertext must have 2 components, has " + size);
            }
            seed = ct.seed();
            checkExpansion(ct.component(1), seed, RlweEncryptor.CIPHERTEXT_DOMAIN, ring.qIndices(level), "ciphertext c1");
        }
        WireWriter w = new WireWriter(ciphertextBytes(level, size, seeded));
        w.header(TYPE_CIPHERTEXT, fingerprint);
        w.u8(level);
        w.u8(size);
        w.u8(seeded ? CIPHERTEXT_FLAG_SEEDED : 0);
        w.u64(ct.factor());
        if (seeded) {
            w.bytes(seed);
        }
        for (int c = 0; c < size; c++) {
            if (seeded && c == 1) {
                continue;
            }
            writeRows(w, ct.component(c), level + 1, "ciphertext component " + c);
        }
        return w.finish();
    }

    public Ciphertext readCiphertext(byte[] in) {
        WireReader r = open(in, TYPE_CIPHERTEXT);
        checkFingerprint(r.u64("fingerprint"), "ciphertext");
        int level = r.u8("level");
        if (level >= qCount) {
            throw new WireFormatException("ciphertext level " + level + " outside [0, " + (qCount - 1) + "]");
        }
        int size = r.u8("size");
        if (size != 2 && size != 3) {
            throw new WireFormatException("ciphertext size " + size + " is not 2 or 3");
        }
        int flags = r.u8("flags");
        if ((flags & ~CIPHERTEXT_FLAG_SEEDED) != 0) {
            throw new WireFormatException("unknown ciphertext flags 0x" + Integer.toHexString(flags));
        }
        boolean seeded = (flags & CIPHERTEXT_FLAG_SEEDED) != 0;
        if (seeded && size != 2) {
            throw new WireFormatException("a seeded ciphertext must have size 2, got size " + size);
        }
        long factor = r.u64("factor");
        if (factor < 1 || factor >= t || !BigInteger.valueOf(factor).gcd(BigInteger.valueOf(t)).equals(BigInteger.ONE)) {
            throw new WireFormatException("ciphertext factor " + Long.toUnsignedString(factor)
                    + " is not an invertible value in [1, t=" + t + ")");
        }
        long expected = ciphertextBytes(level, size, seeded);
        if (in.length != expected) {
            throw new WireFormatException(lengthMessage("ciphertext (level " + level + ", size " + size
                    + (seeded ? ", seeded" : "") + ")", expected, in.length));
        }
        byte[] seed = seeded ? r.bytes(SEED_BYTES, "seed") : null;
        long[][][] polys = new long[size][][];
        for (int c = 0; c < size; c++) {
            if (!(seeded && c == 1)) {
                polys[c] = readRows(r, level + 1, "ciphertext component " + c);
            }
        }
        r.end("ciphertext");
        if (seeded) {
            polys[1] = ring.uniformFromSeed(seed, RlweEncryptor.CIPHERTEXT_DOMAIN, ring.qIndices(level));
        }
        try {
            return new Ciphertext(fingerprint, polys, level, factor, seed);
        } catch (RuntimeException e) {
            throw new WireFormatException("ciphertext rejected: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ public key

    /** Encodes b (level L) and the seed of a; refuses a key whose a is not the expansion of its seed. */
    public byte[] writePublicKey(PublicKey pk) {
        Objects.requireNonNull(pk, "public key");
        byte[] seed = pk.seed();
        checkExpansion(pk.a(), seed, KeyGenerator.PUBLIC_KEY_DOMAIN, ring.qIndices(qCount - 1), "public key a");
        WireWriter w = new WireWriter(publicKeyBytes());
        w.header(TYPE_PUBLIC_KEY, fingerprint);
        w.bytes(seed);
        writeRows(w, pk.b(), qCount, "public key b");
        return w.finish();
    }

    public PublicKey readPublicKey(byte[] in) {
        WireReader r = open(in, TYPE_PUBLIC_KEY);
        checkFingerprint(r.u64("fingerprint"), "public key");
        long expected = publicKeyBytes();
        if (in.length != expected) {
            throw new WireFormatException(lengthMessage("public key", expected, in.length));
        }
        byte[] seed = r.bytes(SEED_BYTES, "seed");
        long[][] b = readRows(r, qCount, "public key b");
        r.end("public key");
        long[][] a = ring.uniformFromSeed(seed, KeyGenerator.PUBLIC_KEY_DOMAIN, ring.qIndices(qCount - 1));
        try {
            return new PublicKey(b, a, seed);
        } catch (RuntimeException e) {
            throw new WireFormatException("public key rejected: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ evaluation keys

    /**
     * Encodes the optional relinearization key then the Galois keys in ascending order of element;
     * each key is its seed and the b_i of every digit.
     */
    public byte[] writeEvaluationKeys(EvaluationKeys ek) {
        Objects.requireNonNull(ek, "evaluation keys");
        ctx.checkSame(ek.fingerprint(), "evaluation keys");
        KeySwitchKey relin = ek.relinearization();
        Map<Long, KeySwitchKey> galois = ek.galois();
        long prev = 0;
        for (Map.Entry<Long, KeySwitchKey> e : galois.entrySet()) {
            long g = e.getKey();
            checkGaloisElement(g, prev, "evaluation keys", IllegalArgumentException::new);
            prev = g;
            if (e.getValue() == null) {
                throw new IllegalArgumentException("no key for Galois element " + g);
            }
        }
        if (relin != null) {
            checkKeyExpansion(relin, "relinearization key");
        }
        for (Map.Entry<Long, KeySwitchKey> e : galois.entrySet()) {
            checkKeyExpansion(e.getValue(), "Galois key " + e.getKey());
        }
        WireWriter w = new WireWriter(evaluationKeysBytes(relin != null, galois.size()));
        w.header(TYPE_EVALUATION_KEYS, fingerprint);
        w.u8(relin != null ? EVALUATION_KEYS_FLAG_RELIN : 0);
        w.u32(galois.size());
        if (relin != null) {
            writeKey(w, relin, "relinearization key");
        }
        for (Map.Entry<Long, KeySwitchKey> e : galois.entrySet()) {
            w.u32(e.getKey());
            writeKey(w, e.getValue(), "Galois key " + e.getKey());
        }
        return w.finish();
    }

    public EvaluationKeys readEvaluationKeys(byte[] in) {
        WireReader r = open(in, TYPE_EVALUATION_KEYS);
        checkFingerprint(r.u64("fingerprint"), "evaluation keys");
        int flags = r.u8("flags");
        if ((flags & ~EVALUATION_KEYS_FLAG_RELIN) != 0) {
            throw new WireFormatException("unknown evaluation-key flags 0x" + Integer.toHexString(flags));
        }
        boolean hasRelin = (flags & EVALUATION_KEYS_FLAG_RELIN) != 0;
        long count = r.u32("Galois key count");
        // there are only N odd elements in (0, 2N)
        if (count > n) {
            throw new WireFormatException("Galois key count " + count + " exceeds the " + n + " possible Galois elements");
        }
        long expected = evaluationKeysBytes(hasRelin, count);
        if (in.length != expected) {
            throw new WireFormatException(lengthMessage("evaluation keys (" + (hasRelin ? "relinearization + " : "")
                    + count + " Galois keys)", expected, in.length));
        }
        // parse and validate everything first; the keys are held compact (b rows + seed)
        byte[] relinSeed = null;
        long[][][] relinB = null;
        if (hasRelin) {
            relinSeed = r.bytes(SEED_BYTES, "relinearization key seed");
            relinB = readKeyDigits(r, "relinearization key");
        }
        int c = (int) count;
        long[] elements = new long[c];
        byte[][] seeds = new byte[c][];
        long[][][][] bs = new long[c][][][];
        Set<Long> seen = new HashSet<>();
        long prev = 0;
        for (int i = 0; i < c; i++) {
            long g = r.u32("Galois element " + i);
            if (!seen.add(g)) {
                throw new WireFormatException("duplicated Galois element " + g);
            }
            checkGaloisElement(g, prev, "evaluation keys", WireFormatException::new);
            prev = g;
            elements[i] = g;
            seeds[i] = r.bytes(SEED_BYTES, "seed of Galois key " + g);
            bs[i] = readKeyDigits(r, "Galois key " + g);
        }
        r.end("evaluation keys");
        try {
            KeySwitchKey relin = hasRelin ? compactKey(relinB, relinSeed) : null;
            Map<Long, KeySwitchKey> galois = new LinkedHashMap<>();
            for (int i = 0; i < c; i++) {
                galois.put(elements[i], compactKey(bs[i], seeds[i]));
            }
            return new EvaluationKeys(fingerprint, relin, galois);
        } catch (RuntimeException e) {
            throw new WireFormatException("evaluation keys rejected: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ secret key

    /**
     * Encodes the ternary coefficients at 2 bits each (00 = 0, 01 = +1, 10 = -1). For the edge's
     * local key store only: a secret key never goes on the network.
     */
    public byte[] writeSecretKey(SecretKey sk) {
        Objects.requireNonNull(sk, "secret key");
        byte[] s = sk.coefficients();
        try {
            if (s.length != n) {
                throw new IllegalArgumentException("secret key has " + s.length + " coefficients, ring degree is " + n);
            }
            long[] codes = new long[n];
            for (int i = 0; i < n; i++) {
                if (s[i] < -1 || s[i] > 1) {
                    throw new IllegalArgumentException("secret key coefficient " + i + " is not ternary");
                }
                codes[i] = ternaryCode(s[i]);
            }
            WireWriter w = new WireWriter(secretKeyBytes());
            w.header(TYPE_SECRET_KEY, fingerprint);
            w.limb(codes, n, 2, 3, "secret key");
            Arrays.fill(codes, 0);
            return w.finish();
        } finally {
            Arrays.fill(s, (byte) 0);
        }
    }

    /** -1, 0, 1 to the 2-bit codes 10, 00, 01: v + 3 if v &lt; 0, by the sign mask (no branch on the secret). */
    static long ternaryCode(byte v) {
        return v + (3 & (v >> 31));
    }

    /** The 2-bit codes 00, 01, 10 back to 0, 1, -1: c - 3 * (c &gt;&gt; 1), no branch (11 is refused before). */
    static byte ternaryOfCode(long c) {
        return (byte) (c - 3 * (c >> 1));
    }

    public SecretKey readSecretKey(byte[] in) {
        WireReader r = open(in, TYPE_SECRET_KEY);
        checkFingerprint(r.u64("fingerprint"), "secret key");
        long expected = secretKeyBytes();
        if (in.length != expected) {
            throw new WireFormatException(lengthMessage("secret key", expected, in.length));
        }
        long[] codes = r.limb(n, 2, 4, "secret key");
        r.end("secret key");
        byte[] s = new byte[n];
        for (int i = 0; i < n; i++) {
            if (codes[i] == 3) {
                Arrays.fill(codes, 0);
                Arrays.fill(s, (byte) 0);
                throw new WireFormatException("secret key coefficient " + i + " has the invalid 2-bit code 11: not ternary");
            }
            s[i] = ternaryOfCode(codes[i]);
        }
        Arrays.fill(codes, 0);
        try {
            return SecretKey.fromCoefficients(ring, s);
        } catch (RuntimeException e) {
            throw new WireFormatException("secret key rejected: " + e.getMessage(), e);
        } finally {
            Arrays.fill(s, (byte) 0);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Checks magic, version and type; returns a reader positioned at the fingerprint. */
    private static WireReader open(byte[] in, int expectedType) {
        if (in == null) {
            throw new WireFormatException("no input (null)");
        }
        if (in.length < HEADER_BYTES) {
            throw new WireFormatException("truncated input: " + in.length + " bytes, the header alone is " + HEADER_BYTES);
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (in[i] != MAGIC[i]) {
                throw new WireFormatException(String.format("bad magic %02x%02x%02x%02x: not a SMiLe object (expected \"SMLE\")",
                        in[0], in[1], in[2], in[3]));
            }
        }
        int version = in[4] & 0xff;
        if (version != FORMAT_VERSION) {
            throw new WireFormatException("unsupported format version " + version + " (this reader knows version " + FORMAT_VERSION + ")");
        }
        int type = in[5] & 0xff;
        if (type != expectedType) {
            throw new WireFormatException("expected a " + typeName(expectedType) + " (type " + expectedType + ") but found "
                    + (typeName(type) == null ? "unknown object type " + type : "a " + typeName(type) + " (type " + type + ")"));
        }
        return new WireReader(in, 6);
    }

    static String typeName(int type) {
        switch (type) {
            case TYPE_PARAMETERS: return "parameter set";
            case TYPE_CIPHERTEXT: return "ciphertext";
            case TYPE_PUBLIC_KEY: return "public key";
            case TYPE_EVALUATION_KEYS: return "evaluation-key set";
            case TYPE_SECRET_KEY: return "secret key";
            default: return null;
        }
    }

    private void checkFingerprint(long fp, String what) {
        if (fp != fingerprint) {
            throw new WireFormatException(what + " belongs to another parameter set (fingerprint " + hex(fp)
                    + ", this context is " + hex(fingerprint) + ")");
        }
    }

    private static String hex(long v) {
        return String.format("%016x", v);
    }

    private static String lengthMessage(String what, long expected, int actual) {
        return what + " must be exactly " + expected + " bytes, input has " + actual
                + (actual < expected ? " (truncated)" : " (" + (actual - expected) + " trailing bytes)");
    }

    private void checkGaloisElement(long g, long prev, String what, java.util.function.Function<String, RuntimeException> error) {
        if (g <= 0 || g >= 2L * n || (g & 1) == 0) {
            throw error.apply(what + ": Galois element " + g + " is not an odd number in (0, " + 2L * n + ")");
        }
        if (g == prev) {
            throw error.apply(what + ": duplicated Galois element " + g);
        }
        if (g < prev) {
            throw error.apply(what + ": Galois elements must be in ascending order (" + g + " after " + prev + ")");
        }
    }

    /** Limbs 0..count-1 (mod q_0..q_(count-1)); in this layout limb i is always modulo prime i. */
    private void writeRows(WireWriter w, long[][] poly, int count, String what) {
        if (poly == null || poly.length != count) {
            throw new IllegalArgumentException(what + " has " + (poly == null ? "no" : poly.length) + " limbs, expected " + count);
        }
        for (int i = 0; i < count; i++) {
            w.limb(poly[i], n, bits[i], primes[i], what + " limb " + i);
        }
    }

    private long[][] readRows(WireReader r, int count, String what) {
        long[][] out = new long[count][];
        for (int i = 0; i < count; i++) {
            out[i] = r.limb(n, bits[i], primes[i], what + " limb " + i);
        }
        return out;
    }

    private void writeKey(WireWriter w, KeySwitchKey key, String what) {
        w.bytes(key.seed());
        for (int d = 0; d < qCount; d++) {
            writeRows(w, key.b(d), rows, what + " digit " + d);
        }
    }

    private long[][][] readKeyDigits(WireReader r, String what) {
        long[][][] b = new long[qCount][][];
        for (int d = 0; d < qCount; d++) {
            b[d] = readRows(r, rows, what + " digit " + d);
        }
        return b;
    }

    /**
     * A decoded key is held compact (b rows + seed; its a rows are re-expanded from the seed through
     * the key switcher's cache), so the cloud holds each registered key's uniform half once, as 32 bytes.
     */
    private KeySwitchKey compactKey(long[][][] b, byte[] seed) {
        return KeySwitchKey.compact(ring, b, seed);
    }

    private void checkKeyExpansion(KeySwitchKey key, String what) {
        if (key.digits() != qCount) {
            throw new IllegalArgumentException(what + " has " + key.digits() + " digits, expected " + qCount);
        }
        if (key.isCompact()) {
            // its a rows are by construction the expansion of its seed
            return;
        }
        int[] idx = ring.qpIndices(qCount - 1);
        byte[] seed = key.seed();
        for (int d = 0; d < qCount; d++) {
            checkExpansion(key.a(d), seed, KeySwitchKey.seedDomain(d), idx, what + " digit " + d);
        }
    }

    /**
     * The receiver rebuilds a uniform polynomial from its seed; refuse to send an object whose
     * polynomial is not that expansion, since it would silently arrive as a different object.
     */
    private void checkExpansion(long[][] poly, byte[] seed, long domain, int[] idx, String what) {
        if (seed == null || seed.length != SEED_BYTES) {
            throw new IllegalArgumentException(what + ": seed must be " + SEED_BYTES + " bytes");
        }
        if (poly == null || poly.length != idx.length) {
            throw new IllegalArgumentException(what + " has " + (poly == null ? "no" : poly.length) + " limbs, expected " + idx.length);
        }
        long[][] expect = ring.uniformFromSeed(seed, domain, idx);
        for (int i = 0; i < idx.length; i++) {
            if (!Arrays.equals(poly[i], expect[i])) {
                throw new IllegalArgumentException(what + " is not the expansion of its seed (limb " + i + ")");
            }
        }
    }
}

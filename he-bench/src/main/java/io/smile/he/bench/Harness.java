package io.smile.he.bench;

import io.smile.he.bgv.BatchEncoder;
import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.BgvKeyGenerator;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Decryptor;
import io.smile.he.bgv.Encryptor;
import io.smile.he.bgv.EvaluationKeys;
import io.smile.he.bgv.Evaluator;
import io.smile.he.ring.RandomSource;
import io.smile.he.rlwe.KeySwitchKey;
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Times every engine operation on one parameter set with one thread count. Each iteration gets a
 * fresh random input, prepared outside the timed region; only the operation itself is timed, and
 * its result is consumed by {@link Blackhole}. Warm-up iterations run the same way and are dropped.
 */
public final class Harness {
    /** Operation labels, in report order. */
    public static final String SETUP = "parameters + context setup";
    public static final String KEYGEN = "secret + public key generation";
    public static final String RELIN_KEYGEN = "relinearization key generation";
    public static final String GALOIS_KEYGEN = "Galois key generation (one key)";
    public static final String ENCODE = "encode";
    public static final String ENCRYPT_PK = "encrypt with public key (incl. encode)";
    public static final String ENCRYPT_SK = "encrypt with secret key (incl. encode)";
    public static final String DECRYPT = "decrypt + decode";
    public static final String ADD = "add";
    public static final String MUL_PLAIN = "multiplyPlain (incl. encode)";
    public static final String MUL_PREPARED = "multiplyPlain (prepared plaintext)";
    public static final String MULTIPLY = "multiply + relinearize";
    public static final String SQUARE = "square + relinearize";
    public static final String MOD_SWITCH = "modSwitch (one level)";
    public static final String ROTATE = "rotateRows by 1";
    public static final String SWAP = "swapRows";
    public static final String SUM_SLOTS = "sumSlots";
    public static final String NOISE_BUDGET = "noise budget measurement";

    private final int iterations;
    private final int warmup;
    private final SplittableRandom random;

    public Harness(int iterations, int warmup, long inputSeed) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
        if (warmup < 0) {
            throw new IllegalArgumentException("warmup must be >= 0, got " + warmup);
        }
        this.iterations = iterations;
        this.warmup = warmup;
        this.random = new SplittableRandom(inputSeed);
    }

    /** One operation bound to one context: a fresh input per call of prepare, the timed op on it. */
    static final class Case {
        final Supplier<Object> input;
        final Function<Object, Object> op;

        @SuppressWarnings("unchecked")
        <I> Case(Supplier<I> input, Function<I, Object> op) {
            this.input = (Supplier<Object>) input;
            this.op = (Function<Object, Object>) op;
        }
    }

    /** Everything one thread count needs: its context, keys, encryptors and evaluator. */
    final class Fixture implements AutoCloseable {
        final int threads;
        final BgvContext ctx;
        final BgvKeyGenerator kg;
        final BatchEncoder encoder;
        final SecretKey sk;
        final Encryptor encPk;
        final Encryptor encSk;
        final Decryptor dec;
        final Evaluator ev;

        Fixture(BgvParameters params, int threads) {
            this.threads = threads;
            this.ctx = BgvContext.create(params, threads, RandomSource.secure());
            this.kg = new BgvKeyGenerator(ctx);
            this.encoder = ctx.encoder();
            this.sk = kg.secretKey();
            PublicKey pk = kg.publicKey(sk);
            EvaluationKeys keys = kg.evaluationKeys(sk);
            this.encPk = Encryptor.withPublicKey(ctx, pk);
            this.encSk = Encryptor.withSecretKey(ctx, sk);
            this.dec = new Decryptor(ctx, sk);
            this.ev = new Evaluator(ctx, keys);
        }

        long[] vector() {
            return randomVector(ctx.parameters().slotCount(), ctx.parameters().plainModulus());
        }

        Ciphertext fresh() {
            return encPk.encrypt(encoder.encode(vector()));
        }

        @Override
        public void close() {
            sk.destroy();
            ctx.close();
        }
    }

    /** The benchmarked operations in report order, as cases of one fixture. */
    private Map<String, Function<Fixture, Case>> operations(BgvParameters params) {
        Map<String, Function<Fixture, Case>> ops = new LinkedHashMap<>();
        BgvParameters.Builder rebuild = rebuildBuilder(params);
        boolean builderReproduces = rebuild.build().equals(params);
        ops.put(SETUP, f -> new Case(() -> null, nothing -> {
            // prime search + validation + NTT tables + key-switching constants + thread pool
            BgvParameters p = builderReproduces ? rebuild.build()
                    : BgvParameters.of(params.degree(), params.plainModulus(), params.ciphertextPrimes(),
                            params.specialPrimes(), params.isInsecure());
            return BgvContext.create(p, f.threads);
        }));
        ops.put(KEYGEN, f -> new Case(() -> null, nothing -> {
            SecretKey s = f.kg.secretKey();
            PublicKey p = f.kg.publicKey(s);
            return new Object[] {s, p};
        }));
        ops.put(RELIN_KEYGEN, f -> new Case(f.kg::secretKey, f.kg::relinearizationKey));
        ops.put(GALOIS_KEYGEN, f -> {
            long rot1 = f.ctx.rotationElement(1);
            return new Case(f.kg::secretKey, s -> f.kg.galoisKey(s, rot1));
        });
        ops.put(ENCODE, f -> new Case(f::vector, f.encoder::encode));
        ops.put(ENCRYPT_PK, f -> new Case(f::vector, v -> f.encPk.encrypt(f.encoder.encode(v))));
        ops.put(ENCRYPT_SK, f -> new Case(f::vector, v -> f.encSk.encrypt(f.encoder.encode(v))));
        ops.put(DECRYPT, f -> new Case(f::fresh, c -> f.encoder.decode(f.dec.decrypt(c))));
        ops.put(ADD, f -> new Case(() -> new Ciphertext[] {f.fresh(), f.fresh()}, c -> f.ev.add(c[0], c[1])));
        ops.put(MUL_PLAIN, f -> new Case(() -> new Object[] {f.fresh(), f.vector()},
                in -> f.ev.multiplyPlain((Ciphertext) in[0], f.encoder.encode((long[]) in[1]))));
        ops.put(MUL_PREPARED, f -> new Case(
                () -> new Object[] {f.fresh(), f.ev.prepare(f.encoder.encode(f.vector()), params.maxLevel())},
                in -> f.ev.multiplyPlain((Ciphertext) in[0], (Evaluator.PreparedPlaintext) in[1])));
        ops.put(MULTIPLY, f -> new Case(() -> new Ciphertext[] {f.fresh(), f.fresh()}, c -> f.ev.multiply(c[0], c[1])));
        ops.put(SQUARE, f -> new Case(f::fresh, f.ev::square));
        ops.put(MOD_SWITCH, f -> new Case(f::fresh, f.ev::modSwitch));
        ops.put(ROTATE, f -> new Case(f::fresh, c -> f.ev.rotateRows(c, 1)));
        ops.put(SWAP, f -> new Case(f::fresh, f.ev::swapRows));
        ops.put(SUM_SLOTS, f -> new Case(f::fresh, f.ev::sumSlots));
        ops.put(NOISE_BUDGET, f -> new Case(f::fresh, f.dec::noiseBudget));
        return ops;
    }

    /**
     * Times {@code cases} (one per thread count) interleaved: iteration i runs every case once, so
     * JIT state, GC pressure and machine noise drift equally over all thread counts. Each call
     * gets a fresh input; only the operation is timed. The first {@code warm} rounds are dropped.
     */
    List<Stats> measure(List<Case> cases, int warm, int timed) {
        long[][] samples = new long[cases.size()][timed];
        for (int i = -warm; i < timed; i++) {
            for (int c = 0; c < cases.size(); c++) {
                Case k = cases.get(c);
                Object in = k.input.get();
                long start = System.nanoTime();
                Object result = k.op.apply(in);
                long elapsed = System.nanoTime() - start;
                Blackhole.consume(result);
                if (i >= 0) {
                    samples[c][i] = elapsed;
                }
            }
        }
        List<Stats> out = new ArrayList<>();
        for (long[] s : samples) {
            out.add(new Stats(s));
        }
        return out;
    }

    /**
     * All operations on {@code params}, one context per thread count (result keyed by thread
     * count, then by operation). A first untimed pass over every operation warms the JIT up, so
     * the operations measured first are not penalized by compilation.
     */
    public Map<Integer, Map<String, Stats>> run(BgvParameters params, List<Integer> threadCounts, Consumer<String> progress) {
        Map<Integer, Map<String, Stats>> out = new LinkedHashMap<>();
        List<Fixture> fixtures = new ArrayList<>();
        try {
            progress.accept("contexts and keys for " + threadCounts + " threads (not timed)");
            for (int t : threadCounts) {
                fixtures.add(new Fixture(params, t));
                out.put(t, new LinkedHashMap<>());
            }
            Map<String, Function<Fixture, Case>> ops = operations(params);
            if (warmup > 0) {
                progress.accept("JIT warm-up pass over all operations (not timed)");
                for (Function<Fixture, Case> op : ops.values()) {
                    measure(cases(op, fixtures), 0, warmup);
                }
            }
            for (Map.Entry<String, Function<Fixture, Case>> op : ops.entrySet()) {
                progress.accept(op.getKey());
                System.gc();
                List<Stats> stats = measure(cases(op.getValue(), fixtures), warmup, iterations);
                for (int i = 0; i < fixtures.size(); i++) {
                    out.get(fixtures.get(i).threads).put(op.getKey(), stats.get(i));
                }
            }
        } finally {
            for (Fixture f : fixtures) {
                f.close();
            }
        }
        return out;
    }

    private static List<Case> cases(Function<Fixture, Case> op, List<Fixture> fixtures) {
        List<Case> cases = new ArrayList<>();
        for (Fixture f : fixtures) {
            cases.add(op.apply(f));
        }
        return cases;
    }

    /** Uniform slot values in [0, t): every bit of every slot is random. */
    long[] randomVector(int n, long t) {
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextLong(t);
        }
        return v;
    }

    /** A builder that chooses the same primes again (each is the largest suitable one of its size). */
    static BgvParameters.Builder rebuildBuilder(BgvParameters p) {
        BgvParameters.Builder b = BgvParameters.builder().degree(p.degree()).plainModulus(p.plainModulus())
                .ciphertextPrimeBits(bits(p.ciphertextPrimes())).specialPrimeBits(bits(p.specialPrimes()));
        if (p.isInsecure()) {
            b.allowInsecureForTestsOnly();
        }
        return b;
    }

    private static int[] bits(long[] primes) {
        int[] out = new int[primes.length];
        for (int i = 0; i < primes.length; i++) {
            out[i] = 64 - Long.numberOfLeadingZeros(primes[i]);
        }
        return out;
    }

    /** Serialized sizes of fresh objects of {@code params}, in report order. */
    public static Map<String, Long> sizes(BgvParameters params, int threads) {
        Map<String, Long> out = new LinkedHashMap<>();
        try (BgvContext ctx = BgvContext.create(params, threads, RandomSource.secure())) {
            io.smile.he.wire.BgvSerializer ser = new io.smile.he.wire.BgvSerializer(ctx);
            BgvKeyGenerator kg = new BgvKeyGenerator(ctx);
            SecretKey sk = kg.secretKey();
            PublicKey pk = kg.publicKey(sk);
            BatchEncoder encoder = ctx.encoder();
            SplittableRandom r = new SplittableRandom();
            long[] v = new long[params.slotCount()];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextLong(params.plainModulus());
            }
            Ciphertext viaPk = Encryptor.withPublicKey(ctx, pk).encrypt(encoder.encode(v));
            Ciphertext viaSk = Encryptor.withSecretKey(ctx, sk).encrypt(encoder.encode(v));
            Evaluator plainEv = new Evaluator(ctx, null);
            Ciphertext lowest = plainEv.modSwitchToLowest(viaPk);
            KeySwitchKey rk = kg.relinearizationKey(sk);
            long rot1 = ctx.rotationElement(1);
            KeySwitchKey gk = kg.galoisKey(sk, rot1);
            EvaluationKeys all = kg.evaluationKeys(sk);
            long fp = params.fingerprint();
            int galoisCount = all.galois().size();

            out.put("parameters", (long) io.smile.he.wire.BgvSerializer.writeParameters(params).length);
            out.put("fresh ciphertext, public-key encryption (level " + params.maxLevel() + ")", (long) ser.writeCiphertext(viaPk).length);
            out.put("fresh ciphertext, secret-key encryption, seeded (level " + params.maxLevel() + ")",
                    (long) ser.writeCiphertext(viaSk).length);
            out.put("lowest-level ciphertext (level 0, after modSwitchToLowest)", (long) ser.writeCiphertext(lowest).length);
            out.put("public key", (long) ser.writePublicKey(pk).length);
            out.put("relinearization key", (long) ser.writeEvaluationKeys(new EvaluationKeys(fp, rk, Map.of())).length);
            out.put("one Galois key (rotation by 1)", (long) ser.writeEvaluationKeys(new EvaluationKeys(fp, null, Map.of(rot1, gk))).length);
            out.put("evaluation keys, default set (relinearization + " + galoisCount + " Galois keys)",
                    (long) ser.writeEvaluationKeys(all).length);
            sk.destroy();
        }
        return out;
    }
}

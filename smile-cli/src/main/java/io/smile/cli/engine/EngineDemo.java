package io.smile.cli.engine;

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
import io.smile.he.rlwe.PublicKey;
import io.smile.he.rlwe.SecretKey;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The engine demo: keys, encryption of simulated sensor readings, the {@link Scoring} function
 * evaluated on ciphertexts, decryption, and a slot-by-slot check against the same function on
 * plaintext. Everything is logged to the given stream.
 */
public final class EngineDemo {
    /** Outcome of one run. */
    public static final class Result {
        private final boolean ok;
        private final int mismatches;
        private final int firstMismatch;
        private final long[] expected;
        private final long[] decrypted;

        Result(long[] expected, long[] decrypted) {
            this.expected = expected;
            this.decrypted = decrypted;
            this.firstMismatch = Scoring.firstMismatch(expected, decrypted);
            this.mismatches = Scoring.mismatchCount(expected, decrypted);
            this.ok = firstMismatch < 0;
        }

        /** True iff the decrypted result equals the plaintext result in every slot. */
        public boolean ok() {
            return ok;
        }

        public int mismatches() {
            return mismatches;
        }

        /** First differing slot, or -1. */
        public int firstMismatch() {
            return firstMismatch;
        }

        public long[] expected() {
            return expected.clone();
        }

        public long[] decrypted() {
            return decrypted.clone();
        }
    }

    private final PrintStream log;

    public EngineDemo(PrintStream log) {
        this.log = log;
    }

    /**
     * Runs the demo. {@code testSeed} null: SecureRandom keys and randomness (data from a random
     * seed); otherwise everything is derived from it, deterministic, for tests only.
     */
    public Result run(String name, BgvParameters params, int threads, Long testSeed) {
        return run(name, params, threads, testSeed, UnaryOperator.identity());
    }

    /** As {@link #run(String, BgvParameters, int, Long)}; {@code tamper} may alter the decrypted slots (tests). */
    Result run(String name, BgvParameters params, int threads, Long testSeed, UnaryOperator<long[]> tamper) {
        RandomSource random = testSeed == null ? RandomSource.secure() : RandomSource.deterministicForTestsOnly(testSeed);
        long dataSeed = testSeed == null ? new SecureRandom().nextLong() : testSeed;

        log.println("SMiLe engine demo: encrypted scoring of simulated sensor readings");
        log.println("parameters  : " + name + " = " + params);
        log.println("security    : " + security(params));
        log.println("threads     : " + threads);
        log.println("randomness  : " + (testSeed == null ? "SecureRandom"
                : "DETERMINISTIC from --seed " + testSeed + " (TEST ONLY: these keys protect nothing)"));

        SensorData data = SensorData.simulate(params.slotCount(), dataSeed);
        log.printf("data        : %d machines in %d lines of %d, 2 readings each (slot row 0: now, row 1: one hour ago)%n",
                data.machines(), data.lines(), SensorData.LINE);
        log.println("              temperature in 0.1 °C, torque in 0.1 Nm (fixed-point integers); data seed " + dataSeed);
        log.println("function    : per slot  wT*dT + wQ*dQ + dT*dQ + (dT - dT of the next machine),");
        log.println("              summed over each line of " + SensorData.LINE + " machines and both hours");
        log.println();

        try (BgvContext ctx = timed("context: NTT tables, key-switching constants",
                () -> BgvContext.create(params, threads, random))) {
            io.smile.he.wire.BgvSerializer wire = new io.smile.he.wire.BgvSerializer(ctx);
            BatchEncoder encoder = ctx.encoder();
            BgvKeyGenerator kg = new BgvKeyGenerator(ctx);
            SecretKey sk = timed("secret key", kg::secretKey);
            PublicKey pk = timed("public key", () -> kg.publicKey(sk));
            note("public key", wire.writePublicKey(pk).length);
            // rotations by 1 (neighbour), 1, 2, 4 (sumBlocks over 8 slots) and the row swap (both hours)
            EvaluationKeys keys = timed("evaluation keys: relinearization, rotations by 1, 2, 4, row swap",
                    () -> kg.evaluationKeys(sk, new int[] {1, 2, 4}, true));
            note("evaluation keys", wire.writeEvaluationKeys(keys).length);

            // --- edge: encrypt the readings with the public key
            Encryptor enc = Encryptor.withPublicKey(ctx, pk);
            Ciphertext temp = timed("encode + encrypt temperatures", () -> enc.encrypt(encoder.encode(data.temperature)));
            Ciphertext torque = timed("encode + encrypt torques", () -> enc.encrypt(encoder.encode(data.torque)));
            note("each input ciphertext", wire.writeCiphertext(temp).length);
            Decryptor dec = new Decryptor(ctx, sk);
            int freshBudget = dec.noiseBudget(temp);

            // --- cloud: the scoring function on ciphertexts only
            Evaluator ev = new Evaluator(ctx, keys);
            long start = System.nanoTime();
            Ciphertext dT = timed("dT = temperature - nominal (subPlain)",
                    () -> ev.subPlain(temp, encoder.encode(data.nominalTemperature)));
            Ciphertext dQ = timed("dQ = torque - nominal (subPlain)",
                    () -> ev.subPlain(torque, encoder.encode(data.nominalTorque)));
            Ciphertext lin = timed("lin = wT*dT + wQ*dQ (multiplyPlain x2, add)",
                    () -> ev.add(ev.multiplyPlain(dT, encoder.encode(data.weightTemperature)),
                            ev.multiplyPlain(dQ, encoder.encode(data.weightTorque))));
            Ciphertext quad = timed("quad = dT*dQ (multiply + relinearize)", () -> ev.multiply(dT, dQ));
            Ciphertext grad = timed("grad = dT - rotate(dT, 1) (rotateRows)", () -> ev.sub(dT, ev.rotateRows(dT, 1)));
            Ciphertext score = timed("score = lin + quad + grad (add)", () -> ev.add(ev.add(lin, quad), grad));
            int scoreBudget = dec.noiseBudget(score);
            Ciphertext lines = timed("line sums (sumBlocks over " + SensorData.LINE + " slots)",
                    () -> ev.sumBlocks(score, SensorData.LOG_LINE));
            Ciphertext total = timed("both hours (swapRows, add)", () -> ev.add(lines, ev.swapRows(lines)));
            int totalBudget = dec.noiseBudget(total);
            Ciphertext result = timed("switch to the lowest level (modSwitchToLowest)", () -> ev.modSwitchToLowest(total));
            log.printf("  cloud computation total: %.1f ms%n", (System.nanoTime() - start) / 1e6);
            note("result ciphertext (level " + result.level() + ")", wire.writeCiphertext(result).length);
            int resultBudget = dec.noiseBudget(result);

            // --- owner: decrypt and compare
            long[] decrypted = timed("decrypt + decode", () -> encoder.decode(dec.decryptChecked(result)));
            log.printf("noise budget: fresh %d bits -> score %d bits -> aggregated %d bits -> at level 0: %d bits%n",
                    freshBudget, scoreBudget, totalBudget, resultBudget);
            sk.destroy();

            long[] expected = timed("same function on plaintext", () -> Scoring.expected(data));
            Result r = new Result(expected, tamper.apply(decrypted));
            topLines(r.decrypted, data);
            log.println();
            if (r.ok()) {
                log.println("OK: encrypted result equals plaintext result for all " + expected.length + " slots");
            } else {
                int i = r.firstMismatch();
                log.printf("MISMATCH: %d of %d slots differ; first at slot %d: encrypted %s, plaintext %s%n",
                        r.mismatches(), expected.length, i,
                        i < r.decrypted.length ? Long.toString(r.decrypted[i]) : "(missing)",
                        i < expected.length ? Long.toString(expected[i]) : "(missing)");
            }
            return r;
        }
    }

    private static String security(BgvParameters p) {
        if (p.meetsSecurityStandard() && !p.isInsecure()) {
            return String.format("128-bit classical (HomomorphicEncryption.org standard: log2 QP = %.1f <= %d for N = %d,"
                    + " ternary secret, sigma 3.2)", p.logQP(), BgvParameters.maxSecureLogQP(p.degree()), p.degree());
        }
        return "INSECURE test parameters (below the 128-bit bound): for tests only";
    }

    private void topLines(long[] decrypted, SensorData data) {
        List<Integer> lines = new ArrayList<>();
        for (int k = 0; k < data.lines(); k++) {
            lines.add(k);
        }
        lines.sort(Comparator.comparingLong((Integer k) -> -decrypted[k * SensorData.LINE]).thenComparing(k -> k));
        StringBuilder sb = new StringBuilder("highest line scores (decrypted):");
        for (int i = 0; i < Math.min(3, lines.size()); i++) {
            int k = lines.get(i);
            sb.append(String.format(" line %d (machines %d-%d) %d;", k, k * SensorData.LINE,
                    k * SensorData.LINE + SensorData.LINE - 1, decrypted[k * SensorData.LINE]));
        }
        sb.setLength(sb.length() - 1);
        log.println(sb);
    }

    private <T> T timed(String step, Supplier<T> body) {
        long start = System.nanoTime();
        T value = body.get();
        log.printf("  %9.1f ms  %s%n", (System.nanoTime() - start) / 1e6, step);
        return value;
    }

    private void note(String what, long bytes) {
        log.printf("  %12s  %s: %,d bytes on the wire%n", human(bytes), what, bytes);
    }

    static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format("%.1f KiB", bytes / 1024.0);
        }
        return String.format("%.2f MiB", bytes / (1024.0 * 1024.0));
    }
}

package io.smile.he.bench;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeEvaluator;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeParameterSpec;
import io.smile.he.api.HeSession;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Backends side by side through {@code he-api}, in one run: the same preset, single thread, each
 * operation timed on every backend in turn (alternating, so drift hits both alike), median of
 * the iterations, with the ratio to the first backend. Usage:
 * {@code BackendComparison --backend bgv-java,helib --preset N8192_DEPTH3,N16384_DEPTH5 --iterations 5}.
 * A backend found on the class path only (helib needs its native library, see native-helib).
 */
public final class BackendComparison {
    private BackendComparison() {
    }

    /** One backend's session and keys on one preset. */
    private static final class Side implements AutoCloseable {
        final String name;
        final HeSession session;
        final HeKeyOwner owner;
        final HeEvaluator ev;
        final Map<String, List<Double>> millis = new LinkedHashMap<>();
        final Map<String, Long> bytes = new LinkedHashMap<>();

        Side(String name, String preset) {
            this.name = name;
            long t0 = System.nanoTime();
            session = HeBackend.byName(name).open(HeParameterSpec.preset(preset).withThreads(1));
            record("open session (context setup)", t0);
            t0 = System.nanoTime();
            owner = session.generateKeys();
            byte[] pk = owner.exportPublicKey();
            record("keygen: secret + public key", t0);
            t0 = System.nanoTime();
            byte[] ek = owner.exportEvaluationKeys();
            record("keygen: evaluation keys (relin + rotations)", t0);
            t0 = System.nanoTime();
            ev = session.evaluator(pk, ek);
            record("cloud: read public + evaluation keys", t0);
            bytes.put("public key", (long) pk.length);
            bytes.put("evaluation keys", (long) ek.length);
        }

        void record(String op, long startNanos) {
            millis.computeIfAbsent(op, k -> new ArrayList<>()).add((System.nanoTime() - startNanos) / 1e6);
        }

        <T> T time(String op, Supplier<T> body) {
            long t0 = System.nanoTime();
            T out = body.get();
            record(op, t0);
            return out;
        }

        @Override
        public void close() {
            owner.close();
            session.close();
        }
    }

    static double median(List<Double> xs) {
        double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    public static void main(String[] args) {
        List<String> backends = List.of("bgv-java", "helib");
        List<String> presets = List.of("N8192_DEPTH3", "N16384_DEPTH5");
        int iterations = 5;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--backend":
                    backends = Arrays.asList(args[i + 1].split(","));
                    break;
                case "--preset":
                    presets = Arrays.asList(args[i + 1].split(","));
                    break;
                case "--iterations":
                    iterations = Integer.parseInt(args[i + 1]);
                    break;
                default:
                    throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        run(backends, presets, iterations, System.out);
    }

    /**
     * Opens every backend on every preset (one session and key set each), times the operations
     * alternating between the backends, and prints one Markdown table per preset to {@code out}.
     *
     * @throws io.smile.he.api.HeException if a backend cannot be opened (e.g. helib without its native library)
     */
    public static void run(List<String> backends, List<String> presets, int iterations, PrintStream out) {
        if (backends.isEmpty() || presets.isEmpty() || iterations < 1) {
            throw new IllegalArgumentException("need at least one backend, one preset and one iteration");
        }
        SplittableRandom random = new SplittableRandom(1);
        for (String preset : presets) {
            List<Side> sides = new ArrayList<>();
            for (String b : backends) {
                sides.add(new Side(b, preset));
            }
            int n = sides.get(0).session.slotCount();
            for (int it = 0; it < iterations; it++) {
                long[] a = random.longs(n, 0, 65537).toArray();
                long[] b = random.longs(n, 0, 65537).toArray();
                for (Side s : sides) {
                    HeCiphertext x = s.time("encrypt (secret key, incl. encode)", () -> s.owner.encrypt(a));
                    HeCiphertext y = s.owner.encrypt(b);
                    s.time("decrypt + decode", () -> s.owner.decrypt(x));
                    HeCiphertext xx = s.session.readCiphertext(x.serialize()); // as the cloud holds it
                    HeCiphertext yy = s.session.readCiphertext(y.serialize());
                    s.ev.add(xx, yy); // warm the evaluator's key binding
                    s.time("add", () -> s.ev.add(xx, yy));
                    s.time("multiplyPlain (incl. encode)", () -> s.ev.multiplyPlain(xx, b));
                    HeCiphertext prod = s.time("multiply + relinearize", () -> s.ev.multiply(xx, yy));
                    s.time("rotate by 1", () -> s.ev.rotate(xx, 1));
                    s.time("sumSlots", () -> s.ev.sumSlots(xx));
                    s.time("serialize ciphertext", x::serialize);
                    s.time("read ciphertext", () -> s.session.readCiphertext(prod.serialize()));
                    s.bytes.put("fresh ciphertext", (long) x.serialize().length);
                    s.bytes.put("product, lowest level", (long) s.ev.modSwitchToLowest(prod).serialize().length);
                }
            }
            print(preset, sides, iterations, out);
            sides.forEach(Side::close);
        }

    }

    private static void print(String preset, List<Side> sides, int iterations, PrintStream out) {
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%n### %s, single thread, median of %d (setup: one run)%n%n| operation |",
                preset, iterations));
        StringBuilder rule = new StringBuilder("|---|");
        for (Side s : sides) {
            head.append(' ').append(s.name).append(" (ms) |");
            rule.append("---:|");
        }
        for (int i = 1; i < sides.size(); i++) {
            head.append(' ').append(sides.get(i).name).append(" / ").append(sides.get(0).name).append(" |");
            rule.append("---:|");
        }
        out.println(head);
        out.println(rule);
        for (String op : sides.get(0).millis.keySet()) {
            StringBuilder row = new StringBuilder("| " + op + " |");
            double base = median(sides.get(0).millis.get(op));
            for (Side s : sides) {
                row.append(String.format(Locale.ROOT, " %.1f |", median(s.millis.get(op))));
            }
            for (int i = 1; i < sides.size(); i++) {
                row.append(String.format(Locale.ROOT, " %.2f |", median(sides.get(i).millis.get(op)) / base));
            }
            out.println(row);
        }
        for (String what : sides.get(0).bytes.keySet()) {
            StringBuilder row = new StringBuilder("| size: " + what + " (bytes) |");
            for (Side s : sides) {
                row.append(' ').append(s.bytes.get(what)).append(" |");
            }
            for (int i = 1; i < sides.size(); i++) {
                row.append(String.format(Locale.ROOT, " %.2f |", (double) sides.get(i).bytes.get(what) / sides.get(0).bytes.get(what)));
            }
            out.println(row);
        }
        for (Side s : sides) {
            out.println("\n" + s.name + ": " + s.session);
        }
    }
}

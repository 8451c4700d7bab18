package io.smile.he.bgv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.smile.he.ring.RandomSource;
import io.smile.he.rlwe.SecretKey;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not part of the suite (prints numbers; asserts only that both paths decrypt alike):
 * k rotations of one ciphertext (steps 1..k, each with its own Galois key, as the scorer's
 * diagonals) one by one ({@link Evaluator#rotateRows}) and hoisted ({@link Evaluator#rotateRowsMany}),
 * at N = 16384 with the cloud's chain (6 × 60-bit primes, one 61-bit special prime), at the top
 * level and at level 3, one thread (the engine runs inline on the caller), eager keys. Times are
 * the calling thread's CPU time, which other load on the machine disturbs far less than wall
 * time; the two paths alternate within each run so that drift hits both alike; medians of
 * {@code smile.bench.runs} (10) after 3 warm-ups. Run:
 * {@code mvn -B -o -pl he-bgv -am verify -Dtest=HoistedRotationBench -Dsurefire.failIfNoSpecifiedTests=false -Dsmile.bench=true}
 */
class HoistedRotationBench {
    private static final int WARMUPS = 3;

    @Test
    void oneByOneVersusHoisted() {
        Assumptions.assumeTrue(Boolean.getBoolean("smile.bench"), "benchmark: -Dsmile.bench=true");
        int runs = Integer.getInteger("smile.bench.runs", 10);
        int[] ks = {1, 4, 8, 15};
        java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
        BgvParameters p = BgvParameters.builder().degree(16384).plainModulus(65537)
                .ciphertextPrimeBits(60, 60, 60, 60, 60, 60).specialPrimeBits(61).build();
        try (BgvContext ctx = BgvContext.create(p, 1, RandomSource.secure())) {
            BgvKeyGenerator kg = new BgvKeyGenerator(ctx);
            SecretKey sk = kg.secretKey();
            int[] all = new int[15];
            for (int i = 0; i < all.length; i++) {
                all[i] = i + 1;
            }
            EvaluationKeys keys = kg.evaluationKeys(sk, all, false);
            Evaluator ev = new Evaluator(ctx, keys);
            Decryptor dec = new Decryptor(ctx, sk);
            long[] slots = new Random(1).longs(16384, 0, 65537).toArray();
            Ciphertext top = Encryptor.withPublicKey(ctx, kg.publicKey(sk)).encrypt(ctx.encoder().encode(slots));
            System.out.println();
            System.out.println("| level | k rotations | one by one (ms CPU) | hoisted (ms CPU) | speed-up |");
            System.out.println("|---:|---:|---:|---:|---:|");
            for (int level : new int[] {p.maxLevel(), 3}) {
                Ciphertext ct = ev.modSwitchTo(top, level);
                for (int k : ks) {
                    int[] steps = Arrays.copyOf(all, k);
                    double[] single = new double[runs];
                    double[] hoisted = new double[runs];
                    for (int run = -WARMUPS; run < runs; run++) {
                        long t0 = cpu.getCurrentThreadCpuTime();
                        Ciphertext[] one = new Ciphertext[k];
                        for (int i = 0; i < k; i++) {
                            one[i] = ev.rotateRows(ct, steps[i]);
                        }
                        long t1 = cpu.getCurrentThreadCpuTime();
                        List<Ciphertext> many = ev.rotateRowsMany(ct, steps);
                        long t2 = cpu.getCurrentThreadCpuTime();
                        if (run >= 0) {
                            single[run] = (t1 - t0) / 1e6;
                            hoisted[run] = (t2 - t1) / 1e6;
                        } else if (run == -WARMUPS) {
                            for (int i = 0; i < k; i++) {
                                assertArrayEquals(dec.decrypt(one[i]).coefficients(), dec.decrypt(many.get(i)).coefficients(),
                                        "step " + steps[i]);
                            }
                        }
                    }
                    double s = median(single);
                    double h = median(hoisted);
                    System.out.printf("| %d | %d | %.1f | %.1f | %.2f× |%n", level, k, s, h, s / h);
                }
            }
        }
    }

    private static double median(double[] xs) {
        double[] a = xs.clone();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }
}

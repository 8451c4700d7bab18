package io.smile.he.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.BgvKeyGenerator;
import io.smile.he.bgv.BgvParameters;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Encryptor;
import io.smile.he.bgv.EvaluationKeys;
import io.smile.he.bgv.Evaluator;
import io.smile.he.ring.RandomSource;
import io.smile.he.rlwe.ExpandedKeyCache;
import io.smile.he.rlwe.KeySwitchKey;
import io.smile.he.rlwe.SecretKey;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not part of the suite (prints numbers, asserts only that the results agree): one row
 * rotation at N = 16384 with the cloud's chain (6 × 60-bit primes, one 61-bit special prime), top
 * level, one thread, with eager keys, compact keys through the default 256 MiB cache, and compact
 * keys with the cache off; and the key rows held per gateway. Medians of 30 after 5 warm-ups. Run:
 * {@code mvn -B -o -pl he-bgv -am verify -Dtest=KeyMemoryBench -Dsurefire.failIfNoSpecifiedTests=false -Dsmile.bench=true}
 */
class KeyMemoryBench {
    private static final int RUNS = 30;
    private static final int WARMUPS = 5;

    @Test
    void rotationTimeEagerCachedAndUncached() {
        Assumptions.assumeTrue(Boolean.getBoolean("smile.bench"), "benchmark: -Dsmile.bench=true");
        BgvParameters p = BgvParameters.builder().degree(16384).plainModulus(65537)
                .ciphertextPrimeBits(60, 60, 60, 60, 60, 60).specialPrimeBits(61).build();
        try (BgvContext ctx = BgvContext.create(p, 1, RandomSource.secure())) {
            BgvKeyGenerator kg = new BgvKeyGenerator(ctx);
            SecretKey sk = kg.secretKey();
            EvaluationKeys eager = kg.evaluationKeys(sk);
            BgvSerializer ser = new BgvSerializer(ctx);
            EvaluationKeys compact = ser.readEvaluationKeys(ser.writeEvaluationKeys(eager));
            long eagerBytes = rowBytes(eager);
            long compactBytes = rowBytes(compact);
            System.out.printf("%nkeys: relinearization + %d Galois; rows held: eager %.1f MB, compact %.1f MB%n",
                    eager.galois().size(), eagerBytes / 1e6, compactBytes / 1e6);
            long[] slots = new Random(1).longs(16384, 0, 65537).toArray();
            Ciphertext ct = Encryptor.withPublicKey(ctx, kg.publicKey(sk)).encrypt(ctx.encoder().encode(slots));
            Evaluator ev = new Evaluator(ctx, eager);
            Evaluator held = new Evaluator(ctx, compact);
            Ciphertext reference = ev.rotateRows(ct, 1);
            double eagerMs = time(ev, ct, reference);
            ExpandedKeyCache.shared().setCapacityBytes(ExpandedKeyCache.DEFAULT_CAPACITY_BYTES);
            double cachedMs = time(held, ct, reference);
            ExpandedKeyCache.shared().setCapacityBytes(0);
            double uncachedMs = time(held, ct, reference);
            ExpandedKeyCache.shared().setCapacityBytes(ExpandedKeyCache.DEFAULT_CAPACITY_BYTES);
            System.out.println("| keys | rotation by 1, N = 16384, top level, 1 thread (median of " + RUNS + ") |");
            System.out.println("|---|---:|");
            System.out.printf("| eager (a rows held expanded) | %.1f ms |%n", eagerMs);
            System.out.printf("| compact, 256 MiB cache | %.1f ms |%n", cachedMs);
            System.out.printf("| compact, cache 0 (expand every use) | %.1f ms |%n", uncachedMs);
        }
    }

    private static long rowBytes(EvaluationKeys ek) {
        long sum = ek.relinearization().heldRowBytes();
        for (KeySwitchKey k : ek.galois().values()) {
            sum += k.heldRowBytes();
        }
        return sum;
    }

    private static double time(Evaluator ev, Ciphertext ct, Ciphertext reference) {
        long[] nanos = new long[RUNS];
        for (int i = -WARMUPS; i < RUNS; i++) {
            long t0 = System.nanoTime();
            Ciphertext r = ev.rotateRows(ct, 1);
            long dt = System.nanoTime() - t0;
            if (i >= 0) {
                nanos[i] = dt;
            }
            assertArrayEquals(reference.component(1)[0], r.component(1)[0]);
        }
        Arrays.sort(nanos);
        return nanos[RUNS / 2] / 1e6;
    }
}

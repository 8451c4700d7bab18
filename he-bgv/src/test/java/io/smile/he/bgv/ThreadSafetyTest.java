package io.smile.he.bgv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smile.he.rlwe.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * One Evaluator shared by several threads gives exactly the sequential results, and the number of
 * worker threads of a context does not change any result bit.
 */
class ThreadSafetyTest {
    private static final BgvParameters PARAMS = BgvParameters.builder().degree(4096).plainModulus(65537)
            .ciphertextPrimeBits(45, 40, 40).specialPrimeBits(50).allowInsecureForTestsOnly().build();

    private static Fixture fixture(int threads, long seed) {
        return new Fixture(PARAMS, threads, seed, (kg, sk) -> kg.evaluationKeys(sk, new int[] {1, 2, 4, 16, 100}, true));
    }

    private static List<Function<Evaluator, Ciphertext>> operations(Fixture f, Ciphertext a, Ciphertext b) {
        Plaintext p = f.encode(new long[] {3, -4, 5, 6});
        Evaluator.PreparedPlaintext prepared = f.ev.prepare(p, f.maxLevel());
        List<Function<Evaluator, Ciphertext>> ops = new ArrayList<>();
        ops.add(ev -> ev.add(a, b));
        ops.add(ev -> ev.multiply(a, b));
        ops.add(ev -> ev.square(b));
        ops.add(ev -> ev.modSwitch(ev.multiply(a, b)));
        ops.add(ev -> ev.rotateRows(a, 1));
        ops.add(ev -> ev.rotateRows(b, 7)); // composed
        ops.add(ev -> ev.rotateRows(a, 100)); // direct
        ops.add(ev -> ev.swapRows(b));
        ops.add(ev -> ev.multiplyPlain(a, prepared));
        ops.add(ev -> ev.multiplyPlain(b, p));
        ops.add(ev -> ev.sumBlocks(a, 3));
        ops.add(ev -> ev.evaluatePolynomial(a, new long[] {1, -2, 3}));
        ops.add(ev -> ev.add(ev.modSwitchToLowest(a), b));
        return ops;
    }

    @Test
    void sharedEvaluatorGivesSequentialResults() throws Exception {
        Fixture f = fixture(2, 40);
        try {
            runConcurrently(f);
        } finally {
            f.ctx.close();
        }
    }

    private static void runConcurrently(Fixture f) throws Exception {
        PlainModel m = f.model();
        Random r = new Random(41);
        long[] x = m.randomModT(r, f.n);
        long[] y = m.random(r, f.n, 100);
        Ciphertext a = f.encrypt(x);
        Ciphertext b = f.encrypt(y, false, f.maxLevel());
        List<Function<Evaluator, Ciphertext>> ops = operations(f, a, b);
        int threads = 4;
        int rounds = 2;
        // concurrent first, on a context whose Galois permutation cache is still empty
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Ciphertext>>> futures = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        try {
            for (int th = 0; th < threads; th++) {
                int offset = th;
                futures.add(pool.submit(() -> {
                    start.await();
                    Ciphertext[] out = new Ciphertext[ops.size()];
                    for (int round = 0; round < rounds; round++) {
                        for (int k = 0; k < ops.size(); k++) {
                            int idx = (k + offset * 3) % ops.size(); // different order in every thread
                            out[idx] = ops.get(idx).apply(f.ev);
                        }
                    }
                    return List.of(out);
                }));
            }
            start.countDown();
            List<List<Ciphertext>> concurrent = new ArrayList<>();
            for (Future<List<Ciphertext>> fu : futures) {
                concurrent.add(fu.get(5, TimeUnit.MINUTES));
            }
            for (int k = 0; k < ops.size(); k++) {
                Ciphertext sequential = ops.get(k).apply(f.ev);
                long[][][] expected = Fixture.snapshot(sequential);
                for (int th = 0; th < threads; th++) {
                    Fixture.assertSameComponents(expected, concurrent.get(th).get(k), "operation " + k + " on thread " + th);
                    assertEquals(sequential.level(), concurrent.get(th).get(k).level());
                    assertEquals(sequential.factor(), concurrent.get(th).get(k).factor());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        // and the sequential results are right
        f.assertDecrypts(m.mul(x, y), ops.get(1).apply(f.ev), "product");
        f.assertDecrypts(m.rotate(y, 7), ops.get(5).apply(f.ev), "rotation");
    }

    @Test
    void oneAndTwoWorkerThreadsGiveIdenticalCiphertexts() {
        Fixture one = fixture(1, 42);
        Fixture two = fixture(2, 42);
        try {
            assertArrayEquals(one.sk.coefficients(), two.sk.coefficients());
            PublicKey p1 = one.pk;
            PublicKey p2 = two.pk;
            for (int r = 0; r < p1.b().length; r++) {
                assertArrayEquals(p1.b()[r], p2.b()[r]);
            }
            PlainModel m = one.model();
            Random r = new Random(43);
            long[] x = m.randomModT(r, one.n);
            long[] y = m.randomModT(r, one.n);
            // identical call sequences draw identical randomness
            Ciphertext a1 = one.encrypt(x);
            Ciphertext a2 = two.encrypt(x);
            Ciphertext b1 = one.encrypt(y, false, one.maxLevel());
            Ciphertext b2 = two.encrypt(y, false, two.maxLevel());
            Fixture.assertSameComponents(Fixture.snapshot(a1), a2, "pk encryption");
            Fixture.assertSameComponents(Fixture.snapshot(b1), b2, "sk encryption");
            List<Function<Evaluator, Ciphertext>> ops1 = operations(one, a1, b1);
            List<Function<Evaluator, Ciphertext>> ops2 = operations(two, a2, b2);
            for (int k = 0; k < ops1.size(); k++) {
                Fixture.assertSameComponents(Fixture.snapshot(ops1.get(k).apply(one.ev)), ops2.get(k).apply(two.ev), "operation " + k);
            }
            one.assertDecrypts(m.mul(x, y), ops1.get(1).apply(one.ev), "product");
        } finally {
            one.ctx.close();
            two.ctx.close();
        }
    }
}

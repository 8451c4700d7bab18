package io.smile.he.ring;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.function.IntConsumer;

/**
 * Runs independent per-limb work on a fixed number of threads. RNS limbs never interact inside
 * one NTT or pointwise product, so splitting over limbs needs no locking. With one thread the
 * work runs inline on the caller.
 */
public final class Parallel implements AutoCloseable {
    private final int threads;
    private final ForkJoinPool pool;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    public int threads() {
        return threads;
    }

    /** Calls body(i) for every i in [0, count), possibly concurrently. */
    public void forEach(int count, IntConsumer body) {
        if (pool == null || count <= 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        if (isInside()) {
            // nested call from one of our own workers: run inline, the outer level is already parallel
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        pool.invoke(new Range(body, 0, count));
    }

    private boolean isInside() {
        Thread t = Thread.currentThread();
        return t instanceof java.util.concurrent.ForkJoinWorkerThread
                && ((java.util.concurrent.ForkJoinWorkerThread) t).getPool() == pool;
    }

    private static final class Range extends RecursiveAction {
        private final IntConsumer body;
        private final int from;
        private final int to;

        Range(IntConsumer body, int from, int to) {
            this.body = body;
            this.from = from;
            this.to = to;
        }

        @Override
        protected void compute() {
            if (to - from == 1) {
                body.accept(from);
                return;
            }
            int mid = (from + to) >>> 1;
            invokeAll(new Range(body, from, mid), new Range(body, mid, to));
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}

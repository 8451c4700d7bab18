package io.smile.cloud.intake;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded worker pool that runs the tasks of one key (a gateway) one at a time, in arrival order,
 * and takes turns between keys: a key whose task finished goes to the back of the line. So a slow
 * or flooding gateway occupies at most one worker and never delays the others by more than one
 * task each; its own batches are scored in sequence order. {@link #submit} never blocks: it refuses
 * a task when the key already has {@code maxPerKey} tasks waiting or running, or when
 * {@code capacity} tasks are waiting in total. It measures its service time (a moving average of how
 * long a task runs), from which {@link #retryAfterMillis} tells a refused sender when there will be
 * room again.
 */
public final class FairExecutor {
    private final ThreadPoolExecutor pool;
    private final int capacity;
    private final int maxPerKey;
    /** Per key: tasks waiting, whether a turn is scheduled, whether one of its tasks is executing. */
    private static final class Line {
        final Deque<Runnable> waiting = new ArrayDeque<>();
        boolean executing;
    }

    private final Map<String, Line> lines = new HashMap<>();
    private int queued;
    private final int workers;
    /** Moving average of a task's run time (nanoseconds); 0 until the first task finished. Under the monitor. */
    private double meanTaskNanos;

    /** Weight of the newest task in the moving average: about the last 20 tasks count. */
    private static final double EWMA_WEIGHT = 0.05;
    /** Assumed task time before any was measured. */
    private static final long UNMEASURED_TASK_NANOS = 1_000_000_000L;
    /** Bounds of the delay a refused sender is asked to wait. */
    public static final long MIN_RETRY_AFTER_MILLIS = 200;
    public static final long MAX_RETRY_AFTER_MILLIS = 30_000;

    public FairExecutor(int workers, int capacity, int maxPerKey, String threadPrefix) {
        this.capacity = capacity;
        this.maxPerKey = maxPerKey;
        this.workers = workers;
        AtomicInteger n = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, threadPrefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        // its queue holds at most one turn per key with work, so it is bounded by the number of keys
        this.pool = new ThreadPoolExecutor(workers, workers, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    }

    /** Why a task was refused. */
    public enum Refusal {
        KEY_FULL, QUEUE_FULL, SHUT_DOWN
    }

    /** Queues the task; null if accepted, else why not. */
    public synchronized Refusal submit(String key, Runnable task) {
        if (pool.isShutdown()) {
            return Refusal.SHUT_DOWN;
        }
        Line line = lines.get(key);
        int ofKey = line == null ? 0 : line.waiting.size() + (line.executing ? 1 : 0);
        if (ofKey >= maxPerKey) {
            return Refusal.KEY_FULL;
        }
        if (queued >= capacity) {
            return Refusal.QUEUE_FULL;
        }
        boolean schedule = line == null;
        if (line == null) {
            line = new Line();
            lines.put(key, line);
        }
        line.waiting.add(task);
        queued++;
        if (schedule) {
            pool.execute(() -> turn(key));
        }
        return null;
    }

    /**
     * Runs one task of the key, then lets the key queue up again behind the others. A key is in
     * {@link #lines} exactly while a turn of it is scheduled or running.
     */
    private void turn(String key) {
        Line line;
        Runnable task;
        synchronized (this) {
            line = lines.get(key);
            task = line == null ? null : line.waiting.poll();
            if (task == null) {
                lines.remove(key);
                return;
            }
            queued--;
            line.executing = true;
        }
        long t0 = System.nanoTime();
        try {
            task.run();
        } finally {
            long ran = System.nanoTime() - t0;
            synchronized (this) {
                meanTaskNanos = meanTaskNanos == 0 ? ran : meanTaskNanos + EWMA_WEIGHT * (ran - meanTaskNanos);
                line.executing = false;
                if (line.waiting.isEmpty() || pool.isShutdown()) {
                    lines.remove(key);
                } else {
                    pool.execute(() -> turn(key));
                }
            }
        }
    }

    /**
     * How long a sender refused with {@code refusal} should wait before sending again, from the measured
     * service time: for {@link Refusal#QUEUE_FULL} the time the workers need to work off the whole queue,
     * for {@link Refusal#KEY_FULL} the time the key's own tasks need (one at a time, taking turns with the
     * other keys that have work). Bounded by {@link #MIN_RETRY_AFTER_MILLIS} and {@link #MAX_RETRY_AFTER_MILLIS}.
     */
    public synchronized long retryAfterMillis(String key, Refusal refusal) {
        double task = meanTaskNanos == 0 ? UNMEASURED_TASK_NANOS : meanTaskNanos;
        double nanos;
        if (refusal == Refusal.KEY_FULL) {
            Line line = lines.get(key);
            int ofKey = line == null ? 0 : line.waiting.size() + (line.executing ? 1 : 0);
            double turnsPerRound = Math.max(1.0, (double) lines.size() / workers);
            nanos = ofKey * task * turnsPerRound;
        } else {
            nanos = (queued + 1) * task / workers;
        }
        long millis = (long) Math.ceil(nanos / 1e6);
        return Math.max(MIN_RETRY_AFTER_MILLIS, Math.min(MAX_RETRY_AFTER_MILLIS, millis));
    }

    /** The measured mean run time of a task in milliseconds (0 before the first finished). */
    public synchronized double meanTaskMillis() {
        return meanTaskNanos / 1e6;
    }

    /** Tasks waiting for a worker (not counting those running). */
    public synchronized int queued() {
        return queued;
    }

    public synchronized boolean isIdle() {
        return lines.isEmpty() && queued == 0;
    }

    /** Stops taking tasks, lets running ones finish (bounded), drops the waiting ones. */
    public void shutdown(long timeoutSeconds) {
        synchronized (this) {
            pool.shutdown();
        }
        try {
            if (!pool.awaitTermination(timeoutSeconds, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            pool.shutdownNow();
        }
    }
}

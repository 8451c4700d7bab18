package io.smile.edge.batch;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides which collected windows form a batch, on time and size only: a full ciphertext's worth
 * is cut as soon as it is there ({@link #cutFull()}), and at each batch-interval tick what was
 * collected <em>at that moment</em> is cut ({@link #cutAtTick()}) — windows that arrive while a
 * batch is being encrypted wait for the next tick (or for the ciphertext to fill), so a slow
 * encryption never produces extra, small batches. No clock and no I/O: the batch timer drives
 * the ticks, tests drive them directly.
 *
 * @param <W> a window (only counted and moved here)
 */
final class BatchCutter<W> {
    private final int capacity;
    private final List<W> collected = new ArrayList<>();

    BatchCutter(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a batch holds at least one window, got capacity " + capacity);
        }
        this.capacity = capacity;
    }

    /** Collects a window; true when a full batch is ready (call {@link #cutFull()}). */
    synchronized boolean add(W window) {
        collected.add(window);
        return collected.size() >= capacity;
    }

    /** The full batches collected so far (oldest windows first); a partial rest stays collected. */
    synchronized List<List<W>> cutFull() {
        List<List<W>> batches = new ArrayList<>();
        while (collected.size() >= capacity) {
            batches.add(take(capacity));
        }
        return batches;
    }

    /**
     * The batches of a batch-interval tick: every window collected now, in batches of at most
     * {@code capacity} (normally one; more only if the timer fell behind a burst). Empty if nothing
     * was collected.
     */
    synchronized List<List<W>> cutAtTick() {
        List<List<W>> batches = new ArrayList<>();
        while (!collected.isEmpty()) {
            batches.add(take(Math.min(capacity, collected.size())));
        }
        return batches;
    }

    synchronized int collected() {
        return collected.size();
    }

    private List<W> take(int n) {
        List<W> batch = new ArrayList<>(collected.subList(0, n));
        collected.subList(0, n).clear();
        return batch;
    }
}

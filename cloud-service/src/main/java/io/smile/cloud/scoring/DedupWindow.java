package io.smile.cloud.scoring;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which sequence numbers of one gateway were already processed: every sequence &le; {@link #floor()}
 * (the highest contiguous one), plus a bounded set above it. When the set would exceed its
 * capacity, the floor jumps to its smallest element: a gap older than the window is given up, and a
 * batch arriving that late counts as a duplicate. Sequences being scored are "claimed" so a copy
 * arriving meanwhile (MQTT QoS 1 redelivery) is a duplicate too. Thread-safe.
 */
public final class DedupWindow {
    private final int capacity;
    private long floor;
    private final TreeSet<Long> above = new TreeSet<>();
    private final Set<Long> claimed = new HashSet<>();

    /** Nothing processed yet. */
    public DedupWindow(int capacity) {
        this(capacity, -1, List.of());
    }

    public DedupWindow(int capacity, long floor, List<Long> above) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1");
        }
        this.capacity = capacity;
        this.floor = Math.max(-1, floor);
        for (long s : above) {
            if (s > this.floor) {
                this.above.add(s);
            }
        }
        compact();
    }

    /** Whether {@code seq} was already processed. */
    public synchronized boolean isDone(long seq) {
        return seq <= floor || above.contains(seq);
    }

    /** Claims {@code seq} for processing; false if it is done or claimed already (a duplicate). */
    public synchronized boolean claim(long seq) {
        if (isDone(seq) || claimed.contains(seq)) {
            return false;
        }
        claimed.add(seq);
        return true;
    }

    /** Gives a claim back without marking it done (the batch was rejected). */
    public synchronized void release(long seq) {
        claimed.remove(seq);
    }

    /** Marks a claimed (or unclaimed) sequence as processed. */
    public synchronized void markDone(long seq) {
        claimed.remove(seq);
        if (seq <= floor) {
            return;
        }
        above.add(seq);
        compact();
    }

    private void compact() {
        while (!above.isEmpty() && above.first() == floor + 1) {
            floor = above.pollFirst();
        }
        while (above.size() > capacity) {
            floor = above.pollFirst();
            while (!above.isEmpty() && above.first() == floor + 1) {
                floor = above.pollFirst();
            }
        }
    }

    /** The highest contiguous processed sequence (-1: none). */
    public synchronized long floor() {
        return floor;
    }

    /** Processed sequences above the floor, ascending. */
    public synchronized List<Long> above() {
        return new ArrayList<>(above);
    }

    /** The highest processed sequence (-1: none). */
    public synchronized long highest() {
        return above.isEmpty() ? floor : above.last();
    }
}

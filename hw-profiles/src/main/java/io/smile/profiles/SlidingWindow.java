package io.smile.profiles;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Which samples form a window — the one rule the gateway (live samples) and model training
 * (history rows) share, so that both cut a series the same way. A window is the last
 * {@code length} samples; the first comes once {@code length} samples are there, the next after
 * {@code step} more. {@code step == length} gives tumbling windows, a smaller step sliding ones.
 * Samples count as they arrive (a gap in sequence numbers is not filled). Not thread-safe.
 *
 * @param <T> a sample
 */
public final class SlidingWindow<T> {
    private final int length;
    private final int step;
    private final Deque<T> samples = new ArrayDeque<>();
    private int sinceLast;

    /**
     * @param length samples per window (&ge; 1)
     * @param step   samples between windows (1 .. length)
     */
    public SlidingWindow(int length, int step) {
        if (length < 1) {
            throw new IllegalArgumentException("window length must be >= 1, got " + length);
        }
        if (step < 1 || step > length) {
            throw new IllegalArgumentException("window step " + step + " must be in [1, " + length + "] (the window length)");
        }
        this.length = length;
        this.step = step;
    }

    /** The window of a profile: its length and step. */
    public static <T> SlidingWindow<T> of(WindowSpec spec) {
        return new SlidingWindow<>(spec.length(), spec.step());
    }

    public int length() {
        return length;
    }

    public int step() {
        return step;
    }

    /** Adds the next sample; returns the window (oldest first) when this sample completes one. */
    public Optional<List<T>> add(T sample) {
        samples.addLast(sample);
        while (samples.size() > length) {
            samples.removeFirst();
        }
        sinceLast++;
        if (samples.size() < length || sinceLast < step) {
            return Optional.empty();
        }
        sinceLast = 0;
        return Optional.of(List.copyOf(samples));
    }

    /** Every window of one whole series, in order (what a gateway would have built from it). */
    public static <T> List<List<T>> windows(List<T> series, int length, int step) {
        SlidingWindow<T> w = new SlidingWindow<>(length, step);
        List<List<T>> out = new ArrayList<>();
        for (T s : series) {
            w.add(s).ifPresent(out::add);
        }
        return out;
    }
}

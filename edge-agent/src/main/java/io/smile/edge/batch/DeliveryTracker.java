package io.smile.edge.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * End-to-end acknowledgement of the batches sent in this run: a batch counts as delivered only when
 * its <em>result</em> has arrived, not when the broker acknowledged the publish. After the broker's
 * acknowledgement a batch waits {@code resultTimeout} for its result, then it is due to be re-sent
 * (same sequence, same bytes, from the outbox); each further re-send waits twice as long, up to
 * {@code maxResultTimeout}. A refusal with a retry delay makes the batch due after that delay and
 * pauses the sending of new batches for as long (the cloud is overloaded: slow down, keep the
 * batch).
 *
 * <p>Pure bookkeeping on an injected clock (milliseconds), no I/O and no threads: the MQTT link
 * calls it from its one thread (methods are synchronized anyway) and tests drive the clock.
 */
public final class DeliveryTracker {
    /** Waiting for the broker's acknowledgement: the session resends on a reconnect, no timer. */
    private static final long WAITING_FOR_BROKER = Long.MAX_VALUE;

    private static final class State {
        int sends;
        boolean brokerAcked;
        boolean resent;
        long dueAt = WAITING_FOR_BROKER;
        long timeoutMillis;
    }

    private final LongSupplier clock;
    private final long resultTimeoutMillis;
    private final long maxResultTimeoutMillis;
    private final Map<Long, State> batches = new HashMap<>();
    private long pausedUntil = Long.MIN_VALUE;

    public DeliveryTracker(Duration resultTimeout, Duration maxResultTimeout, LongSupplier clock) {
        if (resultTimeout.toMillis() < 1 || maxResultTimeout.compareTo(resultTimeout) < 0) {
            throw new IllegalArgumentException("result timeout must be positive and at most its maximum, got "
                    + resultTimeout + " / " + maxResultTimeout);
        }
        this.clock = clock;
        this.resultTimeoutMillis = resultTimeout.toMillis();
        this.maxResultTimeoutMillis = maxResultTimeout.toMillis();
    }

    /** Whether batch {@code sequence} was sent in this run and still waits for its result. */
    public synchronized boolean isTracked(long sequence) {
        return batches.containsKey(sequence);
    }

    /** A publish of the batch was handed to the session (the first send or a re-send). */
    public synchronized void published(long sequence) {
        State s = batches.computeIfAbsent(sequence, k -> new State());
        s.sends++;
        s.dueAt = WAITING_FOR_BROKER;
    }

    /**
     * The broker acknowledged a publish of the batch: its result timer starts. True the first time
     * for this batch (count it as sent once, however often it is re-sent).
     */
    public synchronized boolean brokerAcknowledged(long sequence) {
        State s = batches.get(sequence);
        if (s == null) {
            return false; // answered before the PUBACK was processed
        }
        boolean first = !s.brokerAcked;
        s.brokerAcked = true;
        if (s.dueAt == WAITING_FOR_BROKER) {
            s.timeoutMillis = s.timeoutMillis == 0 ? resultTimeoutMillis
                    : Math.min(maxResultTimeoutMillis, s.timeoutMillis * 2);
            s.dueAt = clock.getAsLong() + s.timeoutMillis;
        }
        return first;
    }

    /** The batches whose result is overdue (or whose retry delay has passed), oldest sequence first. */
    public synchronized List<Long> due() {
        long now = clock.getAsLong();
        List<Long> due = new ArrayList<>();
        for (Map.Entry<Long, State> e : batches.entrySet()) {
            if (e.getValue().dueAt <= now) {
                due.add(e.getKey());
            }
        }
        due.sort(null);
        return due;
    }

    /** A due batch is being sent again (call before {@link #published}). */
    public synchronized void resending(long sequence) {
        State s = batches.get(sequence);
        if (s != null) {
            s.resent = true;
        }
    }

    /**
     * The cloud refused the batch for now and asked for a re-send after {@code retryAfterMillis}:
     * keep it, send it again then, and send no new batch before.
     */
    public synchronized void retryLater(long sequence, long retryAfterMillis) {
        long at = clock.getAsLong() + retryAfterMillis;
        State s = batches.computeIfAbsent(sequence, k -> new State());
        s.dueAt = at;
        s.timeoutMillis = 0; // the next wait for a result starts from the base timeout again
        pausedUntil = Math.max(pausedUntil, at);
    }

    /** True while a refusal's retry delay holds back new batches. */
    public synchronized boolean paused() {
        return clock.getAsLong() < pausedUntil;
    }

    /** Milliseconds until new batches may be sent again (0 = not paused). */
    public synchronized long pauseRemainingMillis() {
        return Math.max(0, pausedUntil - clock.getAsLong());
    }

    /**
     * The batch is done (its result arrived, or it was refused for good, dropped or given up):
     * stop tracking it. True if it had been re-sent before, i.e. its result came late.
     */
    public synchronized boolean finished(long sequence) {
        State s = batches.remove(sequence);
        return s != null && s.resent;
    }

    /** Batches sent and waiting for their result. */
    public synchronized int size() {
        return batches.size();
    }
}

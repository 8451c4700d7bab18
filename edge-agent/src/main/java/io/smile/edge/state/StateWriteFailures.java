package io.smile.edge.state;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes to the state directory that failed (a full disk, a file size limit, an I/O error): each is
 * counted; the first of an outage, then at most one per period, is logged as a warning, and the first
 * write that works again is logged once. The writers (outbox, pending batches, sequence counter,
 * result log) keep what they could not write in memory and write it with their next write, so a
 * failed write loses nothing while the agent runs. Thread-safe.
 */
public final class StateWriteFailures {
    private static final Logger LOG = LoggerFactory.getLogger(StateWriteFailures.class);
    public static final Duration DEFAULT_LOG_PERIOD = Duration.ofMinutes(1);

    private final long periodMillis;
    private final LongSupplier clock;
    private final AtomicLong total;
    // guarded by this
    private long failingSince = -1;
    private boolean warned; // ever: a disk that fills and frees again and again still warns once per period
    private long lastLoggedAt;
    private long sinceLastLog;

    public StateWriteFailures(Duration logPeriod, LongSupplier clockMillis) {
        this(logPeriod, clockMillis, new AtomicLong());
    }

    /** @param counter incremented per failed write (the agent's metric) */
    public StateWriteFailures(Duration logPeriod, LongSupplier clockMillis, AtomicLong counter) {
        this.total = counter;
        if (logPeriod.isNegative() || logPeriod.isZero()) {
            throw new IllegalArgumentException("log period must be positive");
        }
        this.periodMillis = logPeriod.toMillis();
        this.clock = clockMillis;
    }

    /** Logging once a minute, on the wall clock. */
    public static StateWriteFailures perMinute() {
        return new StateWriteFailures(DEFAULT_LOG_PERIOD, System::currentTimeMillis);
    }

    /**
     * A write of {@code what} failed; the caller keeps it in memory and tries again later.
     *
     * @return whether this failure was logged (the first of the process, then one per period)
     */
    public boolean failed(String what, IOException e) {
        long n = total.incrementAndGet();
        long now = clock.getAsLong();
        boolean log;
        long suppressed;
        synchronized (this) {
            sinceLastLog++;
            if (failingSince < 0) {
                failingSince = now;
            }
            log = !warned || now - lastLoggedAt >= periodMillis;
            suppressed = sinceLastLog - 1;
            if (log) {
                warned = true;
                lastLoggedAt = now;
                sinceLastLog = 0;
            }
        }
        if (log) {
            LOG.warn("state directory not writable: cannot store {} ({}); kept in memory and written when space returns"
                            + " ({} failed writes in all, {} more since the last warning; logged at most once per {} s)",
                    what, e.getMessage() == null ? e.toString() : e.getMessage(), n, suppressed, periodMillis / 1000);
        }
        return log;
    }

    /** A write succeeded: ends an outage (logged once). */
    public void succeeded(String what) {
        long since;
        long unlogged;
        synchronized (this) {
            if (failingSince < 0) {
                return;
            }
            since = failingSince;
            unlogged = sinceLastLog;
            failingSince = -1;
            sinceLastLog = 0;
        }
        LOG.info("state directory writable again: {} stored after {} ms of failed writes ({} failed writes in all, {} since"
                + " the last warning)", what, clock.getAsLong() - since, total.get(), unlogged);
    }

    /** Failed writes since this process started. */
    public long count() {
        return total.get();
    }

    /** Whether the last write failed. */
    public synchronized boolean failing() {
        return failingSince >= 0;
    }
}

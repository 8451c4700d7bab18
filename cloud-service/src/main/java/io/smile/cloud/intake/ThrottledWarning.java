package io.smile.cloud.intake;

import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * One WARN line per interval for an event that can happen thousands of times a second (a refusal
 * under overload): the first occurrence is logged at once, later ones are counted and summed up in
 * the next line, at most one per {@code intervalMillis}. Thread-safe.
 */
public final class ThrottledWarning {
    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier clock;
    private long lastLogged;
    private boolean loggedOnce;
    private long suppressed;
    private long lines;

    public ThrottledWarning(Logger log, long intervalMillis) {
        this(log, intervalMillis, System::nanoTime);
    }

    ThrottledWarning(Logger log, long intervalMillis, LongSupplier nanoClock) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.clock = nanoClock;
    }

    /** Counts one occurrence; logs {@code message} (with the occurrences not logged since the last line) if the interval passed. */
    public void warn(String message) {
        long suppressedNow;
        synchronized (this) {
            long now = clock.getAsLong();
            if (loggedOnce && now - lastLogged < intervalNanos) {
                suppressed++;
                return;
            }
            loggedOnce = true;
            lastLogged = now;
            suppressedNow = suppressed;
            suppressed = 0;
            lines++;
        }
        if (suppressedNow == 0) {
            log.warn(message);
        } else {
            log.warnf("%s (and %d more like it since the last line)", message, suppressedNow);
        }
    }

    /** Lines logged so far (tests). */
    public synchronized long lines() {
        return lines;
    }
}

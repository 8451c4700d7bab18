package io.smile.protocol.mqtt;

import java.time.Duration;

/**
 * The delay before connection attempt {@code n + 1} after {@code n} consecutive failures:
 * {@code min · 2^(n-1)}, never more than {@code max}. One policy for the first connection and
 * for reconnections (Paho's own, in 1.2.5, is JVM-wide and ignores its configured maximum).
 */
public record ReconnectBackoff(Duration min, Duration max) {
    public ReconnectBackoff {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("need 0 < min <= max, got " + min + ", " + max);
        }
    }

    /** The delay after {@code failures} (at least 1) consecutive failed attempts. */
    public Duration delayAfter(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1, got " + failures);
        }
        int doublings = Math.min(failures - 1, 62);
        long minNanos = min.toNanos();
        long maxNanos = max.toNanos();
        // minNanos << doublings would overflow long before 62 doublings
        long nanos = doublings >= Long.numberOfLeadingZeros(minNanos) - 1 ? maxNanos : Math.min(maxNanos, minNanos << doublings);
        return Duration.ofNanos(nanos);
    }
}

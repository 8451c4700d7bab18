package io.smile.cloud.scoring;

/**
 * A gateway's query budget: windows scored in the last hour and the last 24 hours, against the
 * configured limits. Every window the cloud scores is a query of the model (docs/pdm-model.md: the
 * extraction attacks need many), so a batch is scored only when its windows fit both limits; a
 * batch that does not fit is refused with the time until it would. Usage is kept in one-minute
 * buckets (the hour) and one-hour buckets (the day), so the windows slide with at most a bucket's
 * granularity: a refused gateway is never told to retry earlier than its usage allows. Held in the
 * {@link GatewayState}, so a re-registration does not reset it, and persisted with it, so a
 * restart does not either. Thread-safe.
 */
public final class QueryBudget {
    /** The limits, the same for every gateway ({@code smile.scoring.budget.*}). */
    public record Limits(long windowsPerHour, long windowsPerDay) {
        /** Generous for the demo and a hall of machines, small against extraction (docs/pdm-model.md). */
        public static final Limits DEFAULT = new Limits(40_000, 500_000);

        public Limits {
            if (windowsPerHour < 1 || windowsPerDay < 1) {
                throw new IllegalArgumentException("query budget limits must be >= 1, got " + windowsPerHour + "/h, "
                        + windowsPerDay + "/day");
            }
        }
    }

    /** What a gateway has used, for GET /gateways. */
    public record Usage(long windowsLastHour, long windowsPerHour, long windowsLastDay, long windowsPerDay) {
    }

    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;
    static final long DAY = 24 * HOUR;

    private final Buckets hour = new Buckets(60, MINUTE);
    private final Buckets day = new Buckets(24, HOUR);

    /**
     * Charges {@code windows} at {@code nowMillis} if they fit both limits.
     *
     * @return 0 if charged; otherwise the milliseconds until they would fit (at least 1), or
     *         {@link Long#MAX_VALUE} if they never can (more windows than a limit)
     */
    public synchronized long tryCharge(long windows, long nowMillis, Limits limits) {
        if (windows > limits.windowsPerHour() || windows > limits.windowsPerDay()) {
            return Long.MAX_VALUE;
        }
        long wait = Math.max(hour.waitFor(windows, limits.windowsPerHour(), nowMillis),
                day.waitFor(windows, limits.windowsPerDay(), nowMillis));
        if (wait > 0) {
            return wait;
        }
        hour.add(windows, nowMillis);
        day.add(windows, nowMillis);
        return 0;
    }

    /** Gives back windows charged at {@code chargedAtMillis} that were not scored after all. */
    public synchronized void refund(long windows, long chargedAtMillis) {
        hour.remove(windows, chargedAtMillis);
        day.remove(windows, chargedAtMillis);
    }

    /** The usage as text for the gateway's state file: "hourBuckets;dayBuckets", each "start:count,…". */
    public synchronized String encode() {
        return hour.encode() + ";" + day.encode();
    }

    /**
     * The usage {@link #encode()} wrote (a restart must not buy a gateway a fresh budget).
     *
     * @throws IllegalArgumentException if the text is not such an encoding
     */
    public static QueryBudget decode(String text) {
        QueryBudget b = new QueryBudget();
        String[] parts = text.split(";", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("query budget: expected hour;day buckets");
        }
        b.hour.decode(parts[0]);
        b.day.decode(parts[1]);
        return b;
    }

    public synchronized Usage usage(long nowMillis, Limits limits) {
        return new Usage(hour.used(nowMillis), limits.windowsPerHour(), day.used(nowMillis), limits.windowsPerDay());
    }

    /** A ring of counts per time bucket over a sliding period of {@code size} buckets. */
    private static final class Buckets {
        private final long[] counts;
        private final long[] starts; // the bucket's start time, to tell a stale slot from a current one
        private final long width;

        Buckets(int size, long width) {
            this.counts = new long[size];
            this.starts = new long[size];
            this.width = width;
            java.util.Arrays.fill(starts, Long.MIN_VALUE);
        }

        private boolean live(int i, long now) {
            long start = now - now % width;
            return starts[i] != Long.MIN_VALUE && starts[i] > start - (long) counts.length * width;
        }

        String encode() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < counts.length; i++) {
                if (starts[i] != Long.MIN_VALUE && counts[i] > 0) {
                    sb.append(sb.length() > 0 ? "," : "").append(starts[i]).append(':').append(counts[i]);
                }
            }
            return sb.toString();
        }

        void decode(String text) {
            if (text.isEmpty()) {
                return;
            }
            for (String entry : text.split(",")) {
                String[] kv = entry.split(":");
                if (kv.length != 2) {
                    throw new IllegalArgumentException("query budget: bucket '" + entry + "' is not start:count");
                }
                long start = Long.parseLong(kv[0]);
                long count = Long.parseLong(kv[1]);
                if (start < 0 || start % width != 0 || count < 0) {
                    throw new IllegalArgumentException("query budget: bucket '" + entry + "' out of range");
                }
                int i = (int) Math.floorMod(start / width, (long) counts.length);
                if (starts[i] == Long.MIN_VALUE || starts[i] < start) {
                    starts[i] = start;
                    counts[i] = count;
                }
            }
        }

        long used(long now) {
            long sum = 0;
            for (int i = 0; i < counts.length; i++) {
                if (live(i, now)) {
                    sum += counts[i];
                }
            }
            return sum;
        }

        void add(long n, long now) {
            long start = now - now % width;
            int i = (int) Math.floorMod(start / width, (long) counts.length);
            if (starts[i] != start) {
                starts[i] = start;
                counts[i] = 0;
            }
            counts[i] += n;
        }

        void remove(long n, long at) {
            long start = at - at % width;
            int i = (int) Math.floorMod(start / width, (long) counts.length);
            if (starts[i] == start) {
                counts[i] = Math.max(0, counts[i] - n);
            }
        }

        /** Milliseconds until n more fit under the limit: the oldest buckets expire first. */
        long waitFor(long n, long limit, long now) {
            long used = used(now);
            if (used + n <= limit) {
                return 0;
            }
            long excess = used + n - limit;
            long current = now - now % width;
            // walk the live buckets from the oldest; bucket starting at s leaves the period at s + size*width
            for (long s = current - (long) (counts.length - 1) * width; s <= current; s += width) {
                int i = (int) Math.floorMod(s / width, (long) counts.length);
                if (starts[i] == s) {
                    excess -= counts[i];
                    if (excess <= 0) {
                        return s + (long) counts.length * width - now;
                    }
                }
            }
            return Long.MAX_VALUE; // not reached: n <= limit
        }
    }
}

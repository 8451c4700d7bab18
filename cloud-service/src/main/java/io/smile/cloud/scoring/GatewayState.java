package io.smile.cloud.scoring;

import java.util.concurrent.atomic.AtomicLong;

/** What survives a gateway's re-registration: its processed sequences and the count of scored batches. */
public final class GatewayState {
    private final DedupWindow dedup;
    private final AtomicLong scored;

    GatewayState(DedupWindow dedup, long scored) {
        this.dedup = dedup;
        this.scored = new AtomicLong(scored);
    }

    public DedupWindow dedup() {
        return dedup;
    }

    public long scored() {
        return scored.get();
    }

    void countScored() {
        scored.incrementAndGet();
    }
}

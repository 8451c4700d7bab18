package io.smile.cloud.scoring;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What survives a gateway's re-registration: its processed sequences, the count of scored batches
 * and its {@link QueryBudget} (so re-registering does not buy a fresh budget).
 */
public final class GatewayState {
    private final DedupWindow dedup;
    private final AtomicLong scored;
    private final QueryBudget budget;

    GatewayState(DedupWindow dedup, long scored) {
        this(dedup, scored, new QueryBudget());
    }

    GatewayState(DedupWindow dedup, long scored, QueryBudget budget) {
        this.dedup = dedup;
        this.scored = new AtomicLong(scored);
        this.budget = budget;
    }

    public DedupWindow dedup() {
        return dedup;
    }

    public QueryBudget budget() {
        return budget;
    }

    public long scored() {
        return scored.get();
    }

    void countScored() {
        scored.incrementAndGet();
    }
}

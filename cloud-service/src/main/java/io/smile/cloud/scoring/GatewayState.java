package io.smile.cloud.scoring;

import io.smile.protocol.GatewayIdentity;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What survives a gateway's re-registration: its processed sequences, the count of scored batches,
 * its {@link QueryBudget} (so re-registering does not buy a fresh budget) and its pinned identity:
 * the Ed25519 key of its first registration, which every later one must be signed by (trust on
 * first use; cleared only with the gateway, by {@code DELETE /gateways/{id}}).
 */
public final class GatewayState {
    private final DedupWindow dedup;
    private final AtomicLong scored;
    private final QueryBudget budget;
    private final byte[] identity;

    GatewayState(DedupWindow dedup, long scored, byte[] identity) {
        this(dedup, scored, new QueryBudget(), identity);
    }

    GatewayState(DedupWindow dedup, long scored, QueryBudget budget, byte[] identity) {
        GatewayIdentity.checkPublicKey(identity);
        this.dedup = dedup;
        this.scored = new AtomicLong(scored);
        this.budget = budget;
        this.identity = identity.clone();
    }

    /** The pinned identity key (X.509 bytes). */
    public byte[] identity() {
        return identity.clone();
    }

    /** Whether {@code identityKey} is the pinned one. */
    public boolean pinnedTo(byte[] identityKey) {
        return java.security.MessageDigest.isEqual(identity, identityKey);
    }

    /** SHA-256 hex of the pinned identity key. */
    public String identityFingerprint() {
        return GatewayIdentity.fingerprint(identity);
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

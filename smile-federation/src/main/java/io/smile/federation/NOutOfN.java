package io.smile.federation;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Plaintext;
import io.smile.he.multiparty.Collective;
import io.smile.he.multiparty.Party;
import io.smile.he.multiparty.ShareAggregator;
import io.smile.he.multiparty.ShareCodec;
import io.smile.he.multiparty.ShareType;
import java.util.Collection;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/** n-out-of-n collective decryption ({@code io.smile.he.multiparty}): every member decrypts every round. */
public final class NOutOfN implements DecryptionScheme {
    @Override
    public SortedSet<Integer> decryptors(Collection<Integer> members, Collection<Integer> online) {
        return online.containsAll(members) ? new TreeSet<>(members) : null;
    }

    @Override
    public byte[] share(BgvContext ctx, Party party, long protocolId, Ciphertext ct, Set<Integer> decryptors,
                        int smudgingBits) {
        if (!decryptors.contains(party.id())) {
            throw new IllegalArgumentException("member " + party.id() + " is not in the decrypting set " + decryptors);
        }
        return new ShareCodec(ctx).encode(party.decryptionShare(protocolId, ct, smudgingBits));
    }

    @Override
    public Combiner combiner(BgvContext ctx, int level, long protocolId, Set<Integer> decryptors) {
        ShareAggregator agg = new ShareAggregator(ctx, ShareType.DECRYPT, level, protocolId, 0, decryptors);
        return new Combiner() {
            @Override
            public void add(int sender, byte[] share) {
                agg.add(sender, share);
            }

            @Override
            public boolean isComplete() {
                return agg.isComplete();
            }

            @Override
            public Set<Integer> missing() {
                return agg.missing();
            }

            @Override
            public Plaintext decrypt(Ciphertext ct) {
                return Collective.decrypt(ctx, ct, agg.combine());
            }
        };
    }
}

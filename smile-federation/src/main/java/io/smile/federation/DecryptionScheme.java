package io.smile.federation;

import io.smile.he.bgv.BgvContext;
import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Plaintext;
import io.smile.he.multiparty.Party;
import java.util.Collection;
import java.util.Set;
import java.util.SortedSet;

/**
 * The seam between the federation runtime and the collective-decryption protocol. The member uses
 * {@link #share} to produce its decryption share for one ciphertext of a round and a given set of
 * decrypting parties; the coordinator uses {@link #decryptors} to choose that set and
 * {@link #combiner} to collect and combine the shares. {@link NOutOfN} is the existing n-out-of-n
 * protocol; a t-out-of-n (Shamir) version implements the same interface: {@code decryptors} picks
 * t of the online members, {@code share} applies the member's Lagrange coefficient for that set,
 * {@code combiner} accepts exactly that set. Neither the member nor the coordinator changes.
 */
public interface DecryptionScheme {
    /**
     * The members that must decrypt this round, chosen by the coordinator from all members and
     * those it has heard from; null if no valid set exists.
     */
    SortedSet<Integer> decryptors(Collection<Integer> members, Collection<Integer> online);

    /** Member side: this member's encoded decryption share for {@code ct}. */
    byte[] share(BgvContext ctx, Party party, long protocolId, Ciphertext ct, Set<Integer> decryptors, int smudgingBits);

    /** Coordinator side: collects the encoded shares of {@code decryptors} for one ciphertext. */
    Combiner combiner(BgvContext ctx, int level, long protocolId, Set<Integer> decryptors);

    /** Collects shares; refuses (with the sender named) anything that is not a valid expected share. */
    interface Combiner {
        void add(int sender, byte[] share);

        boolean isComplete();

        Set<Integer> missing();

        Plaintext decrypt(Ciphertext ct);
    }
}

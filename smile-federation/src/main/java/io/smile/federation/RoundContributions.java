package io.smile.federation;

import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Evaluator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Coordinator, each round: the members' encrypted contributions, checked for shape (the right
 * number of fresh ciphertexts) and kept as sent, since the members verify the aggregate against
 * these exact bytes; and their homomorphic sum.
 */
final class RoundContributions {
    private final CoordinatorChannel ch;
    private final Evaluator eval;
    private final SortedMap<Integer, byte[]> contributions = new TreeMap<>();

    RoundContributions(CoordinatorChannel ch) {
        this.ch = ch;
        this.eval = new Evaluator(ch.ctx, null);
    }

    void open() {
        contributions.clear();
    }

    /** Keeps one member's contribution; true once every member has contributed. */
    boolean add(int sender, int round, byte[] payload) {
        if (contributions.containsKey(sender)) {
            throw new IllegalArgumentException("second contribution to round " + round);
        }
        List<byte[]> cts = Payloads.readList(payload);
        if (cts.size() != ch.ctsPerContribution) {
            throw new IllegalArgumentException(cts.size() + " ciphertexts, expected " + ch.ctsPerContribution);
        }
        for (byte[] b : cts) {
            Ciphertext ct;
            try {
                ct = ch.ser.readCiphertext(b);
            } catch (RuntimeException x) {
                throw new IllegalArgumentException("not a ciphertext: " + x.getMessage());
            }
            if (ct.size() != 2 || ct.level() != ch.ctx.parameters().maxLevel()) {
                throw new IllegalArgumentException("not a fresh ciphertext (size " + ct.size() + ", level " + ct.level() + ")");
            }
        }
        contributions.put(sender, payload);
        return contributions.size() == ch.members.size();
    }

    /** Leaves out the contributions of members that stopped answering. */
    void drop(Collection<Integer> members) {
        members.forEach(contributions::remove);
    }

    int size() {
        return contributions.size();
    }

    /** The contributions as received, by member. */
    SortedMap<Integer, byte[]> byMember() {
        return new TreeMap<>(contributions);
    }

    List<Integer> contributors() {
        return List.copyOf(contributions.keySet());
    }

    List<Integer> missing() {
        List<Integer> m = new ArrayList<>(ch.members);
        m.removeAll(contributions.keySet());
        return m;
    }

    /** The homomorphic sum, one ciphertext per slot chunk. */
    Ciphertext[] sum() {
        Ciphertext[] sum = new Ciphertext[ch.ctsPerContribution];
        for (byte[] c : contributions.values()) {
            List<byte[]> cts = Payloads.readList(c);
            for (int i = 0; i < ch.ctsPerContribution; i++) {
                Ciphertext ct = ch.ser.readCiphertext(cts.get(i));
                sum[i] = sum[i] == null ? ct : eval.add(sum[i], ct);
            }
        }
        return sum;
    }
}

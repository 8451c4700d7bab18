package io.smile.federation;

import io.smile.he.bgv.Ciphertext;
import io.smile.he.bgv.Evaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Coordinator, each round: the members' signed, encrypted contributions, checked for shape (the
 * right number of fresh ciphertexts) and kept as sent, since the members verify the aggregate
 * against these exact signed messages; and their homomorphic sum. Once the round's contributions
 * close they never change: the round has one contribution set, one aggregate, one hash.
 */
final class RoundContributions {
    private final CoordinatorChannel ch;
    private final Evaluator eval;
    /** Member → ciphertext list (the CONTRIBUTION payload). */
    private final SortedMap<Integer, byte[]> contributions = new TreeMap<>();
    /** Member → its signed CONTRIBUTION message, relayed in the aggregate. */
    private final SortedMap<Integer, byte[]> signed = new TreeMap<>();

    RoundContributions(CoordinatorChannel ch) {
        this.ch = ch;
        this.eval = new Evaluator(ch.ctx, null);
    }

    void open() {
        contributions.clear();
        signed.clear();
    }

    /** Keeps one member's contribution; true once every member has contributed. */
    boolean add(int sender, int round, Envelope e) {
        byte[] payload = e.payload();
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
        if (!e.dependsOn(ch.keyHash)) {
            throw new IllegalArgumentException("contribution made for another collective key");
        }
        contributions.put(sender, payload);
        signed.put(sender, e.encode());
        return contributions.size() == ch.members.size();
    }

    int size() {
        return contributions.size();
    }

    /** The signed CONTRIBUTION messages as received, by member. */
    SortedMap<Integer, byte[]> signedByMember() {
        return new TreeMap<>(signed);
    }

    /** The round's aggregate hash ({@link Transcript}): over the sorted (member, ciphertexts). */
    byte[] aggregateHash(int round) {
        return Transcript.ofMembers("aggregate", ch.federation, round, contributions);
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

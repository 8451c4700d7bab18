package io.smile.workforce;

import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeKeyOwner;
import java.util.List;
import java.util.Objects;

/**
 * A unit's side of segment assignment: holds the secret key, packs and encrypts employees'
 * quantized vectors ({@link AssignmentLayout}), decrypts the cloud's answer and picks each
 * employee's nearest segment.
 */
public final class SegmentClient {
    private final HeKeyOwner owner;
    private final int k;

    public SegmentClient(HeKeyOwner owner, int k) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.k = k;
        if (k < 2 || AssignmentLayout.capacity(owner.session().slotCount(), k) < 1) {
            throw new IllegalArgumentException("k = " + k + " does not fit the session");
        }
    }

    public int capacity() {
        return AssignmentLayout.capacity(owner.session().slotCount(), k);
    }

    /** A serialized request for up to {@link #capacity()} quantized vectors. */
    public byte[] request(List<long[]> vectors) {
        long[] packed = AssignmentLayout.pack(vectors, k, owner.session().slotCount());
        HeCiphertext ct = owner.encrypt(packed, Math.min(AssignmentLayout.REQUEST_LEVEL, owner.session().maxLevel()));
        return AssignmentMessages.write(AssignmentMessages.REQUEST_MAGIC, vectors.size(), ct.serialize());
    }

    /**
     * Like {@link #request(List)} but padded with zero vectors to {@link #capacity()} employees, so
     * the header and the cloud's work do not reveal how many employees the unit is assigning. The
     * response then holds {@link #capacity()} rows; the caller keeps the first {@code vectors.size()}.
     */
    public byte[] paddedRequest(List<long[]> vectors) {
        if (vectors.isEmpty() || vectors.size() > capacity()) {
            throw new IllegalArgumentException("need 1.." + capacity() + " employees per request, got " + vectors.size());
        }
        java.util.ArrayList<long[]> padded = new java.util.ArrayList<>(vectors);
        while (padded.size() < capacity()) {
            padded.add(new long[HrEncoding.FEATURES]);
        }
        return request(padded);
    }

    /** Decrypts a serialized response: distances[e][c] = ‖x_e − μ_c‖². */
    public long[][] distances(byte[] response) {
        AssignmentMessages.Message m = AssignmentMessages.read(AssignmentMessages.RESPONSE_MAGIC, response, capacity());
        long[] slots = owner.decrypt(owner.session().readCiphertext(m.ciphertext()));
        long[][] out = new long[m.employees()][k];
        for (int e = 0; e < m.employees(); e++) {
            for (int c = 0; c < k; c++) {
                out[e][c] = slots[AssignmentLayout.resultSlot(e, c, k)];
            }
        }
        return out;
    }

    /** Index of the smallest distance per employee (ties to the lowest index, as the plaintext rule). */
    public static int[] argMin(long[][] distances) {
        int[] out = new int[distances.length];
        for (int e = 0; e < distances.length; e++) {
            int best = 0;
            for (int c = 1; c < distances[e].length; c++) {
                if (distances[e][c] < distances[e][best]) {
                    best = c;
                }
            }
            out[e] = best;
        }
        return out;
    }

    /** Decrypts a response and returns each employee's segment. */
    public int[] assign(byte[] response) {
        return argMin(distances(response));
    }
}

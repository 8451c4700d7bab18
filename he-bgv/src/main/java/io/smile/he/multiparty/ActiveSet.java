package io.smile.he.multiparty;

import io.smile.he.ring.Modulus;
import io.smile.he.ring.RingContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.TreeSet;

/**
 * The active set T of a threshold protocol run: the sorted ids of the parties whose Lagrange-weighted
 * Shamir shares are combined. Party id i is evaluated at the point x_i = i + 1 (never 0, the point of
 * the secret). Its 64-bit {@link #digest()} goes into the aux field of every share of the run, so
 * shares computed for different sets (whose Lagrange weights differ) cannot be mixed.
 */
public final class ActiveSet {
    private final List<Integer> ids;
    private final long digest;

    public ActiveSet(Collection<Integer> ids) {
        TreeSet<Integer> sorted = new TreeSet<>(ids);
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("empty active set");
        }
        if (sorted.size() != ids.size()) {
            throw new IllegalArgumentException("duplicate ids in the active set " + ids);
        }
        for (int id : sorted) {
            checkId(id);
        }
        this.ids = Collections.unmodifiableList(new ArrayList<>(sorted));
        this.digest = digestOf(this.ids);
    }

    static void checkId(int id) {
        if (id < 0 || id == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("threshold party ids are in [0, 2^31 - 2], got " + id);
        }
    }

    /**
     * The evaluation points x = id + 1 lie in [1, 2^31 - 1], so they are non-zero and pairwise
     * distinct modulo every prime larger than 2^31. Smaller primes are checked explicitly.
     */
    static void checkPoints(RingContext ring, Collection<Integer> ids) {
        int[] all = ring.qpIndices(ring.qCount() - 1);
        for (int p : all) {
            long q = ring.modulus(p).value();
            TreeSet<Long> seen = new TreeSet<>();
            for (int id : ids) {
                long x = point(id) % q;
                if (x == 0 || !seen.add(x)) {
                    throw new IllegalArgumentException("party id " + id + " maps to a zero or repeated point modulo " + q);
                }
            }
        }
    }

    static long point(int id) {
        return id + 1L;
    }

    public List<Integer> ids() {
        return ids;
    }

    public int size() {
        return ids.size();
    }

    public boolean contains(int id) {
        return Collections.binarySearch(ids, id) >= 0;
    }

    /** First 8 bytes of SHA-256(label, count, sorted ids); never 0 (0 marks an n-out-of-n share). */
    public long digest() {
        return digest;
    }

    private static long digestOf(List<Integer> sorted) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update("SMiLe threshold active set v1".getBytes(StandardCharsets.US_ASCII));
            ByteBuffer b = ByteBuffer.allocate(4 + 4 * sorted.size());
            b.putInt(sorted.size());
            for (int id : sorted) {
                b.putInt(id);
            }
            long d = ByteBuffer.wrap(md.digest(b.array())).getLong();
            return d == 0 ? 1 : d;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * lambda_id^T(0) = prod_{j in T, j != id} x_j / (x_j - x_id) modulo each prime of idx.
     * Then sum_{i in T} lambda_i * f(x_i) = f(0) for every polynomial f of degree &lt; |T|.
     */
    public long[] lagrangeAtZero(RingContext ring, int id, int[] idx) {
        if (!contains(id)) {
            throw new IllegalArgumentException("party " + id + " is not in the active set " + ids);
        }
        long[] out = new long[idx.length];
        for (int r = 0; r < idx.length; r++) {
            Modulus m = ring.modulus(idx[r]);
            long q = m.value();
            long xi = point(id) % q;
            long num = 1;
            long den = 1;
            for (int j : ids) {
                if (j == id) {
                    continue;
                }
                long xj = point(j) % q;
                num = m.mul(num, xj);
                den = m.mul(den, m.sub(xj, xi));
            }
            if (den == 0) {
                throw new IllegalArgumentException("active set " + ids + " has repeated points modulo " + q);
            }
            out[r] = m.mul(num, m.inv(den));
        }
        return out;
    }

    @Override
    public String toString() {
        return "ActiveSet" + ids;
    }
}

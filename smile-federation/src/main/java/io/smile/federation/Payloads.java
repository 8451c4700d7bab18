package io.smile.federation;

import io.smile.protocol.ProtocolException;
import io.smile.protocol.codec.MessageReader;
import io.smile.protocol.codec.MessageWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The small structures inside envelopes, written and read with {@link io.smile.protocol.codec}:
 * byte strings carry a 4-byte length, lists a 4-byte count. Every decoder checks counts, lengths
 * and that nothing is left over, and throws only {@link FederationFormatException}.
 */
public final class Payloads {
    /** Most entries in a list of byte strings or of member ids (a released sum may be longer). */
    static final int MAX_ITEMS = 4096;

    private Payloads() {
    }

    /**
     * KEYS_START: the CKG protocol id and every member's signed HELLO (member id → envelope), whose
     * payload is its commitment to its CRS seed share.
     */
    public record KeysStart(long protocolId, SortedMap<Integer, byte[]> commitments) {
    }

    /**
     * AGGREGATE: who must decrypt (attempt {@code attempt}), the contributions (member id → that member's
     * signed CONTRIBUTION envelope, whose payload is its ciphertext list) and their sum.
     */
    public record Aggregate(List<Integer> decryptors, SortedMap<Integer, byte[]> contributions, byte[] aggregate,
                            int attempt) {
        /** Attempt 0: the first decrypting set of the round. */
        public Aggregate(List<Integer> decryptors, SortedMap<Integer, byte[]> contributions, byte[] aggregate) {
            this(decryptors, contributions, aggregate, 0);
        }
    }

    /**
     * RESULT: whether the job is finished, who contributed, who was left out, the decrypted sum, and what
     * every member needs to check it: the decrypting set of the completed attempt and each of its
     * members' signed DECRYPTION_SHARE messages (member id → envelope bytes).
     */
    public record Result(boolean finished, List<Integer> contributors, List<Integer> missing, long[] sum,
                         List<Integer> decryptors, SortedMap<Integer, byte[]> shares) {
    }

    public static byte[] keysStart(KeysStart k) {
        return byMember(new MessageWriter(size(k.commitments()) + 8).i64(k.protocolId()), k.commitments()).toBytes();
    }

    public static KeysStart readKeysStart(byte[] in) {
        return read(in, "keys-start payload", r -> new KeysStart(r.i64("protocol id"), byMember(r)));
    }

    /** A list of byte strings (ciphertexts, or decryption shares). */
    public static byte[] list(List<byte[]> items) {
        MessageWriter w = new MessageWriter(items.stream().mapToInt(i -> i.length + 4).sum() + 4).i32(items.size());
        items.forEach(w::blob);
        return w.toBytes();
    }

    public static List<byte[]> readList(byte[] in) {
        return read(in, "list payload", Payloads::list);
    }

    /** Member id → bytes (e.g. the signed CKG_SHARE envelopes of PUBLIC_KEY). */
    public static byte[] byMember(SortedMap<Integer, byte[]> m) {
        return byMember(new MessageWriter(size(m)), m).toBytes();
    }

    public static SortedMap<Integer, byte[]> readByMember(byte[] in) {
        return read(in, "by-member payload", Payloads::byMember);
    }

    public static byte[] aggregate(Aggregate a) {
        MessageWriter w = ints(new MessageWriter(size(a.contributions()) + a.aggregate().length + 64), a.decryptors());
        return byMember(w, a.contributions()).blob(a.aggregate()).i32(a.attempt()).toBytes();
    }

    public static Aggregate readAggregate(byte[] in) {
        return read(in, "aggregate payload", r -> new Aggregate(ints(r, "decryptors"), byMember(r), bytes(r, "aggregate"),
                r.i32("attempt", 0, 255)));
    }

    public static byte[] result(Result r) {
        MessageWriter w = new MessageWriter(8 * r.sum().length + size(r.shares()) + 64).bool(r.finished());
        ints(w, r.contributors());
        ints(w, r.missing()).i32(r.sum().length);
        for (long v : r.sum()) {
            w.i64(v);
        }
        ints(w, r.decryptors());
        return byMember(w, r.shares()).toBytes();
    }

    public static Result readResult(byte[] in) {
        return read(in, "result payload", r -> {
            boolean finished = r.bool("finished");
            List<Integer> c = ints(r, "contributors");
            List<Integer> m = ints(r, "missing");
            // as wide as the slots: bounded by the bytes present, not by MAX_ITEMS
            long[] sum = new long[r.count("sum", Integer.MAX_VALUE, 8)];
            for (int i = 0; i < sum.length; i++) {
                sum[i] = r.i64("sum");
            }
            List<Integer> decryptors = ints(r, "decryptors");
            return new Result(finished, c, m, sum, decryptors, byMember(r));
        });
    }

    // ---- helpers

    private static <T> T read(byte[] in, String what, Function<MessageReader, T> body) {
        try {
            return MessageReader.read(in, what, body);
        } catch (ProtocolException e) {
            throw new FederationFormatException(e.getMessage(), e);
        }
    }

    private static int size(SortedMap<Integer, byte[]> m) {
        return m.values().stream().mapToInt(b -> b.length + 8).sum() + 4;
    }

    /** A byte string as long as what is left at most (the envelope bounds the whole payload). */
    private static byte[] bytes(MessageReader r, String field) {
        return r.blob(field, Integer.MAX_VALUE);
    }

    private static List<byte[]> list(MessageReader r) {
        int n = r.count("list", MAX_ITEMS, 4);
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(bytes(r, "list item"));
        }
        return out;
    }

    private static MessageWriter ints(MessageWriter w, List<Integer> ids) {
        w.i32(ids.size());
        ids.forEach(w::i32);
        return w;
    }

    private static List<Integer> ints(MessageReader r, String field) {
        int n = r.count(field, MAX_ITEMS, 4);
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(r.i32(field));
        }
        return out;
    }

    private static MessageWriter byMember(MessageWriter w, SortedMap<Integer, byte[]> m) {
        w.i32(m.size());
        m.forEach((id, b) -> w.i32(id).blob(b));
        return w;
    }

    private static SortedMap<Integer, byte[]> byMember(MessageReader r) {
        // (id, length) is 8 bytes: bounded by the bytes present, as before, not by MAX_ITEMS
        int n = r.count("members", Integer.MAX_VALUE, 8);
        SortedMap<Integer, byte[]> out = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            int id = r.i32("member id");
            if (out.put(id, bytes(r, "member bytes")) != null) {
                throw new FederationFormatException("member " + id + " listed twice");
            }
        }
        return out;
    }
}

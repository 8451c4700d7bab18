package io.smile.federation;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The small structures inside envelopes. Every decoder checks counts, lengths and that nothing
 * is left over, and throws only {@link FederationFormatException}.
 */
public final class Payloads {
    static final int MAX_ITEMS = 4096;

    private Payloads() {
    }

    /** KEYS_START: the common reference string seed and the CKG protocol id. */
    public record KeysStart(byte[] crsSeed, long protocolId) {
    }

    /** AGGREGATE: who must decrypt, the contributions (member id → ciphertext list) and their sum. */
    public record Aggregate(List<Integer> decryptors, SortedMap<Integer, byte[]> contributions, byte[] aggregate,
                            int attempt) {
        /** Attempt 0: the first decrypting set of the round. */
        public Aggregate(List<Integer> decryptors, SortedMap<Integer, byte[]> contributions, byte[] aggregate) {
            this(decryptors, contributions, aggregate, 0);
        }
    }

    /** RESULT: the decrypted sum, who contributed, who was left out, and whether the job is finished. */
    public record Result(boolean finished, List<Integer> contributors, List<Integer> missing, long[] sum) {
    }

    public static byte[] keysStart(KeysStart k) {
        return write(out -> {
            bytes(out, k.crsSeed());
            out.writeLong(k.protocolId());
        });
    }

    public static KeysStart readKeysStart(byte[] in) {
        return read(in, b -> new KeysStart(bytes(b), b.getLong()));
    }

    /** A list of byte strings (ciphertexts, or decryption shares). */
    public static byte[] list(List<byte[]> items) {
        return write(out -> {
            out.writeInt(items.size());
            for (byte[] i : items) {
                bytes(out, i);
            }
        });
    }

    public static List<byte[]> readList(byte[] in) {
        return read(in, Payloads::list);
    }

    /** Member id → bytes (CKG shares for PUBLIC_KEY). */
    public static byte[] byMember(SortedMap<Integer, byte[]> m) {
        return write(out -> byMember(out, m));
    }

    public static SortedMap<Integer, byte[]> readByMember(byte[] in) {
        return read(in, Payloads::byMember);
    }

    public static byte[] aggregate(Aggregate a) {
        return write(out -> {
            ints(out, a.decryptors());
            byMember(out, a.contributions());
            bytes(out, a.aggregate());
            out.writeInt(a.attempt());
        });
    }

    public static Aggregate readAggregate(byte[] in) {
        return read(in, b -> {
            Aggregate a = new Aggregate(ints(b), byMember(b), bytes(b), b.getInt());
            if (a.attempt() < 0 || a.attempt() > 255) {
                throw new FederationFormatException("bad attempt " + a.attempt());
            }
            return a;
        });
    }

    public static byte[] result(Result r) {
        return write(out -> {
            out.writeBoolean(r.finished());
            ints(out, r.contributors());
            ints(out, r.missing());
            out.writeInt(r.sum().length);
            for (long v : r.sum()) {
                out.writeLong(v);
            }
        });
    }

    public static Result readResult(byte[] in) {
        return read(in, b -> {
            byte f = b.get();
            if (f != 0 && f != 1) {
                throw new FederationFormatException("bad finished flag " + f);
            }
            List<Integer> c = ints(b);
            List<Integer> m = ints(b);
            int n = count(b, 8);
            long[] sum = new long[n];
            for (int i = 0; i < n; i++) {
                sum[i] = b.getLong();
            }
            return new Result(f == 1, c, m, sum);
        });
    }

    // ---- helpers

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(ByteBuffer b);
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] in, Reader<T> r) {
        try {
            ByteBuffer b = ByteBuffer.wrap(in);
            T t = r.read(b);
            if (b.hasRemaining()) {
                throw new FederationFormatException(b.remaining() + " unexpected trailing bytes in the payload");
            }
            return t;
        } catch (BufferUnderflowException e) {
            throw new FederationFormatException("payload truncated", e);
        }
    }

    private static void bytes(DataOutputStream out, byte[] b) throws IOException {
        out.writeInt(b.length);
        out.write(b);
    }

    private static int count(ByteBuffer b, int minBytesEach) {
        int n = b.getInt();
        if (n < 0 || n > MAX_ITEMS && minBytesEach < 8 || (long) n * minBytesEach > b.remaining()) {
            throw new FederationFormatException("bad count " + n);
        }
        return n;
    }

    private static byte[] bytes(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new FederationFormatException("bad length " + n + " (" + b.remaining() + " bytes left)");
        }
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }

    private static List<byte[]> list(ByteBuffer b) {
        int n = count(b, 4);
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(bytes(b));
        }
        return out;
    }

    private static void ints(DataOutputStream out, List<Integer> ids) throws IOException {
        out.writeInt(ids.size());
        for (int i : ids) {
            out.writeInt(i);
        }
    }

    private static List<Integer> ints(ByteBuffer b) {
        int n = count(b, 4);
        List<Integer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(b.getInt());
        }
        return out;
    }

    private static void byMember(DataOutputStream out, SortedMap<Integer, byte[]> m) throws IOException {
        out.writeInt(m.size());
        for (var e : m.entrySet()) {
            out.writeInt(e.getKey());
            bytes(out, e.getValue());
        }
    }

    private static SortedMap<Integer, byte[]> byMember(ByteBuffer b) {
        int n = count(b, 8);
        SortedMap<Integer, byte[]> out = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            int id = b.getInt();
            if (out.put(id, bytes(b)) != null) {
                throw new FederationFormatException("member " + id + " listed twice");
            }
        }
        return out;
    }
}

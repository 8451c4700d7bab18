package io.smile.federation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Pins the exact bytes of the federation envelope and of every payload structure (layouts in
 * {@link Envelope} and docs/wire-format.md), written field by field, and what their decoders
 * refuse: every truncation, a trailing byte, counts and lengths out of bounds, all as
 * {@link FederationFormatException}.
 */
class EnvelopeAndPayloadsKnownAnswerTest {
    private static byte[] hex(String... fields) {
        return HexFormat.of().parseHex(String.join("", fields).replace(" ", ""));
    }

    static final byte[] DEPENDS_ON = filled(32, 0x11);
    static final byte[] SIGNATURE = filled(64, 0x22);
    static final Envelope ENVELOPE = new Envelope(Envelope.Kind.CONTRIBUTION, "plant-7", 12, 2, 3, DEPENDS_ON,
            new byte[] {1, 2, 3, 4, 5}, SIGNATURE);
    static final byte[] ENVELOPE_BYTES = hex(
            "534d4645 02", // "SMFE", version 2
            "05", // kind CONTRIBUTION
            "07 706c616e742d37", // federation "plant-7"
            "0000 000c", // round 12
            "02", // attempt 2
            "0000 0003", // member 3
            "0000 0020", "11".repeat(32), // depends-on
            "0000 0005 0102030405", // payload
            "0000 0040", "22".repeat(64)); // signature
    /** SHA-256 of the signed transcript of {@link #ENVELOPE} (domain, kind, federation, round, attempt, member, H(payload), depends-on). */
    static final String TRANSCRIPT_HASH = "eb867bcacb1a1ac878cfe80330e8c79717489c5a17002fa0727455d6db8488d6"; // also computed from the layout with Python hashlib

    static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    static final byte[] KEYS_START_BYTES = hex("0102 0304 0506 0708", "0000 0001", "0000 0002 0000 0002 aabb");
    static final byte[] LIST_BYTES = hex("0000 0002", "0000 0001 01", "0000 0002 0203");
    static final byte[] BY_MEMBER_BYTES = hex("0000 0002", "0000 0001 0000 0001 07", "0000 0004 0000 0002 0809");
    static final byte[] AGGREGATE_BYTES = hex(
            "0000 0003 0000 0001 0000 0002 0000 0004", // decryptors 1, 2, 4
            "0000 0002 0000 0001 0000 0001 01 0000 0004 0000 0002 0404", // contributions
            "0000 0001 09", // aggregate
            "0000 0002"); // attempt 2
    static final byte[] RESULT_BYTES = hex(
            "01", // finished
            "0000 0001 0000 0001", // contributors [1]
            "0000 0001 0000 0002", // missing [2]
            "0000 0002 ffff ffff ffff fffb 0000 0000 0000 0007", // sum [-5, 7]
            "0000 0002 0000 0001 0000 0003", // decryptors [1, 3]
            "0000 0002 0000 0001 0000 0001 0a 0000 0003 0000 0002 0b0c"); // their signed shares

    private static SortedMap<Integer, byte[]> byMember(Object... idsAndBytes) {
        SortedMap<Integer, byte[]> m = new TreeMap<>();
        for (int i = 0; i < idsAndBytes.length; i += 2) {
            m.put((Integer) idsAndBytes[i], (byte[]) idsAndBytes[i + 1]);
        }
        return m;
    }

    @Test
    void envelopeBytesArePinned() {
        assertArrayEquals(ENVELOPE_BYTES, ENVELOPE.encode());
        Envelope d = Envelope.decode(ENVELOPE_BYTES);
        assertEquals(Envelope.Kind.CONTRIBUTION, d.kind());
        assertEquals("plant-7", d.federation());
        assertEquals(12, d.round());
        assertEquals(3, d.member());
        assertEquals(2, d.attempt());
        assertArrayEquals(DEPENDS_ON, d.dependsOn());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, d.payload());
        assertArrayEquals(SIGNATURE, d.signature());
        assertEquals(TRANSCRIPT_HASH, HexFormat.of().formatHex(ENVELOPE.transcriptHash()));
        // the smallest envelope: one-character id, empty payload, unsigned, 61 bytes
        assertArrayEquals(hex("534d4645 02 0e 01 78 00000000 00 00000000 00000020", "00".repeat(32), "00000000 00000000"),
                new Envelope(Envelope.Kind.SETUP_COMPLETE, "x", 0, 0, new byte[0]).encode());
    }

    @Test
    void payloadBytesArePinned() {
        assertArrayEquals(KEYS_START_BYTES, Payloads.keysStart(new Payloads.KeysStart(0x0102030405060708L,
                byMember(2, new byte[] {(byte) 0xaa, (byte) 0xbb}))));
        assertArrayEquals(LIST_BYTES, Payloads.list(List.of(new byte[] {1}, new byte[] {2, 3})));
        assertArrayEquals(hex("0000 0000"), Payloads.list(List.of()));
        assertArrayEquals(BY_MEMBER_BYTES, Payloads.byMember(byMember(4, new byte[] {8, 9}, 1, new byte[] {7})));
        assertArrayEquals(AGGREGATE_BYTES, Payloads.aggregate(new Payloads.Aggregate(List.of(1, 2, 4),
                byMember(1, new byte[] {1}, 4, new byte[] {4, 4}), new byte[] {9}, 2)));
        assertArrayEquals(RESULT_BYTES, Payloads.result(new Payloads.Result(true, List.of(1), List.of(2), new long[] {-5, 7},
                List.of(1, 3), byMember(3, new byte[] {11, 12}, 1, new byte[] {10}))));

        Payloads.KeysStart k = Payloads.readKeysStart(KEYS_START_BYTES);
        assertArrayEquals(new byte[] {(byte) 0xaa, (byte) 0xbb}, k.commitments().get(2));
        assertEquals(0x0102030405060708L, k.protocolId());
        assertArrayEquals(new byte[] {2, 3}, Payloads.readList(LIST_BYTES).get(1));
        assertEquals(List.of(1, 4), List.copyOf(Payloads.readByMember(BY_MEMBER_BYTES).keySet()));
        Payloads.Aggregate a = Payloads.readAggregate(AGGREGATE_BYTES);
        assertEquals(List.of(1, 2, 4), a.decryptors());
        assertArrayEquals(new byte[] {4, 4}, a.contributions().get(4));
        assertEquals(2, a.attempt());
        Payloads.Result r = Payloads.readResult(RESULT_BYTES);
        assertTrue(r.finished());
        assertEquals(List.of(2), r.missing());
        assertArrayEquals(new long[] {-5, 7}, r.sum());
        assertEquals(List.of(1, 3), r.decryptors());
        assertArrayEquals(new byte[] {11, 12}, r.shares().get(3));
    }

    @Test
    void envelopeRefusesTruncationTrailingBytesAndOutOfRangeFields() {
        for (int cut = 0; cut < ENVELOPE_BYTES.length; cut++) {
            byte[] shorter = Arrays.copyOf(ENVELOPE_BYTES, cut);
            FederationFormatException e = assertThrows(FederationFormatException.class, () -> Envelope.decode(shorter));
            // the coordinator's rejections name these two (SecureSumRuntimeTest); 72 = all but the signature bytes
            if (cut < 61) {
                assertTrue(e.getMessage().contains("too short"), cut + ": " + e.getMessage());
            } else if (cut >= 72) {
                assertTrue(e.getMessage().contains("signature length"), cut + ": " + e.getMessage());
            }
        }
        byte[] longer = Arrays.copyOf(ENVELOPE_BYTES, ENVELOPE_BYTES.length + 1);
        assertTrue(refused(longer, Envelope::decode).contains("signature length"));
        assertTrue(refused(with(ENVELOPE_BYTES, 5, 0), Envelope::decode).contains("unknown message kind 0"));
        assertTrue(refused(with(ENVELOPE_BYTES, 5, 17), Envelope::decode).contains("unknown message kind 17"));
        refused(with(ENVELOPE_BYTES, 0, 'X'), Envelope::decode); // magic
        refused(with(ENVELOPE_BYTES, 4, 1), Envelope::decode); // version 1 (unsigned, before the signed transcript)
        refused(with(ENVELOPE_BYTES, 6, 0), Envelope::decode); // empty id
        refused(with(ENVELOPE_BYTES, 6, 65), Envelope::decode); // id longer than 64
        refused(with(ENVELOPE_BYTES, 7 + 6, '/'), Envelope::decode); // id outside [A-Za-z0-9_-]
        refused(with(with(ENVELOPE_BYTES, 7 + 5, 0xc3), 7 + 6, 0xa9), Envelope::decode); // valid UTF-8, not an id
        refused(with(ENVELOPE_BYTES, 14, 0x80), Envelope::decode); // negative round
        refused(with(ENVELOPE_BYTES, 19, 0x80), Envelope::decode); // negative member
        assertTrue(refused(with(ENVELOPE_BYTES, 26, 0x21), Envelope::decode).contains("depends-on")); // 33 bytes
        assertTrue(refused(with(ENVELOPE_BYTES, 26, 0x1f), Envelope::decode).contains("depends-on")); // 31 bytes
        assertTrue(refused(with(ENVELOPE_BYTES, 59, 0x04), Envelope::decode).contains("payload length")); // 2^26 + 5
        assertTrue(refused(with(ENVELOPE_BYTES, 71, 0x3f), Envelope::decode).contains("signature")); // 63 bytes
    }

    @Test
    void payloadsRefuseTruncationTrailingBytesAndBadCounts() {
        List<Function<byte[], ?>> readers = List.of(Payloads::readKeysStart, Payloads::readList, Payloads::readByMember,
                Payloads::readAggregate, Payloads::readResult);
        List<byte[]> valid = List.of(KEYS_START_BYTES, LIST_BYTES, BY_MEMBER_BYTES, AGGREGATE_BYTES, RESULT_BYTES);
        for (int p = 0; p < readers.size(); p++) {
            byte[] ok = valid.get(p);
            for (int cut = 0; cut < ok.length; cut++) {
                refused(Arrays.copyOf(ok, cut), readers.get(p));
            }
            refused(Arrays.copyOf(ok, ok.length + 1), readers.get(p));
        }
        // 4096 items at most for lists of byte strings and of ids, even when the bytes are there
        List<byte[]> empties = new ArrayList<>();
        for (int i = 0; i < 4096; i++) {
            empties.add(new byte[0]);
        }
        assertEquals(4096, Payloads.readList(Payloads.list(empties)).size());
        empties.add(new byte[0]);
        refused(Payloads.list(empties), Payloads::readList);
        // but a released sum is as wide as the slots
        assertEquals(8192, Payloads.readResult(Payloads.result(new Payloads.Result(false, List.of(), List.of(),
                new long[8192], List.of(), new TreeMap<>()))).sum().length);
        // a count that the remaining bytes cannot hold
        refused(hex("0000 0002 0000 0001 01"), Payloads::readList);
        refused(hex("7fff ffff"), Payloads::readList);
        refused(hex("ffff ffff"), Payloads::readList);
        // a byte string longer than what is left
        refused(hex("0102 0304 0506 0708 0000 0001 0000 0002 0000 0003 aabb"), Payloads::readKeysStart);
        assertTrue(refused(hex("0000 0002", "0000 0001 0000 0001 07", "0000 0001 0000 0001 08"), Payloads::readByMember)
                .contains("member 1 listed twice"));
        refused(with(AGGREGATE_BYTES, AGGREGATE_BYTES.length - 2, 1), Payloads::readAggregate); // attempt 258
        refused(with(AGGREGATE_BYTES, AGGREGATE_BYTES.length - 4, 0x80), Payloads::readAggregate); // negative attempt
        refused(with(RESULT_BYTES, 0, 2), Payloads::readResult); // finished flag neither 0 nor 1
    }

    private static byte[] with(byte[] b, int at, int value) {
        byte[] c = b.clone();
        c[at] = (byte) value;
        return c;
    }

    private static String refused(byte[] input, Function<byte[], ?> decoder) {
        return assertThrows(FederationFormatException.class, () -> decoder.apply(input)).getMessage();
    }
}

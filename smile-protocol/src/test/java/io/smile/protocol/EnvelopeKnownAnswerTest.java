package io.smile.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Pins the exact bytes of every edge/cloud envelope (docs/wire-format.md, "Application messages"):
 * the expected values are written field by field from the layout, so a codec change that moves a
 * single byte fails here. Also pins what the decoders refuse: every truncation, one trailing byte,
 * lengths above their bounds and malformed UTF-8.
 */
class EnvelopeKnownAnswerTest {
    private static final long T0 = 1_700_000_000_000L; // 0x0000018bcfe56800

    private static byte[] hex(String... fields) {
        return HexFormat.of().parseHex(String.join("", fields).replace(" ", ""));
    }

    static final ResultBatch RESULT = ResultBatch.scored("gw-1", 7, "pdm", 3, 12, 5L, 99L, ResultBatch.Output.DECISION,
            new byte[] {9, 8});
    static final byte[] RESULT_BYTES = hex(
            "534d5242 02", // "SMRB", version 2
            "0004 67772d31", // gateway
            "0000 0000 0000 0007", // sequence 7
            "0003 70646d", // model
            "0000 0003", // model version 3
            "0000 000c", // 12 windows
            "0000 0000 0000 0005", // receivedAt
            "0000 0000 0000 0063", // evaluation micros 99
            "01", // output: decision
            "0002 6f6b", // status "ok"
            "0000 0000 0000 0000", // no retry
            "0000 0002 0908"); // ciphertext

    static final ResultBatch REFUSED = ResultBatch.refused("gw-1", 7, "pdm", 3, 12, 5L, "queue-full", 250L);
    static final byte[] REFUSED_BYTES = hex(
            "534d5242 02", // "SMRB", version 2
            "0004 67772d31", // gateway
            "0000 0000 0000 0007", // sequence 7
            "0003 70646d", // model
            "0000 0003", // model version 3
            "0000 000c", // 12 windows
            "0000 0000 0000 0005", // receivedAt
            "0000 0000 0000 0000", // not evaluated
            "01", // output (meaningless when refused)
            "000a 71756575652d66756c6c", // status "queue-full"
            "0000 0000 0000 00fa", // retry after 250 ms
            "0000 0000"); // no ciphertext

    /** RFC 8032, section 7.1, test 1: the secret key in PKCS#8, the public key in X.509 SubjectPublicKeyInfo. */
    static final GatewayIdentity IDENTITY = GatewayIdentity.fromEncoded(
            hex("302e020100300506032b657004220420", "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"),
            hex("302a300506032b6570032100", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
    /**
     * Signed by the RFC 8032 key: SHA-256(DOMAIN || header || SHA-256(ciphertext)) = fb0b5dfe..., and its
     * Ed25519 signature were checked apart from this code: the digest with Python's hashlib, the signature
     * with {@code openssl pkeyutl -sign -rawin} over that digest (docs/wire-format.md shows the commands).
     */
    static final FeatureBatch BATCH = FeatureBatch.signed(IDENTITY, "gw-1", 42, T0, "pdm",
            List.of(new FeatureBatch.Window("mill-01", T0 + 1)), new byte[] {1, 2, 3});
    static final String BATCH_SIGNED_DIGEST = "fb0b5dfe0bdf05e68f0bfe44a64b5da86b8e6e0b3e7eefaf90a4e134154a9a6a";
    static final byte[] BATCH_BYTES = hex(
            "534d4642 02", // "SMFB", version 2
            "0004 67772d31", // gateway "gw-1"
            "0000 0000 0000 002a", // sequence 42
            "0000 018b cfe5 6800", // createdAt
            "0003 70646d", // model "pdm"
            "0000 0001", // 1 window
            "0007 6d696c6c2d3031 0000 018b cfe5 6801", // "mill-01", readAt
            "0000 0003 010203", // ciphertext
            // Ed25519 signature of SHA-256(DOMAIN || every byte above but the ciphertext blob || SHA-256(ciphertext))
            "0000 0040 7f1d34164bac30516c2b96b506e82e6bdc40f952d39971131f2e7d62fed9bef1",
            "83363173616ab49c03cd19949e4393cee105288ea23ececca657c037cdbd210f");

    static final byte[] HELD_KEYS = hex("11".repeat(32));
    static final byte[] HELD_IDENTITY = hex("06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9");
    static final GatewayStatus REGISTERED = GatewayStatus.registered("gw-1", HELD_KEYS, HELD_IDENTITY, 5L);
    static final byte[] REGISTERED_BYTES = hex(
            "534d4753 01", // "SMGS", version 1
            "0004 67772d31", // gateway
            "00", // kind: registered
            "0000", // no reason
            "0000 0000 0000 0000", // no sequence
            "0000 0000", // no batch digest
            "0000 0020", "11".repeat(32), // held keys: SHA-256 of the registration message
            "0000 0020 06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9", // held identity
            "0000 0000 0000 0005"); // at
    static final GatewayStatus BATCH_REFUSED = GatewayStatus.batchRefused("gw-1", 42, hex("22".repeat(32)),
            "bad-signature", HELD_KEYS, HELD_IDENTITY, 6L);
    static final byte[] BATCH_REFUSED_BYTES = hex(
            "534d4753 01",
            "0004 67772d31",
            "02", // kind: batch refused
            "000d 6261642d7369676e6174757265", // reason "bad-signature"
            "0000 0000 0000 002a", // sequence 42
            "0000 0020", "22".repeat(32), // the refused batch's digest
            "0000 0020", "11".repeat(32),
            "0000 0020 06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9",
            "0000 0000 0000 0006");
    static final GatewayStatus UNKNOWN = GatewayStatus.batchRefused("gw-1", 7, hex("33".repeat(32)), "unknown-gateway",
            new byte[0], new byte[0], 7L);
    static final byte[] UNKNOWN_BYTES = hex(
            "534d4753 01",
            "0004 67772d31",
            "02",
            "000f 756e6b6e6f776e2d67617465776179", // "unknown-gateway"
            "0000 0000 0000 0007",
            "0000 0020", "33".repeat(32),
            "0000 0000", // holds no keys
            "0000 0000", // pinned no identity
            "0000 0000 0000 0007");

    static final KeyRegistration REGISTRATION = KeyRegistration.signed(IDENTITY, "acme", "gw-1", 8, 1L, new byte[] {1},
            new byte[] {2, 3}, new byte[] {4, 5, 6});
    static final byte[] REGISTRATION_BYTES = hex(
            "534d4b52 02", // "SMKR", version 2
            "0004 61636d65", // tenant "acme"
            "0004 67772d31", // gateway
            "0000 0008", // block size 8
            "0000 0000 0000 0001", // createdAt
            "0000 0001 01", // parameters
            "0000 0002 0203", // public key
            "0000 0003 040506", // evaluation keys
            "0000 002c 302a300506032b6570032100", // identity key: 44 bytes, X.509 header of an Ed25519 key
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", // ... the RFC 8032 public key
            // Ed25519 signature of SHA-256(DOMAIN || every byte above); Ed25519 is deterministic
            "0000 0040 f2bb9f9643dd38da0755dcb24192694ead024c79cb2c402d5b9b93f81836cb82",
            "f4a1d8422d5bda858e55d9b6296b2ea2eda22a79ba1faa97539b88416133f402");

    static final SegmentRequest REQUEST = new SegmentRequest("hr-rd", "req-1", 5L, new byte[] {1, 2, 3});
    static final byte[] REQUEST_BYTES = hex(
            "534d5351 01", // "SMSQ", version 1
            "0005 68722d7264", // unit "hr-rd"
            "0005 7265712d31", // request id "req-1"
            "0000 0000 0000 0005", // createdAt
            "0000 0003 010203"); // request body

    static final SegmentResult ANSWER = new SegmentResult("hr-rd", "req-1", SegmentResult.OK, 6L, 7L, new byte[] {4});
    static final byte[] ANSWER_BYTES = hex(
            "534d5341 01", // "SMSA", version 1
            "0005 68722d7264", // unit
            "0005 7265712d31", // request id
            "0002 6f6b", // status "ok"
            "0000 0000 0000 0006", // receivedAt
            "0000 0000 0000 0007", // evaluation micros
            "0000 0001 04"); // response body

    static final SegmentResult REFUSAL = SegmentResult.rejected("hr-rd", "req-2", "no-model", 1L);
    static final byte[] REFUSAL_BYTES = hex(
            "534d5341 01",
            "0005 68722d7264",
            "0005 7265712d32", // "req-2"
            "0008 6e6f2d6d6f64656c", // status "no-model"
            "0000 0000 0000 0001",
            "0000 0000 0000 0000",
            "0000 0000"); // no body

    @Test
    void encodersWriteExactlyTheDocumentedBytes() {
        assertArrayEquals(BATCH_BYTES, BATCH.encode());
        assertEquals(BATCH_SIGNED_DIGEST, HexFormat.of().formatHex(BATCH.signedDigest()));
        assertArrayEquals(REGISTERED_BYTES, REGISTERED.encode());
        assertArrayEquals(BATCH_REFUSED_BYTES, BATCH_REFUSED.encode());
        assertArrayEquals(UNKNOWN_BYTES, UNKNOWN.encode());
        assertArrayEquals(RESULT_BYTES, RESULT.encode());
        assertArrayEquals(REFUSED_BYTES, REFUSED.encode());
        assertArrayEquals(REGISTRATION_BYTES, REGISTRATION.encode());
        assertArrayEquals(REQUEST_BYTES, REQUEST.encode());
        assertArrayEquals(ANSWER_BYTES, ANSWER.encode());
        assertArrayEquals(REFUSAL_BYTES, REFUSAL.encode());
    }

    @Test
    void decodersReadTheDocumentedBytesBack() {
        FeatureBatch b = FeatureBatch.decode(BATCH_BYTES);
        assertEquals(BATCH.windows(), b.windows());
        assertEquals(42, b.sequence());
        assertArrayEquals(BATCH.ciphertext(), b.ciphertext());
        assertTrue(b.signatureValid(IDENTITY.publicKey()));
        GatewayStatus st = GatewayStatus.decode(BATCH_REFUSED_BYTES);
        assertEquals(GatewayStatus.Kind.BATCH_REFUSED, st.kind());
        assertEquals(42, st.sequence());
        assertEquals("bad-signature", st.reason());
        assertArrayEquals(HELD_KEYS, st.heldKeys());
        assertEquals(GatewayStatus.Kind.REGISTERED, GatewayStatus.decode(REGISTERED_BYTES).kind());
        assertFalse(GatewayStatus.decode(UNKNOWN_BYTES).holdsKeys());
        assertEquals(99L, ResultBatch.decode(RESULT_BYTES).evaluationMicros());
        assertEquals(ResultBatch.Output.DECISION, ResultBatch.decode(RESULT_BYTES).output());
        ResultBatch refused = ResultBatch.decode(REFUSED_BYTES);
        assertEquals("queue-full", refused.status());
        assertEquals(250L, refused.retryAfterMillis());
        assertEquals(false, refused.isScored());
        assertArrayEquals(REGISTRATION.evaluationKeys(), KeyRegistration.decode(REGISTRATION_BYTES).evaluationKeys());
        assertTrue(KeyRegistration.decode(REGISTRATION_BYTES).signatureValid());
        assertEquals("06e3fd8fda29bb60ab59557de61edb0aecdb231134be30e75b455f8e1b792fa9",
                KeyRegistration.decode(REGISTRATION_BYTES).identityFingerprint());
        assertEquals("req-1", SegmentRequest.decode(REQUEST_BYTES).requestId());
        assertArrayEquals(new byte[] {4}, SegmentResult.decode(ANSWER_BYTES).response());
        assertEquals("no-model", SegmentResult.decode(REFUSAL_BYTES).status());
    }

    @Test
    void everyTruncationAndAnyTrailingByteIsRefused() {
        refuseTruncationAndTrailing(BATCH_BYTES, FeatureBatch::decode);
        refuseTruncationAndTrailing(REGISTERED_BYTES, GatewayStatus::decode);
        refuseTruncationAndTrailing(BATCH_REFUSED_BYTES, GatewayStatus::decode);
        refuseTruncationAndTrailing(UNKNOWN_BYTES, GatewayStatus::decode);
        refuseTruncationAndTrailing(RESULT_BYTES, ResultBatch::decode);
        refuseTruncationAndTrailing(REFUSED_BYTES, ResultBatch::decode);
        refuseTruncationAndTrailing(REGISTRATION_BYTES, KeyRegistration::decode);
        refuseTruncationAndTrailing(REQUEST_BYTES, SegmentRequest::decode);
        refuseTruncationAndTrailing(ANSWER_BYTES, SegmentResult::decode);
        refuseTruncationAndTrailing(REFUSAL_BYTES, SegmentResult::decode);
    }

    @Test
    void lengthsAboveTheirBoundsAreRefusedByName() {
        // gateway id length 65 (> 64), the bytes after it are irrelevant
        byte[] longId = BATCH_BYTES.clone();
        longId[6] = 65;
        assertMessage(longId, FeatureBatch::decode, "gateway longer than 64 bytes");
        // 65537 windows (> MAX_WINDOWS)
        byte[] windows = BATCH_BYTES.clone();
        int count = 5 + 6 + 8 + 8 + 5;
        windows[count + 1] = 1;
        windows[count + 3] = 1;
        assertMessage(windows, FeatureBatch::decode, "windows = 65537 outside [1, 65536]");
        // ciphertext length 2^26 + 1 (> MAX_CIPHERTEXT_BYTES)
        byte[] ct = BATCH_BYTES.clone();
        int at = ct.length - FeatureBatch.SIGNATURE_OVERHEAD_BYTES - 3 - 4;
        ct[at] = 0x04;
        ct[at + 3] = 0x01;
        assertMessage(ct, FeatureBatch::decode, "ciphertext length 67108865 outside [0, 67108864]");
        // a negative length is no length
        byte[] negative = REQUEST_BYTES.clone();
        negative[negative.length - 3 - 4] = (byte) 0x80;
        assertMessage(negative, SegmentRequest::decode, "request length -2147483645 outside");
        // a status longer than 64 bytes
        byte[] status = ANSWER_BYTES.clone();
        status[5 + 7 + 7 + 1] = 65;
        assertMessage(status, SegmentResult::decode, "status longer than 64 bytes");
        // a result output other than score/decision, a retry delay above an hour, a refusal with a ciphertext
        int outputAt = 5 + 6 + 8 + 5 + 4 + 4 + 8 + 8;
        byte[] output = RESULT_BYTES.clone();
        output[outputAt] = 2;
        assertMessage(output, ResultBatch::decode, "unknown result output 2");
        byte[] retry = REFUSED_BYTES.clone();
        retry[outputAt + 1 + 12 + 4] = 1; // 2^32 + 250 ms
        assertMessage(retry, ResultBatch::decode, "retryAfter");
        byte[] okWithoutCiphertext = REFUSED_BYTES.clone();
        System.arraycopy(hex("0002 6f6b"), 0, okWithoutCiphertext, outputAt + 1, 4);
        assertThrows(ProtocolException.class, () -> ResultBatch.decode(java.util.Arrays.copyOfRange(okWithoutCiphertext, 0,
                okWithoutCiphertext.length)));
    }

    @Test
    void wrongMagicVersionAndMalformedUtf8AreRefused() {
        byte[] magic = BATCH_BYTES.clone();
        magic[3] = 'X';
        assertMessage(magic, FeatureBatch::decode, "feature batch: bad magic");
        byte[] version = RESULT_BYTES.clone();
        version[4] = 1;
        assertMessage(version, ResultBatch::decode, "result batch: unsupported version 1 (expected 2)");
        assertMessage(BATCH_BYTES, ResultBatch::decode, "result batch: bad magic");
        byte[] utf8 = REGISTRATION_BYTES.clone();
        utf8[7] = (byte) 0xc3; // a lead byte followed by an ASCII byte
        assertMessage(utf8, KeyRegistration::decode, "key registration: tenant is not valid UTF-8");
    }

    @Test
    void registrationV1AMalformedIdentityAndABadSignatureAreRefusedOrDetected() {
        byte[] v1 = REGISTRATION_BYTES.clone();
        v1[4] = 1;
        assertMessage(v1, KeyRegistration::decode, "key registration: unsupported version 1 (expected 2)");
        int idKey = REGISTRATION_BYTES.length - 4 - 64 - 44; // the identity key's first byte
        byte[] notEd25519 = REGISTRATION_BYTES.clone();
        notEd25519[idKey + 8] ^= 1; // the algorithm OID 1.3.101.112 becomes 1.3.101.113 (Ed448)
        assertMessage(notEd25519, KeyRegistration::decode, "key registration: identity key is not an Ed25519 public key");
        byte[] longKey = REGISTRATION_BYTES.clone();
        longKey[idKey - 1] = 65; // identity key length above its bound of 64
        assertMessage(longKey, KeyRegistration::decode, "key registration: identityKey length 65 outside [0, 64]");
        byte[] shortSig = Arrays.copyOf(REGISTRATION_BYTES, REGISTRATION_BYTES.length - 1);
        shortSig[REGISTRATION_BYTES.length - 4 - 64 + 3] = 63;
        assertMessage(shortSig, KeyRegistration::decode, "key registration: signature must be 64 bytes, got 63");
        // a well-formed message whose signed fields were changed decodes, but its signature is not valid
        byte[] otherKeys = REGISTRATION_BYTES.clone();
        otherKeys[REGISTRATION_BYTES.length - 4 - 64 - 44 - 4 - 1] = 7; // the last byte of the evaluation keys
        assertTrue(!KeyRegistration.decode(otherKeys).signatureValid());
        byte[] otherSig = REGISTRATION_BYTES.clone();
        otherSig[otherSig.length - 1] ^= 1;
        assertTrue(!KeyRegistration.decode(otherSig).signatureValid());
    }

    @Test
    void batchV1AShortSignatureAndChangedFieldsAreRefusedOrDetected() {
        byte[] v1 = BATCH_BYTES.clone();
        v1[4] = 1;
        assertMessage(v1, FeatureBatch::decode, "feature batch: unsupported version 1 (expected 2)");
        byte[] shortSig = Arrays.copyOf(BATCH_BYTES, BATCH_BYTES.length - 1);
        shortSig[BATCH_BYTES.length - 64 - 1] = 63;
        assertMessage(shortSig, FeatureBatch::decode, "signature must be 64 bytes, got 63");
        byte[] longSig = BATCH_BYTES.clone();
        longSig[BATCH_BYTES.length - 64 - 1] = 65;
        assertMessage(longSig, FeatureBatch::decode, "signature length 65 outside [0, 64]");
        // every signed byte matters: header fields, the ciphertext, the signature itself
        int ctAt = BATCH_BYTES.length - FeatureBatch.SIGNATURE_OVERHEAD_BYTES - 3;
        int[] positions = {8, 5 + 6 + 7, 5 + 6 + 8 + 7, ctAt, ctAt + 1, ctAt + 2, BATCH_BYTES.length - 1};
        for (int at : positions) {
            byte[] changed = BATCH_BYTES.clone();
            changed[at] ^= 1;
            assertFalse(FeatureBatch.decode(changed).signatureValid(IDENTITY.publicKey()), "byte " + at);
        }
        assertFalse(FeatureBatch.decode(BATCH_BYTES).signatureValid(GatewayIdentity.generate().publicKey()));
        assertFalse(FeatureBatch.decode(BATCH_BYTES).signatureValid(new byte[] {1, 2, 3}));
        // a registration signature over the same bytes is no batch signature (separate domains)
        byte[] header = Arrays.copyOf(BATCH_BYTES, BATCH_BYTES.length - FeatureBatch.SIGNATURE_OVERHEAD_BYTES);
        FeatureBatch b = FeatureBatch.decode(BATCH_BYTES);
        FeatureBatch foreignSig = new FeatureBatch(b.gatewayId(), b.sequence(), b.createdAtMillis(), b.modelId(),
                b.windows(), b.ciphertext(), IDENTITY.sign(header));
        assertFalse(foreignSig.signatureValid(IDENTITY.publicKey()));
    }

    @Test
    void statusFieldsOutOfTheirShapeAreRefusedByName() {
        byte[] kind = REGISTERED_BYTES.clone();
        kind[11] = 3;
        assertMessage(kind, GatewayStatus::decode, "gateway status: unknown kind 3");
        byte[] registeredWithSequence = REGISTERED_BYTES.clone();
        registeredWithSequence[12 + 2 + 7] = 1;
        assertMessage(registeredWithSequence, GatewayStatus::decode, "batch digest exactly when a batch was refused");
        byte[] longDigest = BATCH_REFUSED_BYTES.clone();
        longDigest[12 + 2 + 13 + 8 + 3] = 33;
        assertMessage(longDigest, GatewayStatus::decode, "batchDigest length 33 outside [0, 32]");
        byte[] badReason = BATCH_REFUSED_BYTES.clone();
        badReason[12 + 2] = '/';
        assertMessage(badReason, GatewayStatus::decode, "reason must be empty or match");
        assertThrows(ProtocolException.class, () -> GatewayStatus.registered("gw-1", new byte[0], new byte[0], 1L));
        assertThrows(ProtocolException.class, () -> GatewayStatus.registered("gw-1", HELD_KEYS, new byte[0], 1L));
        assertThrows(ProtocolException.class, () -> GatewayStatus.batchRefused("gw-1", 1, new byte[31], "x", HELD_KEYS,
                HELD_IDENTITY, 1L));
        assertThrows(ProtocolException.class, () -> GatewayStatus.registrationRefused("gw-1", "", HELD_KEYS,
                HELD_IDENTITY, 1L));
        assertThrows(ProtocolException.class, () -> GatewayStatus.registered("a/b", HELD_KEYS, HELD_IDENTITY, 1L));
    }

    private static void refuseTruncationAndTrailing(byte[] valid, Function<byte[], ?> decoder) {
        for (int cut = 0; cut < valid.length; cut++) {
            byte[] shorter = Arrays.copyOf(valid, cut);
            ProtocolException e = assertThrows(ProtocolException.class, () -> decoder.apply(shorter), "cut at " + cut);
            assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        }
        byte[] longer = Arrays.copyOf(valid, valid.length + 1);
        assertTrue(assertThrows(ProtocolException.class, () -> decoder.apply(longer)).getMessage()
                .endsWith(": 1 trailing bytes"));
    }

    private static void assertMessage(byte[] input, Function<byte[], ?> decoder, String expected) {
        ProtocolException e = assertThrows(ProtocolException.class, () -> decoder.apply(input));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}

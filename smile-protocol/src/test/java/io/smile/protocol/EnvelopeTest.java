package io.smile.protocol;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
    private static final int TRIES = Integer.getInteger("smile.tries", 60);
    private static final GatewayIdentity IDENTITY = GatewayIdentity.generate();

    private static FeatureBatch batch() {
        return FeatureBatch.signed(IDENTITY, "gw-1", 42, 1_700_000_000_000L, "pdm-quadratic",
                List.of(new FeatureBatch.Window("mill-01", 1_700_000_000_001L), new FeatureBatch.Window("mill-02", 1_700_000_000_002L)),
                new byte[] {1, 2, 3, 4, 5});
    }

    @Test
    void featureBatchRoundTrip() {
        FeatureBatch b = batch();
        FeatureBatch d = FeatureBatch.decode(b.encode());
        assertEquals(b.gatewayId(), d.gatewayId());
        assertEquals(b.sequence(), d.sequence());
        assertEquals(b.createdAtMillis(), d.createdAtMillis());
        assertEquals(b.modelId(), d.modelId());
        assertEquals(b.windows(), d.windows());
        assertArrayEquals(b.ciphertext(), d.ciphertext());
        assertTrue(d.signatureValid(IDENTITY.publicKey()));
        assertFalse(d.signatureValid(GatewayIdentity.generate().publicKey()));
    }

    @Test
    void resultAndRegistrationRoundTrip() {
        ResultBatch r = ResultBatch.scored("gw-1", 7, "pdm", 3, 12, 5L, 99L, ResultBatch.Output.SCORE, new byte[] {9, 8});
        ResultBatch rd = ResultBatch.decode(r.encode());
        assertEquals(r.sequence(), rd.sequence());
        assertEquals(r.modelVersion(), rd.modelVersion());
        assertEquals(r.windows(), rd.windows());
        assertEquals(r.evaluationMicros(), rd.evaluationMicros());
        assertArrayEquals(r.ciphertext(), rd.ciphertext());
        GatewayIdentity identity = GatewayIdentity.generate();
        KeyRegistration k = KeyRegistration.signed(identity, "acme", "gw-1", 8, 1L, new byte[] {1}, new byte[] {2, 3},
                new byte[] {4, 5, 6});
        KeyRegistration kd = KeyRegistration.decode(k.encode());
        assertEquals("acme", kd.tenant());
        assertEquals(8, kd.blockSize());
        assertArrayEquals(k.evaluationKeys(), kd.evaluationKeys());
        assertArrayEquals(identity.publicKey(), kd.identityKey());
        assertTrue(kd.signatureValid());
        // signed by another identity than the one it names: not valid
        KeyRegistration forged = new KeyRegistration("acme", "gw-1", 8, 1L, new byte[] {1}, new byte[] {2, 3},
                new byte[] {4, 5, 6}, identity.publicKey(), GatewayIdentity.generate().sign(new byte[32]));
        assertTrue(!KeyRegistration.decode(forged.encode()).signatureValid());
    }

    @Test
    void segmentRequestAndResultRoundTrip() {
        SegmentRequest q = new SegmentRequest("hr-rd", "req-1", 5L, new byte[] {1, 2, 3});
        SegmentRequest qd = SegmentRequest.decode(q.encode());
        assertEquals("hr-rd", qd.unitId());
        assertEquals("req-1", qd.requestId());
        assertEquals(5L, qd.createdAtMillis());
        assertArrayEquals(q.request(), qd.request());
        SegmentResult r = new SegmentResult("hr-rd", "req-1", SegmentResult.OK, 6L, 7L, new byte[] {4});
        SegmentResult rd = SegmentResult.decode(r.encode());
        assertTrue(rd.ok());
        assertEquals("req-1", rd.requestId());
        assertEquals(7L, rd.evaluationMicros());
        assertArrayEquals(r.response(), rd.response());
        SegmentResult no = SegmentResult.decode(SegmentResult.rejected("hr-rd", "req-2", "no-model", 1L).encode());
        assertFalse(no.ok());
        assertEquals("no-model", no.status());
        assertEquals(0, no.response().length);
        assertThrows(ProtocolException.class, () -> new SegmentRequest("hr-rd", "a b", 0L, new byte[] {1}));
        assertThrows(ProtocolException.class, () -> new SegmentRequest("hr-rd", "r", 0L, new byte[0]));
        assertThrows(ProtocolException.class, () -> new SegmentResult("hr-rd", "r", "ok", 0L, 0L, new byte[0]));
        assertThrows(ProtocolException.class, () -> new SegmentResult("hr-rd", "r", "no-model", 0L, 0L, new byte[] {1}));
        assertThrows(ProtocolException.class, () -> new SegmentResult("hr-rd", "r", "Bad Status", 0L, 0L, new byte[0]));
        assertEquals("smile/acme/hr-rd/segment-requests", Topics.segmentRequests("acme", "hr-rd"));
        assertEquals("smile/acme/hr-rd/segment-results", Topics.segmentResults("acme", "hr-rd"));
        assertEquals("smile/acme/hr-rd/segment-keys", Topics.segmentKeys("acme", "hr-rd"));
        assertEquals("$share/cloud/smile/+/+/segment-requests", Topics.allSegmentRequests(true));
        assertEquals("smile/+/+/segment-keys", Topics.allSegmentKeys());
        assertArrayEquals(new String[] {"acme", "hr-rd", "segment-requests"}, Topics.parse(Topics.segmentRequests("acme", "hr-rd")));
        assertThrows(ProtocolException.class, () -> Topics.segmentResults("acme", "+"));
    }

    @Test
    void rejectsBadIdsAndTopics() {
        assertThrows(ProtocolException.class, () -> Topics.features("acme", "gw/1"));
        assertThrows(ProtocolException.class, () -> Topics.features("acme", "#"));
        assertThrows(ProtocolException.class, () -> Topics.parse("smile/acme/+/features"));
        assertArrayEquals(new String[] {"acme", "gw-1", "features"}, Topics.parse(Topics.features("acme", "gw-1")));
    }

    @Test
    void rejectsTrailingBytesTruncationAndHugeLengths() {
        byte[] ok = batch().encode();
        byte[] longer = java.util.Arrays.copyOf(ok, ok.length + 1);
        assertTrue(assertThrows(ProtocolException.class, () -> FeatureBatch.decode(longer)).getMessage().contains("trailing"));
        for (int cut = 0; cut < ok.length; cut++) {
            byte[] shorter = java.util.Arrays.copyOf(ok, cut);
            assertThrows(ProtocolException.class, () -> FeatureBatch.decode(shorter), "cut at " + cut);
        }
        byte[] huge = ok.clone();
        // ciphertext length field sits 4 bytes before the 5-byte ciphertext, then the signature
        int at = huge.length - FeatureBatch.SIGNATURE_OVERHEAD_BYTES - 5 - 4;
        huge[at] = 0x7f;
        assertTrue(assertThrows(ProtocolException.class, () -> FeatureBatch.decode(huge)).getMessage().contains("ciphertext"));
    }

    @Test
    void fuzzedMessagesOnlyEverThrowProtocolException() {
        Random rnd = new Random(5);
        fuzz(batch().encode(), b -> FeatureBatch.decode(b).signatureValid(IDENTITY.publicKey()), rnd);
        fuzz(GatewayStatus.batchRefused("gw-1", 3, new byte[32], "bad-signature", new byte[32], new byte[32], 9L).encode(),
                GatewayStatus::decode, rnd);
        fuzz(GatewayStatus.registered("gw-1", new byte[32], new byte[32], 9L).encode(), GatewayStatus::decode, rnd);
        fuzz(ResultBatch.scored("gw-1", 7, "pdm", 3, 12, 5L, 99L, ResultBatch.Output.SCORE, new byte[] {9, 8}).encode(), ResultBatch::decode, rnd);
        fuzz(KeyRegistration.signed(GatewayIdentity.generate(), "acme", "gw-1", 8, 1L, new byte[] {1}, new byte[] {2, 3},
                new byte[] {4}).encode(),
                b -> KeyRegistration.decode(b).signatureValid(), rnd); // verifying a fuzzed signature never throws
        fuzz(new SegmentRequest("hr-rd", "req-1", 5L, new byte[] {1, 2, 3}).encode(), SegmentRequest::decode, rnd);
        fuzz(new SegmentResult("hr-rd", "req-1", "ok", 6L, 7L, new byte[] {4}).encode(), SegmentResult::decode, rnd);
    }

    private static void fuzz(byte[] valid, Consumer<byte[]> decoder, Random rnd) {
        for (int i = 0; i < TRIES * 50; i++) {
            byte[] m = valid.clone();
            int flips = 1 + rnd.nextInt(4);
            for (int f = 0; f < flips; f++) {
                m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
            }
            if (rnd.nextBoolean()) {
                m = java.util.Arrays.copyOf(m, rnd.nextInt(m.length + 8));
            }
            byte[] input = m;
            try {
                decoder.accept(input);
            } catch (ProtocolException expected) {
                // the one documented failure
            } catch (Throwable t) {
                fail("decoder threw " + t + " instead of ProtocolException", t);
            }
        }
    }
}

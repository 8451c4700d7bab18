package io.smile.he.helib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smile.he.api.HeBackend;
import io.smile.he.api.HeCiphertext;
import io.smile.he.api.HeFormatException;
import io.smile.he.api.HeKeyOwner;
import io.smile.he.api.HeParameterSpec;
import io.smile.he.api.HeSession;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shim under abuse: hostile bodies behind a VALID envelope (so they reach the native walker,
 * not just the Java header check), forged and freed handle ids, no JVM crash.
 */
class HelibNativeRobustnessTest {
    private static final int CASES = Integer.getInteger("smile.conformance.fuzz", 2000);

    @Test
    void hostileBodiesBehindAValidEnvelopeAreRefusedByTheWalker() {
        try (HeSession s = HeBackend.byName("helib").open(HeParameterSpec.preset("N8192_DEPTH3").withThreads(1));
             HeKeyOwner k = s.generateKeys()) {
            byte[] valid = k.encrypt(new long[] {1, 2, 3}).serialize();
            byte[] body = HelibEnvelope.unwrap(valid, HelibEnvelope.Kind.CIPHERTEXT, s.parameterFingerprint());
            Random r = new Random(99);
            int refused = 0;
            int decrypted = 0;
            for (int i = 0; i < CASES; i++) {
                byte[] b = body.clone();
                switch (i % 4) {
                    case 0: // a header field (HElib's own header, sizes, counts, prime indices)
                        b[r.nextInt(200)] ^= (byte) (1 << r.nextInt(8));
                        break;
                    case 1: { // an 8-byte field set to an extreme
                        int pos = 8 * r.nextInt(Math.min(40, b.length / 8));
                        ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(pos,
                                new long[] {-1, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 40, 0}[r.nextInt(5)]);
                        break;
                    }
                    case 2: // a residue anywhere
                        b[r.nextInt(b.length)] = (byte) 0xff;
                        b[r.nextInt(b.length)] = (byte) 0xff;
                        break;
                    default:
                        b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
                }
                byte[] framed = HelibEnvelope.wrap(HelibEnvelope.Kind.CIPHERTEXT, s.parameterFingerprint(), b);
                try {
                    HeCiphertext c = s.readCiphertext(framed);
                    if (decrypted++ < 3) {
                        // accepted (well-formed, tampered residues) bytes stay usable without a crash;
                        // HElib may find their noise too large, which is its documented HeException
                        try {
                            k.decrypt(c);
                        } catch (io.smile.he.api.HeException noisy) {
                            assertTrue(noisy.getMessage().contains("noise"), noisy.getMessage());
                        }
                    }
                } catch (HeFormatException e) {
                    refused++;
                }
            }
            assertTrue(refused > CASES / 2, refused + " of " + CASES + " refused");
        }
    }

    @Test
    void forgedFreedAndWrongKindHandlesThrowInsteadOfCrashing() {
        HelibNative.ensureLoaded();
        long[] forged = {0, 1, -1, Long.MAX_VALUE, 0x5EED000000000001L + 7919L * 1_000_000};
        for (long h : forged) {
            assertThrows(IllegalStateException.class, () -> HelibNative.contextInfo(h));
            assertThrows(IllegalStateException.class, () -> HelibNative.writeCiphertext(h));
            assertThrows(IllegalStateException.class, () -> HelibNative.decrypt(h, h, h));
            HelibNative.free(h); // ignored
        }
        try (HeSession s = HeBackend.byName("helib").open(HeParameterSpec.preset("N8192_DEPTH3").withThreads(1))) {
            HelibSession hs = (HelibSession) s;
            long ctx = hs.ctx();
            // a context id where a ciphertext id belongs
            assertThrows(IllegalArgumentException.class, () -> HelibNative.writeCiphertext(ctx));
            HeKeyOwner k = s.generateKeys();
            HelibCiphertext c = (HelibCiphertext) k.encrypt(new long[] {5});
            long id = c.id();
            HelibNative.free(id);
            assertThrows(IllegalStateException.class, () -> HelibNative.writeCiphertext(id));
            assertThrows(IllegalStateException.class, c::serialize);
            k.close();
            assertThrows(IllegalStateException.class, () -> k.encrypt(new long[] {1}));
        }
    }
}

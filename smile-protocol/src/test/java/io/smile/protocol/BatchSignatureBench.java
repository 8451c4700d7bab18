package io.smile.protocol;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * What signing a {@link FeatureBatch} costs (docs/wire-format.md, edge-agent/README.md): per batch
 * at the edge ({@link FeatureBatch#signed}: header encoding, SHA-256 of the ciphertext, Ed25519) and
 * at the cloud ({@link FeatureBatch#signatureValid}), for a ciphertext of the size an N = 16384
 * batch has (~740 KB) and a small one, and the bytes it adds. Prints numbers only (no timing
 * asserts):
 *
 * <pre>
 * mvn -B -o -pl smile-protocol -am verify -Dtest=BatchSignatureBench -Dsurefire.failIfNoSpecifiedTests=false -Dsmile.bench=true
 * </pre>
 */
class BatchSignatureBench {
    private static final boolean ON = Boolean.getBoolean("smile.bench");

    @Test
    void signAndVerifyPerBatch() {
        Assumptions.assumeTrue(ON, "benchmark: -Dsmile.bench=true");
        GatewayIdentity id = GatewayIdentity.generate();
        SecureRandom rnd = new SecureRandom();
        List<FeatureBatch.Window> windows = new ArrayList<>();
        for (int w = 0; w < 64; w++) {
            windows.add(new FeatureBatch.Window("Mill" + w, 1_700_000_000_000L + w));
        }
        for (int size : new int[] {740 << 10, 4 << 10}) {
            byte[] ct = new byte[size];
            rnd.nextBytes(ct);
            int iterations = size > 100_000 ? 300 : 3_000;
            for (int i = 0; i < iterations / 3; i++) { // warm-up
                FeatureBatch.signed(id, "gw-1", i, 1L, "pdm", windows, ct).signatureValid(id.publicKey());
            }
            FeatureBatch b = null;
            long t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                b = FeatureBatch.signed(id, "gw-1", i, 1L, "pdm", windows, ct);
            }
            long sign = System.nanoTime() - t0;
            boolean ok = true;
            t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                ok &= b.signatureValid(id.publicKey());
            }
            long verify = System.nanoTime() - t0;
            t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                b.signedDigest();
            }
            long digest = System.nanoTime() - t0;
            assertTrue(ok);
            System.out.printf("batch signature, ciphertext %d KB, 64 windows: sign %.1f µs, verify %.1f µs per batch"
                            + " (of which the digest, SHA-256 of header and ciphertext: %.1f µs); %d bytes added to %d%n",
                    size >> 10, sign / 1e3 / iterations, verify / 1e3 / iterations, digest / 1e3 / iterations,
                    FeatureBatch.SIGNATURE_OVERHEAD_BYTES, b.encode().length - FeatureBatch.SIGNATURE_OVERHEAD_BYTES);
        }
    }
}

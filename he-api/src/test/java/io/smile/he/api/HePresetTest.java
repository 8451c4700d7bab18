package io.smile.he.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one table of presets and of the security bound: the facts backends and profiles rely on. */
class HePresetTest {
    @Test
    void securityTableIsTheHeStandardsTernary128BitColumn() {
        int[] degrees = {1024, 2048, 4096, 8192, 16384, 32768};
        int[] bounds = {27, 54, 109, 218, 438, 881};
        for (int i = 0; i < degrees.length; i++) {
            assertEquals(bounds[i], HeSecurityStandard.maxLog2QP128(degrees[i]), "N=" + degrees[i]);
        }
        assertEquals(-1, HeSecurityStandard.maxLog2QP128(512));
        assertEquals(-1, HeSecurityStandard.maxLog2QP128(65536));
        assertEquals(-1, HeSecurityStandard.maxLog2QP128(3000));
        assertTrue(HeSecurityStandard.meets128(4096, 109));
        assertFalse(HeSecurityStandard.meets128(4096, 109.01));
        assertFalse(HeSecurityStandard.meets128(512, 1));
    }

    @Test
    void everyPresetIsWithinTheBoundAndBatchable() {
        for (HePreset p : HePreset.values()) {
            int bound = HeSecurityStandard.maxLog2QP128(p.degree());
            assertTrue(bound > 0, p.name());
            assertTrue(p.modulusBits() <= bound, p + ": " + p.modulusBits() + " > " + bound);
            assertEquals(1, p.plainModulus() % (2L * p.degree()), p + ": t must be 1 mod 2N for batching");
            // the depth is what the chain can afford: one ciphertext prime dropped per multiplication
            assertEquals(p.depth() + 1, p.ciphertextPrimeBits().size(), p.name());
            assertTrue(p.name().startsWith("N" + p.degree() + "_DEPTH" + p.depth()), p.name());
            // special modulus at least as large as the largest ciphertext prime (key-switching noise)
            int maxQ = p.ciphertextPrimeBits().stream().mapToInt(Integer::intValue).max().orElseThrow();
            assertTrue(p.specialPrimeBits().stream().mapToInt(Integer::intValue).sum() >= maxQ, p.name());
        }
        assertEquals(109, HePreset.N4096_DEPTH1.modulusBits());
        assertEquals(217, HePreset.N8192_DEPTH3.modulusBits());
        assertEquals(421, HePreset.N16384_DEPTH5.modulusBits());
        assertEquals(424, HePreset.N16384_DEPTH8.modulusBits());
        assertEquals(866, HePreset.N32768_DEPTH19.modulusBits());
    }

    @Test
    void explicitSpecAndLookupByName() {
        HeParameterSpec s = HePreset.N8192_DEPTH3.explicitSpec();
        assertEquals(HeParameterSpec.Kind.EXPLICIT, s.kind());
        assertEquals(8192, s.degree());
        assertEquals(65537, s.plainModulus());
        assertArrayEquals(new int[] {45, 39, 39, 39}, s.ciphertextPrimeBits());
        assertArrayEquals(new int[] {55}, s.specialPrimeBits());
        assertEquals(HePreset.N16384_DEPTH8, HePreset.byName("n16384_depth8"));
        assertNull(HePreset.byName("N16384_DEPTH9"));
        assertEquals(List.of(61), HePreset.N32768_DEPTH19.specialPrimeBits());
    }
}

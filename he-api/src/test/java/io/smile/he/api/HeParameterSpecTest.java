package io.smile.he.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HeParameterSpecTest {
    private static final int TRIES = Integer.getInteger("smile.tries", 60);

    @Test
    void presetCarriesOnlyItsName() {
        HeParameterSpec s = HeParameterSpec.preset("N8192_DEPTH3");
        assertEquals(HeParameterSpec.Kind.PRESET, s.kind());
        assertEquals("N8192_DEPTH3", s.presetName());
        assertEquals(0, s.degree());
        assertNull(s.ciphertextPrimeBits());
        assertNull(s.serializedParameters());
        assertEquals(0, s.threads());
        assertFalse(s.allowInsecureForTestsOnly());
        assertThrows(IllegalArgumentException.class, () -> HeParameterSpec.preset(" "));
        assertThrows(NullPointerException.class, () -> HeParameterSpec.preset(null));
    }

    @Test
    void explicitValidatesStructureAndCopiesArrays() {
        int[] q = {45, 40};
        int[] p = {50};
        HeParameterSpec s = HeParameterSpec.explicit(4096, 65537, q, p);
        q[0] = 1;
        p[0] = 1;
        assertArrayEquals(new int[] {45, 40}, s.ciphertextPrimeBits());
        assertArrayEquals(new int[] {50}, s.specialPrimeBits());
        s.ciphertextPrimeBits()[1] = 7;
        assertArrayEquals(new int[] {45, 40}, s.ciphertextPrimeBits());
        assertEquals(4096, s.degree());
        assertEquals(65537, s.plainModulus());
        assertThrows(IllegalArgumentException.class, () -> HeParameterSpec.explicit(0, 65537, new int[] {40}, new int[] {40}));
        assertThrows(IllegalArgumentException.class, () -> HeParameterSpec.explicit(4096, 1, new int[] {40}, new int[] {40}));
        assertThrows(IllegalArgumentException.class, () -> HeParameterSpec.explicit(4096, 65537, new int[0], new int[] {40}));
        assertThrows(IllegalArgumentException.class, () -> HeParameterSpec.explicit(4096, 65537, new int[] {40}, new int[0]));
        assertThrows(IllegalArgumentException.class, () -> HeParameterSpec.explicit(4096, 65537, new int[] {40, -1}, new int[] {40}));
        assertThrows(NullPointerException.class, () -> HeParameterSpec.explicit(4096, 65537, null, new int[] {40}));
    }

    @Test
    void serializedIsDefensivelyCopied() {
        byte[] b = {1, 2, 3};
        HeParameterSpec s = HeParameterSpec.serialized(b);
        b[0] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, s.serializedParameters());
        s.serializedParameters()[1] = 9;
        assertArrayEquals(new byte[] {1, 2, 3}, s.serializedParameters());
        assertEquals(HeParameterSpec.Kind.SERIALIZED, s.kind());
    }

    @Test
    void withersCopyAndKeepTheRest() {
        HeParameterSpec base = HeParameterSpec.explicit(2048, 12289, new int[] {30}, new int[] {31});
        HeParameterSpec t = base.withThreads(3);
        HeParameterSpec i = t.allowingInsecureForTestsOnly();
        assertEquals(0, base.threads());
        assertFalse(base.allowInsecureForTestsOnly());
        assertEquals(3, t.threads());
        assertFalse(t.allowInsecureForTestsOnly());
        assertEquals(3, i.threads());
        assertTrue(i.allowInsecureForTestsOnly());
        assertEquals(2048, i.degree());
        assertArrayEquals(new int[] {30}, i.ciphertextPrimeBits());
        assertTrue(i.toString().contains("INSECURE"));
        assertThrows(IllegalArgumentException.class, () -> base.withThreads(-1));
    }

    @Test
    void equalityIsByValue() {
        Random r = new Random(11);
        for (int k = 0; k < TRIES; k++) {
            int n = 1 << (4 + r.nextInt(12));
            int[] q = r.ints(1 + r.nextInt(4), 20, 60).toArray();
            int[] p = r.ints(1 + r.nextInt(2), 20, 60).toArray();
            int threads = r.nextInt(4);
            HeParameterSpec a = HeParameterSpec.explicit(n, 65537, q, p).withThreads(threads);
            HeParameterSpec b = HeParameterSpec.explicit(n, 65537, q.clone(), p.clone()).withThreads(threads);
            assertEquals(a, b);
            assertEquals(a.hashCode(), b.hashCode());
            assertNotEquals(a, a.allowingInsecureForTestsOnly());
            assertNotEquals(a, a.withThreads(threads + 1));
            int[] q2 = q.clone();
            q2[r.nextInt(q2.length)]++;
            assertNotEquals(a, HeParameterSpec.explicit(n, 65537, q2, p).withThreads(threads));
            assertNotEquals(a, HeParameterSpec.explicit(n * 2, 65537, q, p).withThreads(threads));
        }
        assertEquals(HeParameterSpec.preset("X"), HeParameterSpec.preset("X"));
        assertNotEquals(HeParameterSpec.preset("X"), HeParameterSpec.preset("Y"));
        assertEquals(HeParameterSpec.serialized(new byte[] {1, 2}), HeParameterSpec.serialized(new byte[] {1, 2}));
        assertNotEquals(HeParameterSpec.serialized(new byte[] {1, 2}), HeParameterSpec.serialized(new byte[] {1, 3}));
    }
}

package io.smile.he.api;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** he-api alone registers no backend: lookups must fail clearly, not return null. */
class HeBackendLookupTest {
    @Test
    void noBackendOnTheApiClassPath() {
        assertTrue(HeBackend.available().isEmpty());
        HeException e = assertThrows(HeException.class, () -> HeBackend.byName("bgv-java"));
        assertTrue(e.getMessage().contains("bgv-java"), e.getMessage());
        assertThrows(NullPointerException.class, () -> HeBackend.byName(null));
    }
}

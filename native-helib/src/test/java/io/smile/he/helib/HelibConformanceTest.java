package io.smile.he.helib;

import io.smile.he.api.conformance.HeBackendConformance;

/**
 * The backend conformance suite on HElib. The preset's full depth holds: HElib's chain for
 * N8192_DEPTH3 has three ciphertext primes (maxLevel 2) for the preset's four, and carries three
 * products in sequence because it drops primes inside its products itself (measured: 140 bits of
 * budget fresh, 49 left after the third squaring).
 */
class HelibConformanceTest extends HeBackendConformance {
    @Override
    protected String backendName() {
        return HelibBackend.NAME;
    }
}

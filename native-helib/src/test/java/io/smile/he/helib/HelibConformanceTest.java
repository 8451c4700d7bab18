package io.smile.he.helib;

import io.smile.he.api.conformance.HeBackendConformance;

/** The backend conformance suite on HElib. */
class HelibConformanceTest extends HeBackendConformance {
    @Override
    protected String backendName() {
        return HelibBackend.NAME;
    }

    /**
     * HElib's chain for N8192_DEPTH3 (159 requested bits: 3 ciphertext primes plus its small
     * primes) carries two products at t = 65537, not three: its third product exhausts the
     * budget (measured; see native-helib/README.md).
     */
    @Override
    protected int supportedDepth() {
        return 2;
    }
}

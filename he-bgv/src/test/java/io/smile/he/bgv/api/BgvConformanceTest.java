package io.smile.he.bgv.api;

import io.smile.he.api.conformance.HeBackendConformance;

/** The backend conformance suite (he-api's test-jar) on the pure-Java engine. */
class BgvConformanceTest extends HeBackendConformance {
    @Override
    protected String backendName() {
        return BgvBackend.NAME;
    }
}

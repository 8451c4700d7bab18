package io.smile.simulator;

/** Which OPC UA endpoints the simulator offers (all on the same port and path). */
public enum SimulatorSecurity {
    /** SecurityPolicy None only: plain-text, for loopback tests. */
    NONE,
    /**
     * Basic256Sha256 with SignAndEncrypt only, using a self-signed certificate generated at start
     * (plus an unsecured {@code <path>/discovery} endpoint for GetEndpoints).
     */
    BASIC256SHA256,
    /** Both of the above (the default). */
    BOTH
}

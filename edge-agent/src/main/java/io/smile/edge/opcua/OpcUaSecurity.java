package io.smile.edge.opcua;

/** Transport security of the agent's OPC UA connection. */
public enum OpcUaSecurity {
    /** SecurityPolicy None, anonymous: for an isolated machine network or loopback. */
    NONE,
    /**
     * SecurityPolicy Basic256Sha256 with SignAndEncrypt, anonymous identity: the agent presents a
     * self-signed application certificate kept in {@code <state-dir>/opcua/} and pins the server's
     * certificate on first use.
     */
    BASIC256SHA256
}

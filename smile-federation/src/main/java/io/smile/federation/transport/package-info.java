/**
 * How the runtime's parties exchange messages: {@link io.smile.federation.transport.Transport}
 * (publish/subscribe with byte counters; the sender is named by its topic, which the broker's ACLs
 * bind to the client's identity) and its MQTT v5 implementation. May depend on Paho and the JDK's
 * TLS; not on the rest of the federation.
 */
package io.smile.federation.transport;

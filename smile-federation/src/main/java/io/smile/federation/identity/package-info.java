/**
 * Long-term signing identities of a federation's members and coordinator (Ed25519 from the JDK,
 * RFC 8032), enrolled out of band: a {@link io.smile.federation.identity.SigningIdentity} is one
 * party's key pair (its private key stays with that party), a {@link io.smile.federation.identity.Roster}
 * maps every party id (0 = the coordinator) to its public key and verifies signatures.
 *
 * <p>May depend on the JDK ({@code java.security}) and on {@code io.smile.protocol.GatewayIdentity}, the
 * product's one Ed25519 key holder, which it adds party ids and files to; the runtime ({@code io.smile.federation})
 * depends on it, not the other way round.
 */
package io.smile.federation.identity;

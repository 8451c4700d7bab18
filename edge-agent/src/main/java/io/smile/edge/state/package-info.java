/**
 * The agent's state directory: {@link io.smile.edge.state.KeyStore} (the BGV secret key, 0600, and
 * the public material bound to it), {@link io.smile.edge.state.IdentityStore} (the gateway's
 * Ed25519 identity that signs its registrations, 0600), {@link io.smile.edge.state.StateDirectoryLock} (one agent per
 * directory) and {@link io.smile.edge.state.StateFiles} (atomic fsync'ed writes, owner-only
 * directories, permission checks) used by every package that writes there.
 *
 * <p>May depend on: {@link io.smile.edge.EdgeAgentException}, he-api, smile-protocol's
 * {@code GatewayIdentity}. Nothing else of the agent.
 */
package io.smile.edge.state;

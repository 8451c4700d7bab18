/**
 * {@code smile edge}: the gateway's agent as deployed (fleet file, gateway, state directory, an
 * optional Prometheus endpoint on loopback), over edge-agent's public API only.
 */
package io.smile.cli.edge;

/**
 * The OPC UA side (Eclipse Milo client): {@link io.smile.edge.opcua.OpcUaSource} subscribes to every
 * machine's nodes (or reads them at every sampling tick, for servers that report only changes) and
 * reconnects, {@link io.smile.edge.opcua.SampleAssembler} turns per-node values into untorn
 * {@link io.smile.edge.opcua.Sample}s and counts what is missed (Sequence gaps, silent ticks), and
 * {@link io.smile.edge.opcua.OpcUaIdentity} / {@link io.smile.edge.opcua.OpcUaSecurity} hold the
 * agent's application certificate and the pinned server certificate. Sensor values are never logged.
 *
 * <p>May depend on: {@code state} (private files), {@code metrics} (counters),
 * {@link io.smile.edge.EdgeAgentException}, {@link io.smile.edge.Failures} (log lines), hw-profiles, Milo. Not on the later stages.
 */
package io.smile.edge.opcua;

/**
 * The SMiLe edge agent of one gateway, as a library and a command line: {@link io.smile.edge.EdgeAgent}
 * (a lifecycle facade: start, flush, metrics snapshot, stop), its configuration
 * {@link io.smile.edge.EdgeAgentConfig}, the values it hands out ({@link io.smile.edge.WindowResult},
 * {@link io.smile.edge.EdgeMetrics}), {@link io.smile.edge.EdgeAgentException} and
 * {@link io.smile.edge.EdgeAgentCli}.
 *
 * <p>Data flow, one package per role: {@code opcua} (samples) → {@code window} (quantized feature
 * windows) → {@code batch} (encrypted batches in the outbox) → {@code mqtt} (publish, key
 * registration, results in) → {@code result} (decrypted scores, alerts); {@code state} keeps keys and
 * files, {@code metrics} the counters and their Micrometer view.
 *
 * <p>Dependencies: this package wires all the others. They may use from it only
 * {@link io.smile.edge.EdgeAgentException}, {@link io.smile.edge.Failures} (log lines),
 * {@link io.smile.edge.WindowResult} and {@link io.smile.edge.EdgeMetrics} (and {@code metrics} the facade it binds to). The CLI uses
 * only the public API, so it can live in another module.
 */
package io.smile.edge;

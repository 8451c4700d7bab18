/**
 * The agent's counters and their views: {@link io.smile.edge.metrics.Counters} (live, updated by
 * every stage; {@code snapshot()} gives an {@link io.smile.edge.EdgeMetrics}),
 * {@link io.smile.edge.metrics.EdgeAgentMeters} (Micrometer binder) and
 * {@link io.smile.edge.metrics.MetricsEndpoint} (Prometheus over HTTP). Counts and times only,
 * never a sensor value or a score.
 *
 * <p>May depend on: {@link io.smile.edge.EdgeAgent} and {@link io.smile.edge.EdgeMetrics}, Micrometer,
 * the JDK HTTP server.
 */
package io.smile.edge.metrics;

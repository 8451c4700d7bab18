/**
 * {@code smile demo}: the whole product on one machine (training, embedded broker with a throwaway CA,
 * OPC UA simulator, the cloud service as its own process, an edge agent) and its end-to-end checks.
 *
 * <p>{@link io.smile.cli.demo.MainJob#call()} is the demo's script, one method per step;
 * {@code DemoPki} makes the certificates, {@code CloudProcess} runs the cloud service's jar (and
 * holds the run's API token), {@code DemoSummary} checks and prints the outcome.
 *
 * <p>A composition root: may depend on every product module it starts (pdm, machine-simulator,
 * edge-agent, smile-broker, hw-profiles) but not on cloud-service, which it launches as a process.
 */
package io.smile.cli.demo;

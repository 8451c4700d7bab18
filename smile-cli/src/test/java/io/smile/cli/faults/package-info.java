/**
 * The fault suite of issue 17 ("nothing lost, nothing stuck"): the real product's processes — a
 * Mosquitto that persists on every change, the Milo machine simulator, the edge agent as its own JVM
 * ({@code smile edge}), the Quarkus cloud service as its own JVM — run on loopback while the suite
 * kills, stops and restarts them, fills the edge's disk, loads the machine with CPU hogs or floods
 * the cloud with extra gateways. Every scenario counts the windows the simulator produced (its Sample sequences) against
 * the edge's {@code results.jsonl}: scored, lost, duplicated, never read (edge down).
 *
 * <p>Harness: smile-broker's {@code MosquittoBroker} (saving on every change), {@code Processes} and
 * {@code SmallFileSystem} (the edge's disk), {@link io.smile.cli.faults.CloudNode},
 * {@link io.smile.cli.faults.EdgeNode}, {@link io.smile.cli.faults.SampleStream},
 * {@link io.smile.cli.faults.DeliveryCount}, {@link io.smile.cli.faults.FaultRig}; the scenarios are in
 * {@link io.smile.cli.faults.FaultSuiteTest} (tag {@code faults}).
 *
 * <p>May depend on: the simulator, the edge agent's public API, smile-broker (free ports), pdm (the
 * model), hw-profiles (the fleet), JUnit; the cloud only as a jar started in a process.
 */
package io.smile.cli.faults;

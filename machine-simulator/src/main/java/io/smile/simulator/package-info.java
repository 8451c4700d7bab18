/**
 * The OPC UA machine simulator: a real Eclipse Milo server that exposes simulated AI4I milling
 * machines with the node ids of their machine profiles, for the demo, the tests and trying a
 * gateway without a factory.
 *
 * <p>{@link io.smile.simulator.MachineSimulator} is the running server, configured by a
 * {@link io.smile.simulator.SimulatorConfig} (machines from profiles or a fleet's gateway, data
 * set replay or generator, rate, address, port, endpoint security). Starting one checks the
 * profiles against the AI4I sensors, gives every machine its record stream, then builds the server
 * in steps: the self-signed certificate and its certificate manager
 * ({@code ServerCertificate}), the endpoints for the chosen
 * {@link io.smile.simulator.SimulatorSecurity}, the namespaces and machine nodes
 * ({@code MachineNamespaces}, {@code MachineNamespace}), then the listener (another free port if
 * the chosen one was taken meanwhile). Every published sample goes to the nodes and to the
 * listeners as a {@link io.smile.simulator.PublishedRecord}. Failures are
 * {@link io.smile.simulator.SimulatorException}s whose messages name the profile, file or port.
 *
 * <p>May depend on hw-profiles (machine profiles, fleets), ai4i-data (records, the data set reader
 * and the generator), the Milo server SDK and SLF4J; nothing of SMiLe depends on it but the
 * command line ({@code ./smile simulator}, the demo) and tests.
 */
package io.smile.simulator;

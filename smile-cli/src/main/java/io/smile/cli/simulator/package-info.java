/**
 * {@code smile simulator}: the OPC UA machine simulator as a server process.
 */
package io.smile.cli.simulator;

/**
 * Histories to train on: {@link io.smile.simulator.history.PumpHistoryGenerator} writes
 * run-to-failure histories of the shipped {@code centrifugal-pump} profile as a CSV that
 * {@code smile train --profile centrifugal-pump --data ...} reads. Deterministic for a seed
 * (java.util.Random: this is simulated data, not key material).
 *
 * <p>Depends on nothing but the JDK.
 */
package io.smile.simulator.history;

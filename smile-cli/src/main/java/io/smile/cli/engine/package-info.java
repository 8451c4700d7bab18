/**
 * {@code smile engine}: the engine-only demo, encrypted scoring of simulated readings compared slot by
 * slot with plaintext. Depends on he-bgv only.
 */
package io.smile.cli.engine;

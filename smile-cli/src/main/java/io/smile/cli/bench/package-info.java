/**
 * {@code smile bench}: options and report of the engine benchmark over {@code he-bench}'s harness.
 */
package io.smile.cli.bench;

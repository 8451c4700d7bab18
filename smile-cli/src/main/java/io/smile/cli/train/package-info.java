/**
 * {@code smile train}: the model owner's training command over {@code pdm}'s training job.
 */
package io.smile.cli.train;

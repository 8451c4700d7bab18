/**
 * The root of the {@code smile} command line ({@link io.smile.cli.SmileCli}): the jobs it registers and
 * their one error contract. A composition root: it may depend on every module but the cloud service.
 */
package io.smile.cli;

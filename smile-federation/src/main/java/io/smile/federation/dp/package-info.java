/**
 * Distributed differential privacy for secure sums: each member adds a share of discrete Gaussian
 * noise before encrypting, so that the released sum carries the whole noise, with zCDP accounting.
 * Jobs use it; the runtime knows nothing of it. Depends on the JDK only.
 */
package io.smile.federation.dp;

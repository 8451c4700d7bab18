/**
 * Differential privacy for the comparison: central DP (the model owner trains on pooled rows with
 * clipped, Gaussian-noised full-batch gradients, accounted in zCDP) and local DP (each factory
 * perturbs each record's features with the Laplace mechanism before pooling). Noise comes from the
 * Random handed in: a SecureRandom in {@code smile compare}, a seeded one only in tests.
 */
package io.smile.compare.dp;

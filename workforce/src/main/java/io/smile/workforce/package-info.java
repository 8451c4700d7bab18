/**
 * Workforce segmentation on HR data: federated k-means over organisational units
 * ({@link io.smile.workforce.FederatedKMeansJob}, found by hosts as {@code workforce-kmeans} through
 * {@link io.smile.workforce.FederatedKMeansJobFactory}), the HR encoding and data set, and encrypted
 * segment assignment (the unit encrypts, the cloud computes distances to the centroids, the unit
 * decrypts). May depend on the federation runtime, its DP mechanism and member options, the engine ({@code he-api},
 * {@code he-bgv}), smile-protocol's message codec, Jackson and picocli; never on the cloud service.
 */
package io.smile.workforce;

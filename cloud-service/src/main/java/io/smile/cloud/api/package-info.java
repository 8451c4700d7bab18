/**
 * The REST API: gateway, model and segment resources, the bearer-token authentication
 * ({@code ApiTokens}, {@code ApiTokenAuth}) and roles every resource declares, the SmallRye health
 * checks, and {@code Deregistration} (forget an id and clear its retained keys on the broker).
 * Resources show metadata only: never key material, weights or centroids.
 *
 * <p>May depend on {@code io.smile.cloud} (configuration), {@code scoring}, {@code segments},
 * {@code mqtt}, {@code intake}, {@code smile-protocol} and Quarkus (REST, security, health). The
 * federation resource lives in {@code federation} and uses the roles defined here.
 */
package io.smile.cloud.api;

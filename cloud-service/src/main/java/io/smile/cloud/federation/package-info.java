/**
 * Federations coordinated by the service: {@code FederationHost} runs a coordinator per federation
 * (no key share; its own MQTT client; one long-term Ed25519 signing identity for all of them, and
 * the roster of member keys given with each federation) and installs what the members release, a
 * PdM model into the scoring {@code ModelRegistry} or centroids as the segment model;
 * {@code FederationResource} is its REST face ({@code /federations}, {@code /federations/identity}).
 *
 * <p>May depend on {@code scoring} (model registry), {@code segments} (segment model),
 * {@code api} (role names), {@code smile-federation}, {@code smile-ml} and
 * {@code workforce-segmentation}.
 */
package io.smile.cloud.federation;

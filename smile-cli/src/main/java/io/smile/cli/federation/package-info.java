/**
 * {@code smile federation}: federated PdM training in one process over an embedded broker, one site
 * joining a cloud-hosted federation, a site's signing identity ({@code identity}), and the
 * secure-sum and signing-overhead benchmarks; the member options (broker, TLS stores, state
 * directory with the signing identity, roster) shared with {@code smile workforce member}.
 */
package io.smile.cli.federation;

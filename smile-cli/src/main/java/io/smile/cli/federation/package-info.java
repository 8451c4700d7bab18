/**
 * {@code smile federation}: federated PdM training in one process over an embedded broker, one site
 * joining a cloud-hosted federation, and the secure-sum benchmark; the member options (broker, TLS
 * stores) shared with {@code smile workforce member}.
 */
package io.smile.cli.federation;

/**
 * The cloud service application: its configuration ({@link io.smile.cloud.SmileConfig}, every
 * {@code smile.*} property), the CDI producers that build the parts from it
 * ({@link io.smile.cloud.CloudProducers}) and their start and orderly stop
 * ({@link io.smile.cloud.CloudService}). Nothing else lives here.
 *
 * <p>May depend on every package of the service (it wires them) and on what they depend on. Only
 * {@code api} depends back on it, for {@code SmileConfig}.
 */
package io.smile.cloud;

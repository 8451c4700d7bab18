/**
 * What a deployment is made of, as immutable records: machine profiles (OPC UA node ids, sensors,
 * the window, derived signals and the model's input features), gateway profiles (hardware and
 * BGV parameters) and fleets (tenant, broker, gateways and their machines), plus
 * {@link io.smile.profiles.FeatureExtractor}, which turns a window of samples into the model's
 * inputs the same way on the gateway and in training. {@link io.smile.profiles.ProfileLoader} is
 * the entry point for reading them; the reading itself is in {@link io.smile.profiles.load}.
 * Every problem is a {@link io.smile.profiles.ProfileError} {@code file: $.path: message}.
 *
 * <p>May depend on the JDK and on he-api's tables ({@link io.smile.he.api.HePreset},
 * {@link io.smile.he.api.HeSecurityStandard}); only {@code ProfileLoader} uses the {@code load}
 * subpackage. No engine, no YAML or JSON library in the records.
 */
package io.smile.profiles;

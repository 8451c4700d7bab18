/**
 * How profile and fleet files are read: {@link io.smile.profiles.load.YamlDocument} (a file's text
 * and the name errors use), {@link io.smile.profiles.load.SchemaValidator} (YAML parsing and the
 * JSON Schemas in {@code schemas/}), one reader per kind of file
 * ({@link io.smile.profiles.load.MachineProfileReader},
 * {@link io.smile.profiles.load.GatewayProfileReader}, {@link io.smile.profiles.load.FleetReader})
 * for the cross-checks a schema cannot express, and {@link io.smile.profiles.load.ProfileResolver}
 * (profile ids of a fleet to profiles: files next to the fleet override the built-ins). All
 * problems of a file are collected and thrown together as one
 * {@link io.smile.profiles.ProfileException}.
 *
 * <p>May depend on the records of {@link io.smile.profiles}, he-api's tables, Jackson (YAML) and
 * networknt json-schema-validator. Other modules use {@link io.smile.profiles.ProfileLoader}, not
 * this package.
 */
package io.smile.profiles.load;

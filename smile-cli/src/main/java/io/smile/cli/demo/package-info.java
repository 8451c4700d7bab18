/**
 * {@code smile demo}: the whole product on one machine (training, embedded broker with a throwaway CA,
 * OPC UA simulator, the cloud service as its own process, an edge agent) and its end-to-end checks.
 */
package io.smile.cli.demo;

/**
 * The backend conformance suite: {@link io.smile.he.api.conformance.HeBackendConformance}, written
 * once against {@code io.smile.he.api} and subclassed by every backend's tests (published in
 * he-api's test-jar), so each backend is held to the same observable behaviour: every operation
 * against plaintext arithmetic, the edge cases, serialization, refusal of insecure parameters,
 * hostile bytes and use after close.
 */
package io.smile.he.api.conformance;

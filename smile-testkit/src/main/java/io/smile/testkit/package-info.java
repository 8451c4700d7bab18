/**
 * Test fixtures shared by the modules' tests: the real data sets ({@link io.smile.testkit.Datasets},
 * skipped when absent, a failure in CI), the MQTT broker of a test ({@link io.smile.testkit.TestBroker}:
 * embedded HiveMQ on loopback with restarts on the same port, or the Mosquitto of
 * {@code SMILE_TEST_MOSQUITTO_URL}) and a test MQTT client on the product's session
 * ({@link io.smile.testkit.TestMqttClient}).
 *
 * <p>Used at test scope only. May depend on JUnit, smile-protocol (the session) and smile-broker (the
 * embedded broker), both optional: a module that uses the MQTT fixtures declares them itself, so the
 * data-set users get no broker on their test class path. smile-protocol and smile-broker must not use
 * this module (that would be a reactor cycle).
 */
package io.smile.testkit;

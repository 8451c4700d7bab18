package io.smile.protocol.mqtt;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link MqttSession} against Mosquitto: the broker at {@code SMILE_TEST_MOSQUITTO_URL} (plain MQTT on
 * loopback, which {@code .ci/run} starts). Skipped when the variable is not set.
 */
class MosquittoSessionTest extends SessionContract {
    private static final String URL = System.getenv("SMILE_TEST_MOSQUITTO_URL");

    @BeforeAll
    static void needsMosquitto() {
        Assumptions.assumeTrue(URL != null && !URL.isBlank(),
                "SMILE_TEST_MOSQUITTO_URL is not set: the MqttSession tests against Mosquitto are skipped (.ci/run starts one)");
    }

    @Override
    String url() {
        return URL;
    }
}

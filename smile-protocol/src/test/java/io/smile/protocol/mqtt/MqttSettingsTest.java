package io.smile.protocol.mqtt;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MqttSettingsTest {
    @Test
    void settingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> MqttSettings.of("http://127.0.0.1:1", "c"));
        assertThrows(IllegalArgumentException.class, () -> MqttSettings.of("tcp://127.0.0.1:1", ""));
        assertThrows(IllegalArgumentException.class, () -> MqttSettings.of("127.0.0.1:1883", "c"));
        assertThrows(IllegalArgumentException.class, () -> MqttSettings.of("tcp://127.0.0.1:1", "c").withKeepAlive(70_000));
        assertThrows(IllegalArgumentException.class, () -> MqttSettings.of("tcp://127.0.0.1:1", "c").withPersistentSession(-1));
        assertThrows(IllegalArgumentException.class, () -> MqttSettings.of("tcp://127.0.0.1:1", "c")
                .withTls(javax.net.ssl.HttpsURLConnection.getDefaultSSLSocketFactory()), "TLS on a plain URL");
        MqttSettings s = MqttSettings.of("ssl://127.0.0.1:8883", "gw-1").withCredentials("gw-1", java.util.Optional.of("secret"));
        assertTrue(s.isTls());
        assertFalse(s.toString().contains("secret"), s.toString());
    }
}

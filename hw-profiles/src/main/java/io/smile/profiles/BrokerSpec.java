package io.smile.profiles;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * The MQTT broker of a fleet.
 *
 * @param url {@code tcp://host:port} or {@code ssl://host:port}
 * @param tls TLS settings (only with {@code ssl://}; without them the JVM's default trust applies)
 */
public record BrokerSpec(URI url, Optional<TlsSettings> tls) {
    public BrokerSpec {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(tls, "tls");
    }

    public boolean usesTls() {
        return "ssl".equals(url.getScheme());
    }
}

package io.smile.profiles;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS settings for an {@code ssl://} broker. Passwords are never stored in fleet files: only the
 * name of the environment variable holding the truststore password.
 *
 * @param truststore            truststore file, resolved against the fleet file's directory
 *                              (not checked for existence when the fleet is loaded)
 * @param truststoreType        PKCS12 (default) or JKS
 * @param truststorePasswordEnv environment variable holding the truststore password, if any
 */
public record TlsSettings(Path truststore, String truststoreType, Optional<String> truststorePasswordEnv) {
    public TlsSettings {
        Objects.requireNonNull(truststore, "truststore");
        Objects.requireNonNull(truststoreType, "truststoreType");
        Objects.requireNonNull(truststorePasswordEnv, "truststorePasswordEnv");
    }
}

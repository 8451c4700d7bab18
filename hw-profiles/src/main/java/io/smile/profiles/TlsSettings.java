package io.smile.profiles;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * TLS settings for an {@code ssl://} broker. Passwords are never stored in fleet files: only the
 * name of an environment variable or of a file (first line, e.g. a mounted secret) holding them.
 *
 * @param truststore            truststore file (the CA that signed the broker's certificate),
 *                              resolved against the fleet file's directory (existence is checked
 *                              when the agent connects, not when the fleet is loaded)
 * @param truststoreType        PKCS12 (default) or JKS
 * @param truststorePassword    where the truststore password is, if it has one
 * @param keystore              the gateway's own certificate and key for brokers that require
 *                              mutual TLS, resolved like the truststore; may contain
 *                              {@value #GATEWAY_PLACEHOLDER}, replaced by the gateway id
 * @param keystoreType          PKCS12 (default) or JKS
 * @param keystorePassword      where the keystore password is (a file name may contain the
 *                              placeholder too)
 */
public record TlsSettings(Path truststore, String truststoreType, Optional<PasswordSource> truststorePassword,
                          Optional<Path> keystore, String keystoreType, Optional<PasswordSource> keystorePassword) {
    public static final String GATEWAY_PLACEHOLDER = "{gateway}";

    public TlsSettings {
        Objects.requireNonNull(truststore, "truststore");
        Objects.requireNonNull(truststoreType, "truststoreType");
        Objects.requireNonNull(truststorePassword, "truststorePassword");
        Objects.requireNonNull(keystore, "keystore");
        Objects.requireNonNull(keystoreType, "keystoreType");
        Objects.requireNonNull(keystorePassword, "keystorePassword");
    }

    /** Server authentication only: no client certificate. */
    public TlsSettings(Path truststore, String truststoreType, Optional<PasswordSource> truststorePassword) {
        this(truststore, truststoreType, truststorePassword, Optional.empty(), "PKCS12", Optional.empty());
    }

    /** An environment variable or a file that holds a password. */
    public sealed interface PasswordSource {
        /** The password, or a message naming the variable or file that is missing. */
        char[] read(String gatewayId);
    }

    /** The value of an environment variable. */
    public record PasswordEnv(String variable) implements PasswordSource {
        @Override
        public char[] read(String gatewayId) {
            String v = System.getenv(variable);
            if (v == null) {
                throw new IllegalStateException("the environment variable " + variable + " named in the fleet's broker.tls is not set");
            }
            return v.toCharArray();
        }
    }

    /** The first line of a file ({@value #GATEWAY_PLACEHOLDER} replaced by the gateway id). */
    public record PasswordFile(Path file) implements PasswordSource {
        @Override
        public char[] read(String gatewayId) {
            Path f = Path.of(file.toString().replace(GATEWAY_PLACEHOLDER, gatewayId));
            try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(f)) {
                String line = r.readLine();
                return line == null ? new char[0] : line.toCharArray();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read the password file " + f + " named in the fleet's broker.tls: " + e, e);
            }
        }
    }

    /** The key store of {@code gatewayId} (the placeholder replaced), if mutual TLS is configured. */
    public Optional<Path> keystoreFor(String gatewayId) {
        return keystore.map(k -> Path.of(k.toString().replace(GATEWAY_PLACEHOLDER, gatewayId)));
    }
}

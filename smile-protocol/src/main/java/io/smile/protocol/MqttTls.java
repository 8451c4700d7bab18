package io.smile.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the MQTT clients of the edge agent, the cloud service and federation members: the
 * broker's certificate is checked against a trust store (the JVM's default when none is given),
 * and a key store, when given, supplies the client's own certificate for brokers that require
 * mutual TLS. Host names are verified by the MQTT client (Paho does by default).
 */
public final class MqttTls {
    private MqttTls() {
    }

    /**
     * A key or trust store file.
     *
     * @param path     the file
     * @param type     {@code PKCS12} or {@code JKS}
     * @param password its password (empty: none)
     */
    public record StoreFile(Path path, String type, Optional<char[]> password) {
        public StoreFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(password, "password");
        }
    }

    /**
     * A socket factory trusting {@code truststore} (or the JVM's default trust when empty) and
     * presenting the key in {@code keystore} when present.
     *
     * @throws IllegalArgumentException naming the file when a store cannot be read (missing, wrong
     *                                  password, wrong type)
     */
    public static SSLSocketFactory socketFactory(Optional<StoreFile> truststore, Optional<StoreFile> keystore) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(truststore.isPresent() ? load(truststore.get(), "trust store") : null);
            KeyManagerFactory kmf = null;
            if (keystore.isPresent()) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(load(keystore.get(), "key store"), keystore.get().password().orElse(new char[0]));
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ctx.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up TLS for MQTT: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(StoreFile f, String what) {
        try (InputStream in = Files.newInputStream(f.path())) {
            KeyStore ks = KeyStore.getInstance(f.type());
            ks.load(in, f.password().orElse(null));
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot read the MQTT " + what + " " + f.path() + " (" + f.type() + "): "
                    + e.getMessage(), e);
        }
    }
}
